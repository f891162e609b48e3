import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { launchRolePolicy } from '../../products/launch-role/template';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/example-app';
import { findProduct, launchesWithLaunchRole, PRODUCTS } from '../../products/registry';

/** Every version the registry ships, in order, as the product's provisioning artifacts. */
const artifactsOf = (productId: string) => findProduct(productId)!.versions.map(({ name }) => Match.objectLike({ Name: name }));

describe('portfolio stack (example manifest)', () => {
  let stacks: ReturnType<typeof buildTestApp>['portfolioStacks'];
  let home: Template;
  let other: Template;

  beforeAll(() => {
    ({ portfolioStacks: stacks } = buildTestApp(undefined, { nag: false }));
    home = Template.fromStack(stacks[0]);
    other = Template.fromStack(stacks[1]);
  });

  it('deploys one portfolio stack per governed Region, in the hub account, home Region first', () => {
    expect(stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['FalconPortfolio-us-east-1', '111111111111', 'us-east-1'],
      ['FalconPortfolio-us-west-2', '111111111111', 'us-west-2'],
      ['FalconPortfolio-eu-west-1', '111111111111', 'eu-west-1'],
    ]);
    expect(stacks[1].dependencies).toContain(stacks[0]);
  });

  it('publishes the internal launch-role and directory products and every enabled product with its versions', () => {
    for (const t of [home, other]) {
      const names = Object.values(t.findResources('AWS::ServiceCatalog::CloudFormationProduct')).map((r) => r.Properties.Name);
      // Every product of the registry the example enables (the blueprint's baseline is published in the home Region).
      expect(names).toEqual(expect.arrayContaining(PRODUCTS.filter((p) => p.id !== 'falcon-baseline').map((p) => p.displayName)));
      t.hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
        Name: 'CrowdStrike Falcon - directory',
        ProvisioningArtifactParameters: artifactsOf('directory'),
      });
    }
    home.hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
      Name: 'CrowdStrike Falcon - launch role',
      ProvisioningArtifactParameters: artifactsOf('launch-role'),
    });
    home.hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
      Name: 'CrowdStrike Falcon - IOM reader role',
      ProvisioningArtifactParameters: artifactsOf('iom'),
      SupportEmail: 'security-platform@example.com',
      SupportUrl: 'https://wiki.example.com/falcon',
    });
    home.hasResourceProperties('AWS::ServiceCatalog::Portfolio', {
      DisplayName: 'CrowdStrike Falcon Cloud Security',
      ProviderName: 'Platform Security',
    });
  });

  it('launches IOM with the local launch role, and the launch-role and directory products without a constraint', () => {
    // One constraint per product but the two the lifecycle launches with its own rights (they start together, so a
    // vend has one record before its products): IOM only, in every Region.
    const constrained = (t: Template) =>
      Object.values(t.findResources('AWS::ServiceCatalog::LaunchRoleConstraint')).map((c) => JSON.stringify(c.Properties.ProductId));
    for (const t of [home, other]) {
      const products = t.findResources('AWS::ServiceCatalog::CloudFormationProduct');
      const idOf = (name: string) => Object.keys(products).find((k) => products[k].Properties.Name === name);
      const expected = PRODUCTS.filter((p) => launchesWithLaunchRole(p.id) && idOf(p.displayName) !== undefined);
      expect(expected.map((p) => p.id)).toContain('iom');
      expect(constrained(t).sort()).toEqual(expected.map((p) => JSON.stringify({ Ref: idOf(p.displayName) })).sort());
    }
    home.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', {
      LocalRoleName: { Ref: Match.stringLikeRegexp('^LaunchRole') },
    });
    other.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', { LocalRoleName: 'FalconCatalogLaunchRole' });
  });

  it('lets the lifecycle core rewrite the parameter tags of every product on update', () => {
    home.resourceCountIs('AWS::ServiceCatalog::ResourceUpdateConstraint', Object.keys(home.findResources('AWS::ServiceCatalog::CloudFormationProduct')).length);
    home.hasResourceProperties('AWS::ServiceCatalog::ResourceUpdateConstraint', { TagUpdateOnProvisionedProduct: 'ALLOWED' });
  });

  it('creates the hub launch role only in the home Region, trusted by Service Catalog alone', () => {
    home.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'FalconCatalogLaunchRole',
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'servicecatalog.amazonaws.com' } }],
      },
    });
    expect(Object.values(other.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName)).not.toContain(
      'FalconCatalogLaunchRole',
    );
  });

  it('gives the hub launch role the same rights as the newest launch-role product, Falcon directory included', () => {
    const [hubRole] = Object.values(home.findResources('AWS::IAM::Role', { Properties: { RoleName: 'FalconCatalogLaunchRole' } }));
    const statements = hubRole.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement);
    // One source of truth: both are built by products/launch-role/template.ts launchRolePolicy().
    expect(statements).toEqual(new Stack().resolve(launchRolePolicy().toJSON()).Statement);
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(expect.arrayContaining(['FalconDirectoryRead', 'FalconDirectoryWrite']));
  });

  it('creates the product boundary beside the hub launch role, in the home Region only', () => {
    home.hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'FalconCatalogProductBoundary', Path: '/falcon-catalog/' });
    other.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('keeps the retired versions published but DEPRECATED, in every Region', () => {
    for (const t of [home, other]) {
      const [guidance] = Object.values(t.findResources('Custom::FalconArtifactGuidance'));
      const products = guidance.Properties.Products as Array<{ ProductId: { Ref: string }; Retired: string[] }>;
      // Every published product's retired versions, as the registry states them; the launch role and directory retire nothing.
      const retiring = PRODUCTS.filter((p) => p.versions.some((v) => v.retired !== undefined));
      expect(products.map((p) => p.Retired)).toEqual(
        retiring.filter((p) => products.some((g) => g.ProductId.Ref.toLowerCase().startsWith(p.id.replace(/-/g, '')))).map((p) => p.versions.filter((v) => v.retired !== undefined).map((v) => v.name)),
      );
      expect(products.length).toBeGreaterThan(0);
    }
    const [policy] = Object.values(home.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('^GuidanceHandler') } }));
    const catalog = (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('servicecatalog:')),
    );
    // Only the products it updates, by ID (a Join of partition, Region, account and the product's Ref).
    expect(catalog).toHaveLength(1);
    expect(catalog[0].Action).toEqual(['servicecatalog:ListProvisioningArtifacts', 'servicecatalog:UpdateProvisioningArtifact']);
    for (const resource of [catalog[0].Resource].flat()) expect(resource).toEqual(expect.objectContaining({ 'Fn::Join': expect.anything() }));
  });

  it('associates the IAM_PATTERN principals and the TagOptions', () => {
    home.hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalType: 'IAM_PATTERN',
      PrincipalARN: 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AWSAdministratorAccess_*',
    });
    home.resourceCountIs('AWS::ServiceCatalog::TagOption', 2);
    home.hasResourceProperties('AWS::ServiceCatalog::TagOption', { Key: 'cost-center', Value: 'security' });
    home.resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 2);
  });

  it('shares through the custom resource with OUs (paths kept for deploy-time resolution) and accounts', () => {
    home.hasResourceProperties('Custom::FalconPortfolioShare', {
      PortfolioId: { Ref: Match.stringLikeRegexp('^Portfolio') },
      OrganizationId: 'o-exampleorgid',
      ShareWithOrganization: 'false',
      OrganizationalUnits: ['Root/Workloads', 'Root/Sandbox', 'ou-exmp-33333333'],
      Accounts: ['444444444444'],
      ShareTagOptions: 'true',
      SharePrincipals: 'true',
    });
  });

  it('lets the share handler act on this portfolio only, and read this organisation only', () => {
    const policies = home.findResources('AWS::IAM::Policy', {
      Properties: { PolicyName: Match.stringLikeRegexp('ShareHandlerRole') },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const write = statements.find((s) => [s.Action].flat().includes('servicecatalog:CreatePortfolioShare'));
    expect(JSON.stringify(write.Resource)).toContain(':catalog:');
    expect(JSON.stringify(write.Resource)).toContain('portfolio/');
    const orgReads = statements.find((s) => [s.Action].flat().includes('organizations:ListOrganizationalUnitsForParent'));
    expect(JSON.stringify(orgReads.Resource)).toContain(':organizations::111111111111:ou/o-exampleorgid/ou-*');
    for (const s of statements) expect([s.Action].flat().every((a: string) => !a.endsWith(':*'))).toBe(true);
  });

  it('keeps product assets in a bucket readable only inside the organisation, over TLS, encrypted', () => {
    home.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'falcon-catalog-assets-111111111111-us-east-1',
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const policy = Object.values(home.findResources('AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p).includes('OrganisationReadsProductAssets'),
    );
    const statements = policy!.Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Sid: 'OrganisationReadsProductAssets',
          Action: 's3:GetObject',
          Principal: { AWS: '*' },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } },
        }),
      ]),
    );
  });

  it('registers every stack with the Region\'s AppRegistry application and a deployment attribute group', () => {
    home.hasResourceProperties('AWS::ServiceCatalogAppRegistry::Application', { Name: 'crowdstrike-falcon-catalog' });
    home.hasResourceProperties('AWS::ServiceCatalogAppRegistry::AttributeGroup', {
      Attributes: Match.objectLike({ partition: 'aws', homeRegion: 'us-east-1', falconCloud: 'us-1' }),
    });
    home.resourceCountIs('AWS::ServiceCatalogAppRegistry::AttributeGroupAssociation', 1);
    expect(JSON.stringify(home.toJSON())).toContain('AWS::ServiceCatalogAppRegistry::ResourceAssociation');
  });

  it('runs every Lambda on the newest Node.js runtime', () => {
    for (const fn of Object.values(home.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    }
  });
});

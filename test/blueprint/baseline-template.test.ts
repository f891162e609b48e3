/**
 * The falcon-baseline product template and the hub's AFC wiring: conditions, launch-role-first order, the
 * managed-by tag, every provisioning parameter taken from the broker custom resource, and the pinned versions'
 * parameter lists matching their published snapshots.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_V1_COMPONENTS } from '../../products/falcon-baseline/definition';
import { findProduct } from '../../products/registry';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import { buildTestApp } from '../helpers/example-app';
import { evaluator, Json, resourcesOfType, synthesizeProducts } from '../products/product-templates';
import { blueprintManifest, CONSOLE_ROLE } from './blueprint-app';

const PROVISIONED = 'AWS::ServiceCatalog::CloudFormationProvisionedProduct';

describe('falcon-baseline product template', () => {
  let template: Json;
  beforeAll(() => {
    template = synthesizeProducts(blueprintManifest()).template('falcon-baseline');
  });

  const created = (parameters: Record<string, string>, region: string) => {
    const { condition } = evaluator(template, { FalconBrokerUrl: 'x', HomeRegion: 'us-east-1', ...parameters }, { Region: region });
    return Object.entries(template.Resources as Json)
      .filter(([, r]) => r.Type === PROVISIONED && (!r.Condition || condition(r.Condition)))
      .map(([, r]) => r.Properties.ProvisionedProductName)
      .sort();
  };

  it('provisions the launch role and each chosen product, account-wide ones only in the home Region', () => {
    expect(created({}, 'us-east-1')).toEqual(['falcon-iom', 'falcon-launch-role']);
    const all = { EnableThreatDetection: 'true', EnableSensorManagement: 'true', EnableSsmDistributor: 'true', EnableEksProtection: 'true' };
    expect(created(all, 'us-east-1')).toEqual([
      'falcon-eks-protection', 'falcon-iom', 'falcon-launch-role', 'falcon-sensor-management', 'falcon-ssm-distributor', 'falcon-threat-detection',
    ]);
    expect(created(all, 'eu-west-1')).toEqual(['falcon-eks-protection', 'falcon-ssm-distributor', 'falcon-threat-detection']);
    expect(created({ EnableIom: 'false' }, 'us-east-1')).toEqual(['falcon-launch-role']);
  });

  it('names each product and pinned version, tags it managed-by=blueprint, and waits for the launch role', () => {
    for (const component of BASELINE_V1_COMPONENTS) {
      const product = template.Resources[`${component.attributePrefix}Product`];
      expect(product.Properties).toMatchObject({
        ProductName: findProduct(component.productId)?.displayName,
        ProvisioningArtifactName: component.version,
        ProvisionedProductName: `falcon-${component.productId}`,
        Tags: [{ Key: 'falcon-catalog:managed-by', Value: 'blueprint' }],
      });
      const parameters = template.Resources[`${component.attributePrefix}Parameters`];
      expect(parameters.Condition).toBe(product.Condition);
      if (component.productId === 'launch-role') {
        expect(parameters.Properties.AfterLaunchRole).toBeUndefined();
      } else {
        // Where the launch role exists (home Region) the custom resource, and so the product, comes after it.
        expect(parameters.Properties.AfterLaunchRole).toEqual({
          'Fn::If': ['IsHomeRegion', { Ref: 'LaunchRoleProduct' }, 'launch role created in the home Region'],
        });
      }
    }
  });

  it('takes every provisioning parameter from its product\'s broker custom resource', () => {
    for (const component of BASELINE_V1_COMPONENTS) {
      const { Properties } = template.Resources[`${component.attributePrefix}Product`];
      expect(Properties.ProvisioningParameters).toEqual(
        component.parameterKeys.map((key) => ({ Key: key, Value: { 'Fn::GetAtt': [`${component.attributePrefix}Parameters`, key] } })),
      );
      const request = template.Resources[`${component.attributePrefix}Parameters`].Properties;
      expect(request).toMatchObject({
        BrokerUrl: { Ref: 'FalconBrokerUrl' },
        Region: { Ref: 'AWS::Region' },
        ProductId: component.productId,
        ParameterKeys: [...component.parameterKeys],
      });
    }
  });

  it('asks the launcher for no Falcon value or credential: only the hub location and the feature switches', () => {
    expect(Object.keys(template.Parameters).sort()).toEqual([
      'EnableEksProtection', 'EnableIom', 'EnableSensorManagement', 'EnableSsmDistributor', 'EnableThreatDetection',
      'FalconBrokerUrl', 'HomeRegion',
    ]);
    const fn = resourcesOfType(template, 'AWS::Lambda::Function')[0];
    expect(fn.Properties.Environment).toBeUndefined();
    expect(fn.Properties.Code.ZipFile).toMatch(/product-parameters/);
  });

  it('lists, for each pinned version, exactly the parameters its published snapshot declares', () => {
    for (const component of BASELINE_V1_COMPONENTS) {
      const file = path.join(SNAPSHOT_DIRECTORY, snapshotFileName(component.productId, component.version));
      expect(existsSync(file), `${component.productId} ${component.version} snapshot`).toBe(true);
      const published = JSON.parse(readFileSync(file, 'utf8')) as Json;
      expect([...component.parameterKeys].sort(), component.productId).toEqual(Object.keys(published.Parameters).sort());
      for (const key of component.optionalKeys) expect(published.Parameters[key].Default, `${component.productId}.${key}`).toBe('');
    }
  });
});

describe('the hub side of the blueprint', () => {
  const homeStack = () => Template.fromStack(buildTestApp(blueprintManifest(), { nag: false }).portfolioStacks[0]);

  it('creates AWSControlTowerBlueprintAccess trusting AWSControlTowerAdmin and the console roles, with AFC\'s policy', () => {
    const template = homeStack();
    const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'AWSControlTowerBlueprintAccess' } });
    const [role] = Object.values(roles) as Json[];
    const trusted = role.Properties.AssumeRolePolicyDocument.Statement.flatMap((s: Json) => [s.Principal.AWS].flat());
    expect(JSON.stringify(trusted)).toContain(':iam::111111111111:role/service-role/AWSControlTowerAdmin');
    expect(trusted).toContain(CONSOLE_ROLE);
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain(':iam::aws:policy/AWSServiceCatalogAdminFullAccess');
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).not.toContain('AmazonS3ReadOnlyAccess');
    const [read] = role.Properties.Policies[0].PolicyDocument.Statement as Json[];
    expect(read).toMatchObject({
      Action: 's3:GetObject',
      Condition: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
    });
  });

  it('associates the blueprint execution roles with the portfolio and publishes the baseline without a launch constraint', () => {
    const template = homeStack();
    template.hasResourceProperties('AWS::ServiceCatalog::PortfolioPrincipalAssociation', {
      PrincipalARN: 'arn:aws:iam:::role/AWSControlTower-BlueprintExecution-*',
      PrincipalType: 'IAM_PATTERN',
    });
    const baseline = Object.keys(template.findResources('AWS::ServiceCatalog::CloudFormationProduct', {
      Properties: { Name: findProduct('falcon-baseline')?.displayName },
    }));
    expect(baseline).toHaveLength(1);
    const constrained = Object.values(template.findResources('AWS::ServiceCatalog::LaunchRoleConstraint')).map(
      (c: Json) => c.Properties.ProductId.Ref,
    );
    expect(constrained).not.toContain(baseline[0]);
    expect(constrained.length).toBeGreaterThan(0);
  });

  it('publishes no baseline, pattern or access role while the blueprint is off', () => {
    const template = Template.fromStack(buildTestApp(blueprintManifest((m) => (m.blueprint!.enabled = false)), { nag: false }).portfolioStacks[0]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/BlueprintExecution|AWSControlTowerBlueprintAccess|FalconBaseline/);
  });
});

/**
 * The falcon-baseline product template and the hub's AFC wiring: conditions, launch-role-first order, the directory
 * before the products that read it, the managed-by tag, every provisioning parameter taken from the broker custom
 * resource, and every baseline version's pinned parameter lists matching their published snapshots.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BASELINE_COMPONENTS_BY_VERSION,
  BASELINE_V1_1_COMPONENTS,
  BASELINE_V1_COMPONENTS,
  NEWEST_BASELINE_COMPONENTS,
  NEWEST_BASELINE_VERSION,
} from '../../products/falcon-baseline/definition';
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../../products/kit/product-boundary';
import { currentVersionName, findProduct, findVersion } from '../../products/registry';
import { retiredPinsWarning } from '../../manifest/blueprint-checks';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import { buildTestApp } from '../helpers/example-app';
import { evaluator, Json, resourcesOfType, synthesizeProducts } from '../products/product-templates';
import { blueprintManifest, CONSOLE_ROLE } from './blueprint-app';

const PROVISIONED = 'AWS::ServiceCatalog::CloudFormationProvisionedProduct';

describe('falcon-baseline product template (the newest version)', () => {
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

  it('is built from the newest baseline version\'s components', () => {
    expect(currentVersionName(findProduct('falcon-baseline')!)).toBe(NEWEST_BASELINE_VERSION);
    expect(NEWEST_BASELINE_COMPONENTS).toBe(BASELINE_V1_1_COMPONENTS);
    const pinned = Object.values(template.Resources as Json)
      .filter((r) => r.Type === PROVISIONED)
      .map((r) => `${r.Properties.ProvisionedProductName} ${r.Properties.ProvisioningArtifactName}`);
    expect(pinned).toEqual(NEWEST_BASELINE_COMPONENTS.map((c) => `falcon-${c.productId} ${c.version}`));
  });

  it('provisions the launch role, the directory in each Region, and each chosen product, account-wide ones only in the home Region', () => {
    expect(created({}, 'us-east-1')).toEqual(['falcon-directory', 'falcon-iom', 'falcon-launch-role']);
    const all = { EnableThreatDetection: 'true', EnableSensorManagement: 'true', EnableSsmDistributor: 'true', EnableEksProtection: 'true' };
    expect(created(all, 'us-east-1')).toEqual([
      'falcon-directory', 'falcon-eks-protection', 'falcon-iom', 'falcon-launch-role', 'falcon-sensor-management',
      'falcon-ssm-distributor', 'falcon-threat-detection',
    ]);
    expect(created(all, 'eu-west-1')).toEqual(['falcon-directory', 'falcon-eks-protection', 'falcon-ssm-distributor', 'falcon-threat-detection']);
    expect(created({ EnableIom: 'false' }, 'us-east-1')).toEqual(['falcon-directory', 'falcon-launch-role']);
  });

  it('names each product and pinned version, tags it managed-by=blueprint, and orders launch role, directory, products', () => {
    for (const component of NEWEST_BASELINE_COMPONENTS) {
      const product = template.Resources[`${component.attributePrefix}Product`];
      expect(product.Properties).toMatchObject({
        ProductName: findProduct(component.productId)?.displayName,
        ProvisioningArtifactName: component.version,
        ProvisionedProductName: `falcon-${component.productId}`,
        Tags: [{ Key: 'falcon-catalog:managed-by', Value: 'blueprint' }],
      });
      const parameters = template.Resources[`${component.attributePrefix}Parameters`];
      expect(parameters.Condition).toBe(product.Condition);
      if (component.productId === 'launch-role' || component.productId === 'directory') {
        // Neither is launched with the launch role: both go first, side by side.
        expect(parameters.Properties.AfterLaunchRole, component.productId).toBeUndefined();
        expect(product.DependsOn, component.productId).toBeUndefined();
      } else {
        // Where the launch role exists (home Region) the custom resource, and so the product, comes after it.
        expect(parameters.Properties.AfterLaunchRole).toEqual({
          'Fn::If': ['IsHomeRegion', { Ref: 'LaunchRoleProduct' }, 'launch role created in the home Region'],
        });
        // Its SSM-typed parameters are resolved at launch: the directory's parameters exist by then.
        expect(component.readsDirectory, component.productId).toBe(true);
        expect([product.DependsOn].flat(), component.productId).toEqual(['DirectoryProduct']);
      }
    }
    expect(template.Resources.DirectoryProduct.Condition).toBeUndefined();
  });

  it('takes every provisioning parameter from its product\'s broker custom resource, naming the pinned version', () => {
    for (const component of NEWEST_BASELINE_COMPONENTS) {
      const { Properties } = template.Resources[`${component.attributePrefix}Product`];
      expect(Properties.ProvisioningParameters).toEqual(
        component.parameterKeys.map((key) => ({ Key: key, Value: { 'Fn::GetAtt': [`${component.attributePrefix}Parameters`, key] } })),
      );
      const request = template.Resources[`${component.attributePrefix}Parameters`].Properties;
      expect(request).toMatchObject({
        BrokerUrl: { Ref: 'FalconBrokerUrl' },
        Region: { Ref: 'AWS::Region' },
        ProductId: component.productId,
        Version: component.version,
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
});

describe('falcon-baseline versions', () => {
  it('list, for each pinned product version, exactly the parameters its published snapshot declares', () => {
    expect(BASELINE_COMPONENTS_BY_VERSION.map((v) => v.version)).toEqual(findProduct('falcon-baseline')!.versions.map((v) => v.name));
    for (const { version, components } of BASELINE_COMPONENTS_BY_VERSION) {
      for (const component of components) {
        const what = `baseline ${version}: ${component.productId} ${component.version}`;
        const file = path.join(SNAPSHOT_DIRECTORY, snapshotFileName(component.productId, component.version));
        expect(existsSync(file), what).toBe(true);
        const published = JSON.parse(readFileSync(file, 'utf8')) as Json;
        expect([...component.parameterKeys].sort(), what).toEqual(Object.keys(published.Parameters).sort());
        for (const key of component.optionalKeys) expect(published.Parameters[key].Default, `${what}: ${key}`).toBe('');
      }
    }
  });

  it('v1.1.0 pins no retired version (the launch-role gate proves its launch role launches what it pins)', () => {
    expect(NEWEST_BASELINE_COMPONENTS.find((c) => c.productId === 'launch-role')?.version).toBe(BOUNDARY_LAUNCH_ROLE_VERSION);
    for (const component of NEWEST_BASELINE_COMPONENTS) {
      expect(findVersion(findProduct(component.productId)!, component.version)?.retired, `${component.productId} ${component.version}`).toBeUndefined();
    }
    expect(retiredPinsWarning(NEWEST_BASELINE_VERSION, NEWEST_BASELINE_COMPONENTS)).toBeUndefined();
  });

  it('v1.0.0 is retired: every product it pins beside the launch role is at a retired version', () => {
    expect(findVersion(findProduct('falcon-baseline')!, 'v1.0.0')?.retired).toMatch(/^Retired: /);
    expect(findVersion(findProduct('falcon-baseline')!, NEWEST_BASELINE_VERSION)?.retired).toBeUndefined();
    for (const component of BASELINE_V1_COMPONENTS.filter((c) => c.productId !== 'launch-role')) {
      expect(findVersion(findProduct(component.productId)!, component.version)?.retired, component.productId).toMatch(/^Retired: /);
    }
  });

  it('the published v1.0.0 asks the broker without a version (the broker then applies v1.0.0\'s pins); v1.1.0 names it', () => {
    const requests = (version: string) =>
      Object.values(JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName('falcon-baseline', version)), 'utf8')).Resources as Json)
        .filter((r) => r.Type === 'Custom::FalconProductParameters')
        .map((r) => r.Properties);
    expect(requests('v1.0.0').map((p) => [p.ProductId, p.Version])).toEqual(BASELINE_V1_COMPONENTS.map((c) => [c.productId, undefined]));
    expect(requests('v1.1.0').map((p) => [p.ProductId, p.Version])).toEqual(BASELINE_V1_1_COMPONENTS.map((c) => [c.productId, c.version]));
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
    // Baseline v1.0.0 is DEPRECATED (Account Factory cannot choose it; accounts on it can still be updated off it).
    const [guidance] = Object.values(template.findResources('Custom::FalconArtifactGuidance')) as Json[];
    expect(guidance.Properties.Products).toContainEqual({ ProductId: { Ref: baseline[0] }, Retired: ['v1.0.0'] });
  });

  it('publishes no baseline, pattern or access role while the blueprint is off', () => {
    const template = Template.fromStack(buildTestApp(blueprintManifest((m) => (m.blueprint!.enabled = false)), { nag: false }).portfolioStacks[0]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/BlueprintExecution|AWSControlTowerBlueprintAccess|FalconBaseline/);
  });
});

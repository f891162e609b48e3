/**
 * An account vended with the Account Factory blueprint: falcon-baseline has provisioned the launch role and IOM
 * (tagged managed-by=blueprint, by the blueprint execution role). The lifecycle core, which also wants IOM in
 * that account, provisions no duplicate and never updates or terminates what the blueprint owns. An account still
 * on baseline v1.0.0 has launch role v1.1.0, which predates the Falcon directory's rights, so the directory the
 * example's `portfolio.selfService.prepareAccounts` wants there waits, with the reason, instead of failing in
 * CloudFormation. An account vended with the newest baseline has launch role v1.4.0 and its home Region's directory
 * from the blueprint, launched with the parameters the hub broker computes.
 */
import {
  AssociatePrincipalWithPortfolioCommand,
  DescribeProvisioningArtifactCommand,
  DescribeRecordCommand,
  ProvisionProductCommand,
  ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import {
  blueprintExecutionPattern,
  NEWEST_BASELINE_COMPONENTS,
  NEWEST_BASELINE_VERSION,
} from '../../products/falcon-baseline/definition';
import type { Manifest } from '../../manifest/schema';
import { REGISTRATION } from '../lifecycle/registration-fixture';
import { brokerDepsFor, customResourceAnswer } from './broker-fixture';
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../../products/kit/product-boundary';
import { currentVersionName, findProduct } from '../../products/registry';
import { manifestWith } from '../lifecycle/manifest-fixture';
import { buildSimWorld, MANAGEMENT, PROD, type SimWorld } from '../lifecycle/sim-world';

const REGION = 'us-east-1';
const BLUEPRINT_ROLE = 'AWSControlTower-BlueprintExecution-bp-0a1b2c3d';
const WRITES = /^(ProvisionProduct|UpdateProvisionedProduct|TerminateProvisionedProduct)$/;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const WAITS =
  `waits for launch role ${BOUNDARY_LAUNCH_ROLE_VERSION} or newer, which directory v1.0.0 needs: this account's launch ` +
  'role is at v1.1.0 (managed by the Account Factory blueprint, never updated by the lifecycle)';
const directoriesWait = REGIONS.map((region) => ['directory', region, 'skipped', WAITS]);

const vended: Trigger = {
  kind: 'account',
  accountId: PROD,
  source: { eventName: 'CreateManagedAccount', eventId: `vend-${PROD}` },
};

/** What falcon-baseline's CloudFormationProvisionedProduct resources do, as the blueprint's execution role. */
interface BlueprintProduct {
  readonly id: string;
  readonly version: string;
  readonly parameters: Record<string, string>;
}

async function vendWithBlueprint(world: SimWorld, products: readonly BlueprintProduct[]) {
  const hub = new ServiceCatalogClient({ region: REGION, ...world.sim.clientConfig({ accountId: MANAGEMENT, roleName: 'FalconCatalogLifecycle' }) });
  // The portfolio stack's association when blueprint.enabled; the org share carries it (SharePrincipals).
  await hub.send(new AssociatePrincipalWithPortfolioCommand({
    PortfolioId: world.portfolios[REGION].portfolioId,
    PrincipalARN: blueprintExecutionPattern('aws'),
    PrincipalType: 'IAM_PATTERN',
  }));
  // Deployed with the portfolio stack, long before a vend: the association has propagated.
  await world.sim.clock.sleep(world.sim.sc.timing.principalPropagationMs);
  world.sim.iam.createRole(PROD, BLUEPRINT_ROLE);
  const member = new ServiceCatalogClient({ region: REGION, ...world.sim.clientConfig({ accountId: PROD, roleName: BLUEPRINT_ROLE }) });
  for (const product of products) {
    const { RecordDetail } = await member.send(new ProvisionProductCommand({
      ProductName: findProduct(product.id)?.displayName,
      ProvisioningArtifactName: product.version,
      ProvisionedProductName: `falcon-${product.id}`,
      ProvisionToken: `blueprint-${product.id}`,
      ProvisioningParameters: Object.entries(product.parameters).map(([Key, Value]) => ({ Key, Value })),
      Tags: [{ Key: 'falcon-catalog:managed-by', Value: 'blueprint' }],
    }));
    for (;;) {
      const { RecordDetail: record } = await member.send(new DescribeRecordCommand({ Id: RecordDetail?.RecordId }));
      if (record?.Status === 'SUCCEEDED') break;
      if (record?.Status !== 'CREATED' && record?.Status !== 'IN_PROGRESS') throw new Error(`test setup: ${product.id} ${record?.Status}`);
      await world.sim.clock.sleep(5_000);
    }
  }
}

/** What an account vended with baseline v1.0.0 has (launch role v1.1.0, IOM v1.0.0), before those were retired. */
const BLUEPRINT_PRODUCTS: readonly BlueprintProduct[] = [
  { id: 'launch-role', version: 'v1.1.0', parameters: { LaunchRoleName: 'FalconCatalogLaunchRole' } },
  // Older parameters than the manifest would compute: the core must not "correct" them.
  { id: 'iom', version: 'v1.0.0', parameters: { CrowdStrikeAccountId: '292230061137', ExternalId: 'from-the-hub-at-vend-time' } },
];

/** An account vended with baseline v1.0.0 by an earlier release; this release's deploy then retires those versions. */
async function vendedWithBaselineV1(): Promise<SimWorld> {
  const world = await buildSimWorld({ retiredGuidance: 'later' });
  await vendWithBlueprint(world, BLUEPRINT_PRODUCTS);
  await world.deprecateRetired();
  return world;
}

describe('lifecycle core and blueprint-provisioned accounts', () => {
  it('provisions no duplicate and updates nothing the blueprint owns', async () => {
    const world = await vendedWithBaselineV1();
    const before = world.sim.calls.length;

    const report = await handleTrigger(vended, world.deps);

    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome, r.reason])).toEqual([
      ['launch-role', REGION, 'skipped', 'managed by the Account Factory blueprint'],
      ['iom', REGION, 'skipped', 'managed by the Account Factory blueprint'],
      ...directoriesWait,
    ]);
    expect(world.sim.calls.slice(before).filter((c) => WRITES.test(c.operation))).toEqual([]);
    expect(world.sim.sc.provisionedProducts(PROD, REGION).map((p) => p.name).sort()).toEqual(['falcon-iom', 'falcon-launch-role']);
  });

  it('terminates nothing the blueprint owns when the account leaves every assignment', async () => {
    const world = await vendedWithBaselineV1();
    const before = world.sim.calls.length;

    const report = await handleTrigger(vended, world.nextInvocation(manifestWith({ assignments: [] })));

    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome, r.reason])).toEqual([
      ['launch-role', REGION, 'skipped', 'managed by the Account Factory blueprint'],
      ['iom', REGION, 'skipped', 'managed by the Account Factory blueprint'],
      // Still shared, so still prepared: the directory is wanted, and waits.
      ...directoriesWait,
    ]);
    expect(world.sim.calls.slice(before).filter((c) => WRITES.test(c.operation))).toEqual([]);
  });

  it('holds a version that reads the directory, not only the directory, behind such a launch role', async () => {
    const world = await buildSimWorld();
    await vendWithBlueprint(world, BLUEPRINT_PRODUCTS.slice(0, 1));
    const before = world.sim.calls.length;

    const report = await handleTrigger(vended, world.deps);

    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome, r.reason])).toEqual([
      ['launch-role', REGION, 'skipped', 'managed by the Account Factory blueprint'],
      ...directoriesWait,
      ['iom', REGION, 'skipped', WAITS.replace('directory v1.0.0', `iom ${currentVersionName(findProduct('iom')!)}`)],
    ]);
    expect(world.sim.calls.slice(before).filter((c) => WRITES.test(c.operation))).toEqual([]);
  });

  it('provisions the directory and its readers, next to the blueprint\'s launch role, when that role has the directory rights', async () => {
    const world = await buildSimWorld();
    const launchRole = { ...BLUEPRINT_PRODUCTS[0], version: currentVersionName(findProduct('launch-role')!) };
    await vendWithBlueprint(world, [launchRole]);

    const report = await handleTrigger(vended, world.deps);

    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome])).toEqual([
      ['launch-role', REGION, 'skipped'],
      ...REGIONS.map((region) => ['directory', region, 'provisioned']),
      ['iom', REGION, 'provisioned'],
    ]);
    expect(world.sim.sc.provisionedProducts(PROD, REGION).map((p) => p.name).sort()).toEqual(['falcon-directory', 'falcon-iom', 'falcon-launch-role']);
  });

  it(`launches the newest baseline's (${NEWEST_BASELINE_VERSION}) pins with the broker's parameters; the core adds only the other Regions' directories`, async () => {
    const world = await buildSimWorld();
    const hub = new ServiceCatalogClient({ region: REGION, ...world.sim.clientConfig({ accountId: MANAGEMENT, roleName: 'FalconCatalogLifecycle' }) });
    // The hub's blueprint settings: what the broker reads from its environment.
    const hubManifest: Manifest = {
      ...world.manifest,
      blueprint: { enabled: true, createAccessRole: false, consoleUserRoleArns: [], products: { iom: { parameters: {} } } },
    };
    const deps = brokerDepsFor(hubManifest, REGISTRATION);
    // With the baseline's defaults in the home Region: launch role, directory, IOM.
    const pinned = NEWEST_BASELINE_COMPONENTS.filter((c) => !c.enableParameter || c.enableParameter === 'EnableIom');
    expect(pinned.map((c) => c.productId)).toEqual(['launch-role', 'directory', 'iom']);
    const products: BlueprintProduct[] = [];
    for (const component of pinned) {
      // As the portfolio's guidance left it: a version Service Catalog still launches.
      const { ProvisioningArtifactDetail } = await hub.send(new DescribeProvisioningArtifactCommand({
        ProductId: world.portfolios[REGION].products[findProduct(component.productId)!.displayName].productId,
        ProvisioningArtifactName: component.version,
      }));
      expect(ProvisioningArtifactDetail?.Guidance, `${component.productId} ${component.version}`).toBe('DEFAULT');
      const parameters = await customResourceAnswer(PROD, {
        BrokerUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
        Region: REGION,
        ProductId: component.productId,
        Version: component.version,
        ParameterKeys: [...component.parameterKeys],
        OptionalParameterKeys: [...component.optionalKeys],
      }, deps);
      products.push({ id: component.productId, version: component.version, parameters });
    }
    // Every parameter the version declares, and none it does not (the simulator refuses either).
    await vendWithBlueprint(world, products);

    const report = await handleTrigger(vended, world.deps);

    const blueprint = 'managed by the Account Factory blueprint';
    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome === 'skipped' ? r.reason : r.outcome])).toEqual([
      ['launch-role', REGION, blueprint],
      ['directory', REGION, blueprint],
      ['iom', REGION, blueprint],
      ...REGIONS.filter((r) => r !== REGION).map((region) => ['directory', region, 'provisioned']),
    ]);
    const home = world.sim.sc.provisionedProducts(PROD, REGION);
    expect(home.map((p) => p.name).sort()).toEqual(['falcon-directory', 'falcon-iom', 'falcon-launch-role']);
  });
});

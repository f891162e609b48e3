/**
 * Proof, through the real core and SDK clients in the simulated landing zone: the Falcon directory (internal product
 * `directory`, provisioned as `falcon-directory`) is in place in a Region before any product version that reads it
 * is launched there (the directory itself with the core's own rights, alongside the launch role);
 * `portfolio.selfService.prepareAccounts` prepares exactly the
 * accounts the portfolio is shared with; a changed registration updates the directory and then its readers; the
 * directory goes after its readers when an account is offboarded, and stays while a reader could not go; without
 * the hub registration it waits with the reason.
 */
import { describe, expect, it } from 'vitest';
import { SIMULATED_REGISTRATION } from '../../cli/simulated/landing-zone';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import type { Manifest } from '../../manifest/schema';
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { findProduct } from '../../products/registry';
import { bootLandingZone, GOVERNED, SECURITY_OU } from '../worker/landing-zone-fixture';
import { exampleManifest, manifestWith } from './manifest-fixture';

const APP_PROD = '222222222222';
const APP_DEV = '333333333333';
const SANDBOX_EXCLUDED = '555555555555';
const LOG_ARCHIVE = '777777777777';
const DIRECTORY_NAME = findProduct(DIRECTORY_PRODUCT_ID)!.displayName;
const WRITES = /^(ProvisionProduct|UpdateProvisionedProduct|TerminateProvisionedProduct|AcceptPortfolioShare|AssociatePrincipalWithPortfolio)$/;

const accountTrigger = (accountId: string, eventId = `event-${accountId}`): Trigger => ({
  kind: 'account',
  accountId,
  source: { eventName: 'UpdateManagedAccount', eventId },
});

/** Self-service off, so the directory comes only from the versions that read it: IOM and threat detection, newest. */
function readersManifest(overrides: Record<string, unknown> = {}): Manifest {
  const { portfolio } = exampleManifest();
  return manifestWith({
    portfolio: { ...portfolio, selfService: { prepareAccounts: false } },
    products: { iom: { enabled: true }, 'threat-detection': { enabled: true } },
    assignments: [
      { name: 'iom-workloads', product: 'iom', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'home' },
      { name: 'ioa-workloads', product: 'threat-detection', targets: { organizationalUnits: ['Root/Workloads'] }, regions: ['us-east-1', 'eu-west-1'] },
    ],
    ...overrides,
  });
}

/** Where and when (call sequence) each stack succeeded, as CloudFormation would report it. */
function recordStacks(world: Awaited<ReturnType<typeof bootLandingZone>>) {
  const succeeded: { account: string; region: string; product: string; type: string; seq: number }[] = [];
  world.sim.sc.onStackSucceeded((account, region, type, product) => {
    succeeded.push({ account, region, product: product.productName, type, seq: world.sim.calls.length });
  });
  return succeeded;
}

const provisionCalls = (world: Awaited<ReturnType<typeof bootLandingZone>>, account: string) =>
  world.sim.calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error && c.callerAccount === account);

describe('the Falcon directory, first in each Region where a version reads it', () => {
  it('is provisioned with the core\'s own rights, before the readers of its Region, and only where they go', async () => {
    const world = await bootLandingZone(readersManifest());
    const succeeded = recordStacks(world);
    const report = await handleTrigger(accountTrigger(APP_PROD), world.invocation());

    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome])).toEqual([
      ['launch-role', 'us-east-1', 'provisioned'],
      ['directory', 'us-east-1', 'provisioned'],
      ['directory', 'eu-west-1', 'provisioned'],
      ['iom', 'us-east-1', 'provisioned'],
      ['threat-detection', 'us-east-1', 'provisioned'],
      ['threat-detection', 'eu-west-1', 'provisioned'],
    ]);
    // Not in us-west-2: nothing there reads it (self-service is off).
    expect(world.sim.sc.provisionedProducts(APP_PROD, 'us-west-2')).toEqual([]);

    // Every reader's ProvisionProduct came after the directory's stack had succeeded in that Region.
    const directoryDone = (region: string) => succeeded.find((s) => s.product === DIRECTORY_NAME && s.region === region)!.seq;
    const readers = provisionCalls(world, APP_PROD).filter((c) => /falcon-(iom|threat-detection)/.test(String(c.input.ProvisionedProductName)));
    expect(readers).toHaveLength(3);
    for (const call of readers) expect(call.seq, `${String(call.input.ProvisionedProductName)} in ${call.region}`).toBeGreaterThan(directoryDone(call.region));

    // Launched with the core's own rights (no launch constraint), like the launch role, so it does not wait for
    // the launch role's record: both start at once, and the readers wait for both.
    const launchRoleDone = succeeded.find((s) => s.product === findProduct('launch-role')!.displayName)!.seq;
    for (const region of ['us-east-1', 'eu-west-1']) {
      const [directory] = world.sim.sc.provisionedProducts(APP_PROD, region).filter((p) => p.name === 'falcon-directory');
      expect(directory.launchRoleArn).toBeUndefined();
      expect(directory.userArn).toMatch(new RegExp(`^arn:aws:sts::${APP_PROD}:assumed-role/AWSControlTowerExecution/`));
      const launched = provisionCalls(world, APP_PROD).find((c) => c.region === region && c.input.ProvisionedProductName === 'falcon-directory')!;
      expect(launched.seq).toBeLessThan(launchRoleDone);
      expect(directory.parameters).toMatchObject({ CrowdStrikeAccountId: SIMULATED_REGISTRATION.crowdStrikeAccountId, HomeRegion: 'us-east-1' });
    }
    // The readers take the directory's SSM parameter names, not the values.
    const [iom] = world.sim.sc.provisionedProducts(APP_PROD, 'us-east-1').filter((p) => p.name === 'falcon-iom');
    expect(iom.parameters.ExternalId).toBe('/falcon-catalog/directory/external-id');
  });

  it('a failed directory fails only the readers of its Region, which are not attempted', async () => {
    const world = await bootLandingZone(readersManifest());
    world.sim.sc.failNextProvision({ account: APP_PROD, region: 'eu-west-1', productName: DIRECTORY_NAME, status: 'FAILED', message: 'CREATE_FAILED: ParameterAlreadyExists (simulated)' });
    const report = await handleTrigger(accountTrigger(APP_PROD), world.invocation());

    const results = report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome]);
    expect(results).toEqual([
      ['launch-role', 'us-east-1', 'provisioned'],
      ['directory', 'us-east-1', 'provisioned'],
      ['directory', 'eu-west-1', 'failed'],
      ['iom', 'us-east-1', 'provisioned'],
      ['threat-detection', 'us-east-1', 'provisioned'],
      ['threat-detection', 'eu-west-1', 'failed'],
    ]);
    const blocked = report.accounts[0].results.find((r) => r.productId === 'threat-detection' && r.region === 'eu-west-1')!;
    expect(blocked.reason).toMatch(/^not attempted: the Falcon directory failed first \(provision FAILED: .*ParameterAlreadyExists/);
    expect(provisionCalls(world, APP_PROD).filter((c) => c.region === 'eu-west-1').map((c) => c.input.ProvisionedProductName)).toEqual(['falcon-directory']);

    // The next delivery replaces the failed directory, then launches its reader.
    const retry = await handleTrigger(accountTrigger(APP_PROD, 'retry'), world.invocation());
    expect(retry.accounts[0].results.filter((r) => r.region === 'eu-west-1').map((r) => [r.productId, r.outcome])).toEqual([
      ['directory', 'provisioned'],
      ['threat-detection', 'provisioned'],
    ]);
  });

  it('a new registration updates the directory first, then every reader (DirectoryRevision changed)', async () => {
    const world = await bootLandingZone(readersManifest());
    await handleTrigger(accountTrigger(APP_PROD), world.invocation());
    const names = new Map(GOVERNED.flatMap((region) => world.sim.sc.provisionedProducts(APP_PROD, region).map((p) => [p.id, p.name] as const)));
    const renewed = { ...SIMULATED_REGISTRATION, externalId: 'SIMULATED-renewed-external-id' };
    const before = world.sim.calls.length;

    const report = await handleTrigger(accountTrigger(APP_PROD, 'renewed'), { ...world.invocation(), registration: async () => renewed });

    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome])).toEqual([
      ['launch-role', 'us-east-1', 'skipped'],
      ['directory', 'us-east-1', 'updated'],
      ['directory', 'eu-west-1', 'updated'],
      ['iom', 'us-east-1', 'updated'],
      ['threat-detection', 'us-east-1', 'updated'],
      ['threat-detection', 'eu-west-1', 'updated'],
    ]);
    const directoryUpdate = report.accounts[0].actions.find((a) => a.productId === DIRECTORY_PRODUCT_ID)!;
    expect(directoryUpdate.parameterDiff.map((c) => c.key)).toEqual(['ExternalId']);
    const iomUpdate = report.accounts[0].actions.find((a) => a.productId === 'iom')!;
    expect(iomUpdate.parameterDiff.map((c) => c.key)).toEqual(['DirectoryRevision']);
    // Per Region, the directory's update is called before its readers'.
    const updates = world.sim.calls.slice(before).filter((c) => c.operation === 'UpdateProvisionedProduct' && !c.error);
    for (const region of ['us-east-1', 'eu-west-1']) {
      const inRegion = updates.filter((c) => c.region === region).map((c) => names.get(String(c.input.ProvisionedProductId)));
      expect(inRegion[0], region).toBe('falcon-directory');
      expect(inRegion.length, region).toBeGreaterThan(1);
    }
    const [directory] = world.sim.sc.provisionedProducts(APP_PROD, 'eu-west-1').filter((p) => p.name === 'falcon-directory');
    expect(directory.parameters.ExternalId).toBe('SIMULATED-renewed-external-id');
  });
});

describe('portfolio.selfService.prepareAccounts', () => {
  it('gives a shared account nothing is assigned to the launch role and the directory in every governed Region', async () => {
    const world = await bootLandingZone(exampleManifest());
    const report = await handleTrigger(accountTrigger(SANDBOX_EXCLUDED), world.invocation());
    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome, r.reason])).toEqual([
      ['launch-role', 'us-east-1', 'provisioned', 'not provisioned yet (launch role)'],
      ...GOVERNED.map((region) => ['directory', region, 'provisioned', 'not provisioned yet (Falcon directory)']),
    ]);
    for (const region of GOVERNED) {
      expect(world.sim.sc.provisionedProducts(SANDBOX_EXCLUDED, region).map((p) => [p.name, p.status])).toEqual(
        region === 'us-east-1'
          ? [['falcon-launch-role', 'AVAILABLE'], ['falcon-directory', 'AVAILABLE']]
          : [['falcon-directory', 'AVAILABLE']],
      );
    }
    // The launch role is really there, so the owner's own launches can use it.
    expect(world.sim.iam.hasRole(SANDBOX_EXCLUDED, 'FalconCatalogLaunchRole')).toBe(true);
  });

  it('gives an account outside the share nothing, and changes nothing in it', async () => {
    const world = await bootLandingZone(exampleManifest());
    const before = world.sim.calls.length;
    const report = await handleTrigger(accountTrigger(LOG_ARCHIVE), world.invocation());
    expect(report.accounts[0].results).toEqual([]);
    // It is read (a Falcon product left there would be offboarded), never written to.
    expect(world.sim.calls.slice(before).filter((c) => c.callerAccount === LOG_ARCHIVE && WRITES.test(c.operation))).toEqual([]);
    for (const region of GOVERNED) expect(world.sim.sc.provisionedProducts(LOG_ARCHIVE, region)).toEqual([]);
  });

  it('without the hub registration: the launch role goes ahead, every directory waits with the reason', async () => {
    const world = await bootLandingZone(exampleManifest());
    const report = await handleTrigger(accountTrigger(SANDBOX_EXCLUDED), { ...world.invocation(), registration: async () => undefined });
    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.outcome])).toEqual([
      ['launch-role', 'us-east-1', 'provisioned'],
      ...GOVERNED.map((region) => ['directory', region, 'skipped']),
    ]);
    for (const result of report.accounts[0].results.filter((r) => r.productId === DIRECTORY_PRODUCT_ID)) {
      expect(result.reason).toMatch(/^blocked: product directory needs the Falcon organisation registration.*deploy the Falcon hub stack first$/);
    }
    expect(provisionCalls(world, SANDBOX_EXCLUDED).map((c) => c.input.ProvisionedProductName)).toEqual(['falcon-launch-role']);
  });
});

describe('offboarding', () => {
  /** APP_DEV with IOM and threat detection (readers) in every governed Region, then moved to the unshared Security OU. */
  async function readersThenMoved() {
    const manifest = readersManifest({
      assignments: [
        { name: 'iom-workloads', product: 'iom', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'home' },
        { name: 'ioa-workloads', product: 'threat-detection', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'governed' },
      ],
    });
    const world = await bootLandingZone(manifest);
    const first = await handleTrigger(accountTrigger(APP_DEV), world.invocation());
    expect(first.counts).toMatchObject({ provisioned: 8, failed: 0 });
    const names = new Map(GOVERNED.flatMap((region) => world.sim.sc.provisionedProducts(APP_DEV, region).map((p) => [p.id, `${p.name}@${region}`] as const)));
    world.sim.org.moveAccount(APP_DEV, SECURITY_OU);
    return { world, names, before: world.sim.calls.length };
  }

  it('terminates each Region\'s directory after the products there, and the launch role last', async () => {
    const { world, names, before } = await readersThenMoved();
    const report = await handleTrigger(accountTrigger(APP_DEV, 'moved'), world.invocation());
    expect(report.counts).toMatchObject({ terminated: 8, failed: 0 });

    const order = world.sim.calls
      .slice(before)
      .filter((c) => c.operation === 'TerminateProvisionedProduct' && !c.error)
      .map((c) => names.get(String(c.input.ProvisionedProductId))!);
    expect(order.at(-1)).toBe('falcon-launch-role@us-east-1');
    for (const region of GOVERNED) {
      const inRegion = order.filter((n) => n.endsWith(`@${region}`) && !n.startsWith('falcon-launch-role'));
      expect(inRegion.at(-1), region).toBe(`falcon-directory@${region}`);
      expect(inRegion).toContain(`falcon-threat-detection@${region}`);
    }
    for (const region of GOVERNED) expect(world.sim.sc.provisionedProducts(APP_DEV, region)).toEqual([]);
  });

  it('keeps the directory of a Region where a reader could not be terminated, and the launch role with it', async () => {
    const { world } = await readersThenMoved();
    world.sim.faults.add({ service: 'servicecatalog', operation: 'TerminateProvisionedProduct', account: APP_DEV, region: 'eu-west-1', error: 'AccessDenied' });

    const report = await handleTrigger(accountTrigger(APP_DEV, 'moved'), world.invocation());
    const byPlace = new Map(report.accounts[0].results.map((r) => [`${r.productId}@${r.region}`, r]));
    expect(byPlace.get('threat-detection@eu-west-1')?.outcome).toBe('failed');
    expect(byPlace.get('directory@eu-west-1')).toMatchObject({ outcome: 'skipped', reason: 'kept: threat-detection could not be terminated in eu-west-1' });
    expect(byPlace.get('directory@us-west-2')?.outcome).toBe('terminated');
    expect(byPlace.get('directory@us-east-1')?.outcome).toBe('terminated');
    expect(byPlace.get('launch-role@us-east-1')).toMatchObject({
      outcome: 'skipped',
      reason: 'kept: directory in eu-west-1, threat-detection in eu-west-1 could not be terminated and still need its role',
    });
    expect(world.sim.sc.provisionedProducts(APP_DEV, 'eu-west-1').map((p) => p.name).sort()).toEqual(['falcon-directory', 'falcon-threat-detection']);
  });
});

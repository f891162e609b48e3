import { describe, expect, it } from 'vitest';
import { roleArn } from '../../lifecycle-handlers/core/arns';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { prepareLaunchTarget } from '../../lifecycle-handlers/core/launch-target';
import { readHubCatalog } from '../../lifecycle-handlers/core/hub-catalog';
import { runAction } from '../../lifecycle-handlers/core/provisioning';
import { handleTrigger, planTrigger } from '../../lifecycle-handlers/core/reconcile';
import { currentVersionName, findProduct, launchableVersions } from '../../products/registry';
import { buildSimWorld, MANAGEMENT, PROD, PROD_2, type SimWorld } from './sim-world';
import { exampleIomManifest, manifestWith } from './manifest-fixture';

const vended = (accountId: string): Trigger => ({
  kind: 'account',
  accountId,
  source: { eventName: 'CreateManagedAccount', eventId: `vend-${accountId}` },
});
const prodOuRegistered: Trigger = {
  kind: 'organizational-unit',
  ouId: 'ou-exmp-22222222',
  source: { eventName: 'RegisterOrganizationalUnit', eventId: 'register-prod' },
};
const WRITES = /^(ProvisionProduct|UpdateProvisionedProduct|TerminateProvisionedProduct|AcceptPortfolioShare|AssociatePrincipalWithPortfolio)$/;
const IOM_NAME = findProduct('iom')?.displayName ?? '';

/** The example manifest prepares accounts: the directory goes into every governed Region, IOM (v1.1.0) home only. */
const DIRECTORY_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FOUNDATION = ['launch-role', ...DIRECTORY_REGIONS.map(() => 'directory')];

const outcomes = (report: Awaited<ReturnType<typeof handleTrigger>>) =>
  report.accounts.flatMap((a) => a.results.map((r) => [r.accountId, r.productId, r.region, r.outcome]));

/** Puts a falcon-iom where the manifest does not want one, through the same SDK path the core uses. */
async function provisionStray(world: SimWorld, accountId: string, region: string) {
  const clients = await world.deps.clients.forAccount(accountId);
  const client = clients.serviceCatalog(region);
  const launchTarget = await prepareLaunchTarget({
    client,
    portfolioName: world.manifest.portfolio.name,
    shareKind: 'AWS_ORGANIZATIONS',
    principalArn: roleArn('aws', accountId, world.manifest.organization.executionRoleName),
    hubCatalog: () => readHubCatalog(world.deps.clients.hubServiceCatalog(region), world.manifest.portfolio.name, region),
    sleep: world.sim.clock.sleep,
  });
  const result = await runAction(
    {
      kind: 'provision',
      accountId,
      region,
      productId: 'iom',
      provisionedProductName: 'falcon-iom',
      reason: 'test setup',
      version: currentVersionName(findProduct('iom')!),
      parameters: {},
      parameterDiff: [],
    },
    { client, launchTarget, sleep: world.sim.clock.sleep, polling: { intervalMs: 5_000, maxWaitMs: 600_000 } },
  );
  expect(result.outcome).toBe('provisioned');
}

describe('handleTrigger against the simulated organisation', () => {
  it('a vended account gets every assigned product; a second delivery makes no new provision call', async () => {
    const world = await buildSimWorld();
    const first = await handleTrigger(vended(PROD), world.deps);
    expect(first.accounts[0].results.map((r) => [r.productId, r.region, r.outcome, r.reason])).toEqual([
      ['launch-role', 'us-east-1', 'provisioned', 'not provisioned yet (launch role)'],
      ...DIRECTORY_REGIONS.map((region) => ['directory', region, 'provisioned', 'not provisioned yet (Falcon directory)']),
      ['iom', 'us-east-1', 'provisioned', 'not provisioned yet (assignment iom-everywhere)'],
    ]);
    const live = world.sim.sc.provisionedProducts(PROD, 'us-east-1');
    expect(live.map((p) => p.name).sort()).toEqual(['falcon-directory', 'falcon-iom', 'falcon-launch-role']);
    for (const region of ['us-west-2', 'eu-west-1']) {
      expect(world.sim.sc.provisionedProducts(PROD, region).map((p) => p.name)).toEqual(['falcon-directory']);
    }
    expect(world.deps.publisher.published).toHaveLength(5);
    expect(world.deps.publisher.published[0]).toMatchObject({
      accountId: PROD,
      outcome: 'provisioned',
      trigger: { eventName: 'CreateManagedAccount', eventId: `vend-${PROD}` },
    });

    const before = world.sim.calls.length;
    const second = await handleTrigger(vended(PROD), world.nextInvocation());
    expect(second.accounts[0].results.map((r) => [r.productId, r.outcome, r.reason])).toEqual(
      [...FOUNDATION, 'iom'].map((id) => [id, 'skipped', 'up to date']),
    );
    expect(world.sim.calls.slice(before).filter((c) => WRITES.test(c.operation))).toEqual([]);
  });

  it('an account event calls only that account (and the management/hub account)', async () => {
    const world = await buildSimWorld();
    const before = world.sim.calls.length;
    await handleTrigger(vended(PROD), world.deps);
    const calls = world.sim.calls.slice(before);
    expect(new Set(calls.map((c) => c.callerAccount))).toEqual(new Set([MANAGEMENT, PROD]));
    const assumed = calls.filter((c) => c.operation === 'AssumeRole').map((c) => c.input.RoleArn);
    expect(new Set(assumed)).toEqual(new Set([`arn:aws:iam::${PROD}:role/AWSControlTowerExecution`]));
    expect(world.sim.sc.provisionedProducts(PROD_2, 'us-east-1')).toEqual([]);
  });

  it('concurrent deliveries of the same event converge on one set of provisioned products', async () => {
    const world = await buildSimWorld();
    const reports = await Promise.all([
      handleTrigger(vended(PROD), world.deps),
      handleTrigger(vended(PROD), world.nextInvocation()),
    ]);
    expect(world.sim.sc.provisionedProducts(PROD, 'us-east-1').map((p) => p.name).sort()).toEqual([
      'falcon-directory',
      'falcon-iom',
      'falcon-launch-role',
    ]);
    for (const region of DIRECTORY_REGIONS) {
      expect(world.sim.sc.provisionedProducts(PROD, region).filter((p) => p.name === 'falcon-directory')).toHaveLength(1);
    }
    expect(reports.flatMap(outcomes).every((o) => o[3] !== 'failed')).toBe(true);
  });

  it('a FAILED provision fails that item only, and the next delivery re-applies it', async () => {
    const world = await buildSimWorld();
    world.sim.sc.failNextProvision({
      account: PROD,
      region: 'us-east-1',
      productName: IOM_NAME,
      status: 'FAILED',
      message: 'Resource handler returned message: role limit exceeded',
    });
    const report = await handleTrigger(prodOuRegistered, world.deps);
    const directories = (account: string) => DIRECTORY_REGIONS.map((r) => [account, 'directory', r, 'provisioned']);
    expect(outcomes(report).sort()).toEqual(
      [
        ...directories(PROD),
        [PROD, 'iom', 'us-east-1', 'failed'],
        [PROD, 'launch-role', 'us-east-1', 'provisioned'],
        ...directories(PROD_2),
        [PROD_2, 'iom', 'us-east-1', 'provisioned'],
        [PROD_2, 'launch-role', 'us-east-1', 'provisioned'],
      ].sort(),
    );
    const failed = report.accounts.flatMap((a) => a.results).find((r) => r.outcome === 'failed');
    expect(failed?.reason).toMatch(/^provision FAILED: .*role limit exceeded/);

    const retry = await handleTrigger(vended(PROD), world.nextInvocation());
    const iom = retry.accounts[0].results.find((r) => r.productId === 'iom');
    expect(iom).toMatchObject({ action: 'provision', outcome: 'provisioned', reason: expect.stringMatching(/^ERROR/) });
    expect(world.sim.sc.provisionedProducts(PROD, 'us-east-1').map((p) => [p.name, p.status]).sort()).toEqual([
      ['falcon-directory', 'AVAILABLE'],
      ['falcon-iom', 'AVAILABLE'],
      ['falcon-launch-role', 'AVAILABLE'],
    ]);
  });

  it('a failed update leaves the product TAINTED, reported as such, and re-applied next time', async () => {
    // IOM at its first launchable version, then the example's newest: an update.
    const first = launchableVersions(findProduct('iom')!)[0].name;
    expect(first).not.toBe(currentVersionName(findProduct('iom')!));
    const world = await buildSimWorld({ manifest: manifestWith({ products: { iom: { enabled: true, version: first } } }) });
    await handleTrigger(vended(PROD), world.deps);
    const upgraded = exampleIomManifest();
    world.sim.sc.failNextProvision({
      account: PROD,
      region: 'us-east-1',
      productName: IOM_NAME,
      status: 'TAINTED',
      message: 'UPDATE_ROLLBACK_COMPLETE',
    });
    const update = await handleTrigger(vended(PROD), world.nextInvocation(upgraded));
    const iom = update.accounts[0].results.find((r) => r.productId === 'iom');
    expect(iom).toMatchObject({ action: 'update', outcome: 'failed' });
    expect(iom?.reason).toContain('TAINTED');
    expect(update.accounts[0].results.filter((r) => r.productId !== 'iom').map((r) => [r.productId, r.outcome])).toEqual(
      FOUNDATION.map((id) => [id, 'skipped']),
    );

    const again = await handleTrigger(vended(PROD), world.nextInvocation(upgraded));
    const reapplied = again.accounts[0].actions.find((a) => a.productId === 'iom');
    expect(reapplied).toMatchObject({ kind: 'update', reason: expect.stringMatching(/^TAINTED/) });
    expect(again.accounts[0].results.find((r) => r.productId === 'iom')?.outcome).toBe('updated');
  });

  it('AccessDenied in one Region fails only that Region', async () => {
    const world = await buildSimWorld();
    await handleTrigger(vended(PROD), world.deps);
    await provisionStray(world, PROD, 'us-west-2');
    await provisionStray(world, PROD, 'eu-west-1');
    world.sim.faults.add({
      service: 'servicecatalog',
      operation: 'TerminateProvisionedProduct',
      account: PROD,
      region: 'eu-west-1',
      error: 'AccessDenied',
    });
    const report = await handleTrigger(vended(PROD), world.nextInvocation());
    expect(report.accounts[0].results.map((r) => [r.productId, r.region, r.action, r.outcome])).toEqual([
      ['launch-role', 'us-east-1', 'skip', 'skipped'],
      ...DIRECTORY_REGIONS.map((region) => ['directory', region, 'skip', 'skipped']),
      ['iom', 'us-east-1', 'skip', 'skipped'],
      ['iom', 'us-west-2', 'terminate', 'terminated'],
      ['iom', 'eu-west-1', 'terminate', 'failed'],
    ]);
    expect(report.accounts[0].results[6].reason).toMatch(/AccessDenied/);
  });

  it('a Region whose state cannot be read is reported, and the others still converge', async () => {
    const world = await buildSimWorld();
    world.sim.faults.add({
      service: 'servicecatalog',
      operation: 'SearchProvisionedProducts',
      account: PROD,
      region: 'eu-west-1',
      error: 'AccessDenied',
    });
    const report = await handleTrigger(vended(PROD), world.deps);
    expect(report.accounts[0].unreadable).toEqual([
      { region: 'eu-west-1', reason: expect.stringContaining('could not be read') },
    ]);
    // The readable Regions converge; the directory wanted in the unreadable one is reported, not attempted.
    expect(report.counts).toMatchObject({ provisioned: 4, failed: 1 });
    const unplanned = report.accounts[0].results.find((r) => r.outcome === 'failed');
    expect(unplanned).toMatchObject({ productId: 'directory', region: 'eu-west-1', reason: expect.stringMatching(/^not planned: .*could not be read/) });
    expect(world.sim.calls.some((c) => c.operation === 'ProvisionProduct' && c.region === 'eu-west-1')).toBe(false);
  });

  it('planTrigger reads and plans without changing anything', async () => {
    const world = await buildSimWorld();
    const before = world.sim.calls.length;
    const plan = await planTrigger(prodOuRegistered, world.deps);
    const provisions = [...FOUNDATION, 'iom'].map((id) => `provision ${id}`);
    expect(plan.accounts.map((a) => [a.account.id, a.actions.map((x) => `${x.kind} ${x.productId}`)])).toEqual([
      [PROD, provisions],
      [PROD_2, provisions],
    ]);
    expect(world.sim.calls.slice(before).filter((c) => WRITES.test(c.operation))).toEqual([]);
    expect(world.deps.publisher.published).toEqual([]);
  });
});

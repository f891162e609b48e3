/**
 * Proof: an account moved (sim.org.moveAccount + the MoveAccount event) to an OU without assignments loses its
 * products with `onAccountLeavesScope: terminate` and keeps them with `retain`; a suspended account is skipped with
 * the reason. Real core, real SDK clients, the simulated landing zone.
 */
import { describe, expect, it } from 'vitest';
import { parseTrigger, type Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { bootLandingZone, movedEvent, SECURITY_OU, WORKLOADS_OU } from '../worker/landing-zone-fixture';
import { manifestWith } from './manifest-fixture';

const APP_DEV = '333333333333';
const APP_PROD = '222222222222';
/** The example prepares shared accounts: the Falcon directory is in every governed Region, the launch role at home. */
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FOUNDATION = ['launch-role@us-east-1', ...REGIONS.map((r) => `directory@${r}`)];

const manifestWithScope = (onAccountLeavesScope: 'terminate' | 'retain') =>
  manifestWith({
    products: { iom: { enabled: true } },
    assignments: [{ name: 'iom-workloads', product: 'iom', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'home' }],
    lifecycle: { onAccountLeavesScope, onAccountSuspended: 'retain' },
  });

const accountTrigger = (accountId: string): Trigger => ({ kind: 'account', accountId, source: { eventName: 'CreateManagedAccount', eventId: `vend-${accountId}` } });

function triggerOf(event: unknown): Trigger {
  const parsed = parseTrigger(event);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.trigger;
}

async function provisionedThenMoved(onAccountLeavesScope: 'terminate' | 'retain') {
  const world = await bootLandingZone(manifestWithScope(onAccountLeavesScope));
  const first = await handleTrigger(accountTrigger(APP_DEV), world.invocation());
  expect(first.counts).toMatchObject({ provisioned: 5, failed: 0 });
  const idsBefore = new Map(
    REGIONS.flatMap((region) => world.sim.sc.provisionedProducts(APP_DEV, region).map((p) => [p.id, `${p.name}@${region}`] as const)),
  );
  world.sim.org.moveAccount(APP_DEV, SECURITY_OU);
  const moved = await handleTrigger(triggerOf(movedEvent(APP_DEV, WORKLOADS_OU, SECURITY_OU)), world.invocation());
  return { world, moved, idsBefore };
}

const names = (world: Awaited<ReturnType<typeof bootLandingZone>>) =>
  REGIONS.flatMap((region) => world.sim.sc.provisionedProducts(APP_DEV, region).map((p) => `${p.name}@${region}`)).sort();

describe('offboarding through lifecycle events', () => {
  it('terminate: an account moved out of every assignment and out of the share loses its products, the directory after them, the launch role last', async () => {
    const { world, moved, idsBefore } = await provisionedThenMoved('terminate');
    const why = 'no assignment covers this account and Region any more (lifecycle.onAccountLeavesScope: terminate)';
    expect(moved.accounts[0].results.map((r) => [`${r.productId}@${r.region}`, r.outcome, r.reason]).sort()).toEqual(
      [...FOUNDATION, 'iom@us-east-1'].map((place) => [place, 'terminated', why]).sort(),
    );
    expect(names(world)).toEqual([]);
    // Executed in the account itself: IOM before the directory of its Region (it reads it on every update), the
    // directories of the other Regions at once (nothing there waits on them), and the launch role last (Service
    // Catalog needs it to terminate the others).
    const terminations = world.sim.calls.filter((c) => c.operation === 'TerminateProvisionedProduct' && !c.error);
    expect(new Set(terminations.map((c) => c.callerAccount))).toEqual(new Set([APP_DEV]));
    const order = terminations.map((c) => idsBefore.get(String(c.input.ProvisionedProductId)));
    expect(order).toHaveLength(5);
    expect(new Set(order.slice(0, 3))).toEqual(new Set(['falcon-iom@us-east-1', 'falcon-directory@us-west-2', 'falcon-directory@eu-west-1']));
    expect(order[3]).toBe('falcon-directory@us-east-1');
    expect(order[4]).toBe('falcon-launch-role@us-east-1');
    expect(world.sim.iam.hasRole(APP_DEV, 'FalconCatalogLaunchRole')).toBe(false);
  });

  it('retain: an account moved out of every assignment keeps its products, and says why', async () => {
    const { world, moved } = await provisionedThenMoved('retain');
    expect(moved.accounts[0].results.map((r) => [`${r.productId}@${r.region}`, r.outcome]).sort()).toEqual(
      [...FOUNDATION, 'iom@us-east-1'].map((place) => [place, 'skipped']).sort(),
    );
    for (const result of moved.accounts[0].results) expect(result.reason).toMatch(/retained \(lifecycle\.onAccountLeavesScope: retain\)/);
    expect(names(world)).toEqual(
      ['falcon-iom@us-east-1', 'falcon-launch-role@us-east-1', ...REGIONS.map((r) => `falcon-directory@${r}`)].sort(),
    );
    expect(world.sim.calls.filter((c) => c.operation === 'TerminateProvisionedProduct')).toEqual([]);
  });

  it('a suspended account is skipped with the reason, and nothing is called in it', async () => {
    const world = await bootLandingZone(manifestWithScope('terminate'));
    world.sim.org.suspend(APP_PROD);
    const before = world.sim.calls.length;
    const report = await handleTrigger(accountTrigger(APP_PROD), world.invocation());
    expect(report.accounts[0].results.map((r) => [`${r.productId}@${r.region}`, r.outcome, r.reason])).toEqual(
      [...FOUNDATION, 'iom@us-east-1'].map((place) => [place, 'skipped', 'account is SUSPENDED: nothing is provisioned into it']),
    );
    expect(world.sim.calls.slice(before).filter((c) => c.callerAccount === APP_PROD || c.operation === 'AssumeRole')).toEqual([]);
  });
});

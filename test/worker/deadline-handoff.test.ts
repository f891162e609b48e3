/**
 * Proof, through the worker's `processMessage` and the real core in the simulated landing zone: a worker that
 * reaches its deadline while records run reports nothing as done, hands the rest on in a follow-up job for the
 * same account, and the follow-up waits for those records and finishes the items that depended on them; each item
 * gets exactly one result event, when it ends. A message that would reach the DLQ always carries its reason.
 */
import { describe, expect, it } from 'vitest';
import { MAX_HAND_OFFS, processMessage, type AccountJob } from '../../lifecycle-handlers/worker/process-message';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { bootLandingZone, perRegionManifest, PROD_OU, vendedEvent } from './landing-zone-fixture';

const ACCOUNT = '222222222222';
const MAX_RECEIVES = 3;

async function world() {
  const zone = await bootLandingZone(perRegionManifest());
  const queue = inMemoryQueue(zone.sim.clock);
  /** One invocation whose Lambda deadline comes `afterMs` of virtual time from now (none: no deadline). */
  const invocation = (afterMs?: number) => {
    const deadline = afterMs === undefined ? undefined : zone.sim.clock.now() + afterMs;
    return {
      queue,
      maxReceives: MAX_RECEIVES,
      now: () => zone.sim.clock.now(),
      lifecycle: { ...zone.invocation(), ...(deadline ? { shouldStop: () => zone.sim.clock.now() >= deadline } : {}) },
    };
  };
  return { ...zone, queue, invocation };
}

describe('the worker near its Lambda deadline', () => {
  it('hands running records on, never reports them done, and the follow-up finishes the account', async () => {
    const { sim, queue, published, invocation } = await world();
    const body = JSON.stringify(vendedEvent(ACCOUNT, PROD_OU));

    // The deadline comes 20 s in: the launch role and the directories (30 s records) are still running.
    const first = await processMessage(body, 1, invocation(20_000));
    expect(first.kind).toBe('handed-on');
    if (first.kind !== 'handed-on') return;
    const results = first.report.accounts[0].results;
    expect(results.length).toBe(8);
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['pending']));
    const byProduct = (product: string, region = 'us-east-1') => results.find((r) => r.productId === product && r.region === region)!;
    expect(byProduct('launch-role').reason).toMatch(/^record rec-\S+ still IN_PROGRESS when this run stopped waiting/);
    expect(byProduct('iom').reason).toBe('waits for launch-role in us-east-1, still running when this run stopped waiting; the next delivery starts it');
    // Nothing pending is published as a result: no item is reported done, or twice.
    expect(published).toEqual([]);
    // Only the launch role and the three directories were started.
    const started = () => sim.calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error && c.callerAccount === ACCOUNT);
    expect(started().map((c) => `${String(c.input.ProvisionedProductName)}@${c.region}`).sort()).toEqual(
      ['falcon-launch-role@us-east-1', 'falcon-directory@us-east-1', 'falcon-directory@us-west-2', 'falcon-directory@eu-west-1'].sort(),
    );

    // The follow-up: one job for the same account, marked as the first hand-off of an account event's run.
    expect(queue.pending).toHaveLength(1);
    const followUp = JSON.parse(queue.pending[0]) as AccountJob;
    expect(followUp).toMatchObject({ falconCatalog: 'reconcile-account', accountId: ACCOUNT, handOff: { count: 1, fanOut: false } });
    expect(followUp.account?.ancestors.at(-1)?.id).toBe(PROD_OU);

    // It waits for the records the first invocation started, then starts what depended on them.
    const second = await processMessage(queue.pending.shift()!, 1, invocation());
    expect(second.kind).toBe('reconciled');
    if (second.kind !== 'reconciled') return;
    const done = second.report.accounts[0].results;
    expect(done.filter((r) => r.outcome !== 'provisioned')).toEqual([]);
    expect(done.find((r) => r.productId === 'launch-role')?.reason).toMatch(/^the provision an earlier delivery started \(record rec-\S+\) ended$/);
    // Every item provisioned once, and reported once.
    expect(started()).toHaveLength(8);
    const places = published.map((d) => `${d.productId}@${d.region}:${d.outcome}`);
    expect(places).toHaveLength(8);
    expect(new Set(places).size).toBe(8);
    expect(queue.pending).toEqual([]);
  });

  it(`parks a run whose records never end after ${MAX_HAND_OFFS} hand-offs, with the records in the reason`, async () => {
    const { queue, invocation } = await world();
    await processMessage(JSON.stringify(vendedEvent(ACCOUNT, PROD_OU)), 1, invocation(20_000));
    const followUp = JSON.parse(queue.pending.shift()!) as AccountJob;
    const last = JSON.stringify({ ...followUp, handOff: { ...followUp.handOff!, count: MAX_HAND_OFFS } });
    // The deadline has already come: the records (still running) are looked at once and left pending.
    const outcome = await processMessage(last, 1, invocation(0));
    expect(outcome.kind).toBe('parked');
    expect(queue.parked).toHaveLength(1);
    expect(queue.parked[0].reason).toMatch(new RegExp(`^8 item\\(s\\) still not finished after ${MAX_HAND_OFFS} hand-offs: account ${ACCOUNT} `));
    expect(queue.parked[0].reason).toContain('still IN_PROGRESS');
    expect(queue.pending).toEqual([]);
  });

  it('parks with a reason a message whose previous attempt ended without one, and one whose last attempt threw', async () => {
    const { sim, queue, invocation } = await world();
    const body = JSON.stringify(vendedEvent(ACCOUNT, PROD_OU));
    // Receive 4 of a queue that parks at 3 means attempt 3 stopped (timeout, crash) before it could park.
    const afterCrash = await processMessage(body, MAX_RECEIVES + 1, invocation());
    expect(afterCrash).toEqual({ kind: 'parked', reason: expect.stringMatching(/^attempt 3 of 3 ended without a result/) });
    expect(sim.calls.filter((c) => c.callerAccount === ACCOUNT)).toEqual([]);

    // The schedule's fan-out cannot read Organizations: retried, and parked with the error on the last attempt.
    sim.faults.add({ service: 'organizations', operation: 'ListRoots', error: 'AccessDenied' });
    const schedule = JSON.stringify({ version: '0', id: 'daily', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    await expect(processMessage(schedule, 1, invocation())).rejects.toThrow(/AccessDenied/);
    const parked = await processMessage(schedule, MAX_RECEIVES, invocation());
    expect(parked).toEqual({ kind: 'parked', reason: expect.stringMatching(/^attempt 3 of 3 failed: .*AccessDenied/) });
    expect(queue.parked.map((p) => p.reason)).toHaveLength(2);
    expect(queue.parked.every((p) => p.reason.length > 0)).toBe(true);
  });
});

/**
 * Proof: with every Service Catalog API throttled, AccessDenied in one Region, one record that ends FAILED and one
 * that ends TAINTED, the other products and Regions complete; the failures are retried by redelivery; what still
 * fails on the last receive is parked in the DLQ with a reason naming account, Region and product. Driven through
 * the worker's `processMessage` with an in-memory queue and a receive count that climbs to `maxReceives`.
 */
import { describe, expect, it } from 'vitest';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { processMessage, RetryLater } from '../../lifecycle-handlers/worker/process-message';
import { findProduct } from '../../products/registry';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { bootLandingZone, perRegionManifest, PROD_OU, vendedEvent } from '../worker/landing-zone-fixture';
import { manifestWith } from './manifest-fixture';

const ACCOUNT = '222222222222';
const MAX_RECEIVES = 3;
const IOM = findProduct('iom')!.displayName;
const THREAT_DETECTION = findProduct('threat-detection')!.displayName;

const live = (sim: Awaited<ReturnType<typeof bootLandingZone>>['sim'], region: string, name: string) =>
  sim.sc.provisionedProducts(ACCOUNT, region).filter((p) => p.name === name);

describe('faults during an account event', () => {
  it('isolates each failure, retries it, and parks what never recovers with a reason', async () => {
    // Before: the account has the launch role, IOM (home Region only) and, prepared by the example's
    // portfolio.selfService, the Falcon directory in every governed Region.
    const before = manifestWith({
      products: { iom: { enabled: true } },
      assignments: [{ name: 'iom-workloads', product: 'iom', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'home' }],
    });
    const { sim, invocation } = await bootLandingZone(before);
    const setup = await handleTrigger({ kind: 'account', accountId: ACCOUNT, source: { eventName: 'setup', eventId: 'setup' } }, invocation());
    expect(setup.counts).toMatchObject({ provisioned: 5, failed: 0 });

    // Now: IOM gets another role name (an update) and threat detection is added in every governed Region.
    const base = perRegionManifest();
    const after = { ...base, assignments: base.assignments.map((a) => (a.product === 'iom' ? { ...a, parameters: { roleName: 'CrowdStrikeCSPMReader-renamed' } } : a)) };

    // One call per API per 10 s per account and Region: polling every 5 s and repeated look-ups are throttled.
    const faultsFrom = sim.calls.length;
    sim.throttle.set({ service: 'servicecatalog', ratePerSecond: 0.1, burst: 1 });
    sim.faults.add({ service: 'servicecatalog', operation: 'SearchProvisionedProducts', account: ACCOUNT, region: 'eu-west-1', error: 'AccessDenied' });
    sim.sc.failNextProvision({ account: ACCOUNT, region: 'us-west-2', productName: THREAT_DETECTION, status: 'FAILED', message: 'CREATE_FAILED: Rule cs-falcon-catalog-ioa (simulated)' });
    sim.sc.failNextProvision({ account: ACCOUNT, region: 'us-east-1', productName: IOM, status: 'TAINTED', message: 'UPDATE_FAILED: Role CrowdStrikeCSPMReader-renamed (simulated)' });

    const queue = inMemoryQueue(sim.clock);
    const body = JSON.stringify(vendedEvent(ACCOUNT, PROD_OU));
    const deliver = (receiveCount: number) => processMessage(body, receiveCount, { queue, maxReceives: MAX_RECEIVES, lifecycle: invocation(after) });

    // Receive 1: the Region without faults completes; the FAILED, TAINTED and AccessDenied items fail, each alone.
    const first = await deliver(1).then(() => undefined, (error: unknown) => error);
    expect(first).toBeInstanceOf(RetryLater);
    const firstReason = (first as RetryLater).message;
    expect(firstReason).toContain(`account ${ACCOUNT} us-east-1 iom: update FAILED`);
    expect(firstReason).toContain('TAINTED');
    expect(firstReason).toContain(`account ${ACCOUNT} us-west-2 threat-detection: provision FAILED`);
    expect(firstReason).toMatch(new RegExp(`account ${ACCOUNT} eu-west-1 threat-detection: .*AccessDeniedException`));
    // The directory wanted there is not attempted either (its state is unreadable too): it fails alongside.
    expect(firstReason).toMatch(new RegExp(`account ${ACCOUNT} eu-west-1 directory: .*AccessDeniedException`));
    expect(live(sim, 'us-east-1', 'falcon-threat-detection').map((p) => p.status)).toEqual(['AVAILABLE']);
    expect(live(sim, 'us-east-1', 'falcon-iom').map((p) => p.status)).toEqual(['TAINTED']);
    expect(live(sim, 'us-west-2', 'falcon-threat-detection').map((p) => p.status)).toEqual(['ERROR']);
    expect(sim.calls.some((c) => c.service === 'servicecatalog' && c.error === 'ThrottlingException')).toBe(true);

    // Receive 2: the TAINTED and FAILED items are re-applied and succeed; eu-west-1 (directory and threat detection)
    // is still denied.
    await expect(deliver(2)).rejects.toThrow(/2 item\(s\) failed after attempt 2 of 3/);
    expect(live(sim, 'us-east-1', 'falcon-iom').map((p) => [p.status, p.parameters.RoleName])).toEqual([['AVAILABLE', 'CrowdStrikeCSPMReader-renamed']]);
    expect(live(sim, 'us-west-2', 'falcon-threat-detection').map((p) => p.status)).toEqual(['AVAILABLE']);
    expect(queue.parked).toEqual([]);

    // Receive 3 = maxReceives: parked with the reason.
    const last = await deliver(3);
    expect(last.kind).toBe('parked');
    expect(queue.parked).toHaveLength(1);
    expect(queue.parked[0].body).toBe(body);
    const denied = (product: string) =>
      `account ${ACCOUNT} eu-west-1 ${product}: not planned: provisioned products in eu-west-1 could not be read: AccessDeniedException`;
    expect(queue.parked[0].reason).toMatch(/^2 item\(s\) failed after attempt 3 of 3: /);
    expect(queue.parked[0].reason).toContain(denied('directory'));
    expect(queue.parked[0].reason).toContain(denied('threat-detection'));
    // Nothing was launched into the denied Region once it was denied (the setup had put the directory there).
    expect(sim.calls.slice(faultsFrom).filter((c) => c.region === 'eu-west-1' && c.callerAccount === ACCOUNT && c.operation === 'ProvisionProduct')).toEqual([]);
  });
});

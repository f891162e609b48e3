/**
 * Proof: five accounts vended at once, each CreateManagedAccount event delivered three times in a shuffled order
 * and all fifteen deliveries processed concurrently by the worker, converge to exactly one provisioned product per
 * account × product × Region, launched by exactly one provisioning record each.
 */
import { describe, expect, it } from 'vitest';
import { processMessage } from '../../lifecycle-handlers/worker/process-message';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { bootLandingZone, GOVERNED, perRegionManifest, PROD_OU, shuffled, vendedEvent } from '../worker/landing-zone-fixture';

const NEW_ACCOUNTS = ['210000000001', '210000000002', '210000000003', '210000000004', '210000000005'];
const EXPECTED = [
  { name: 'falcon-launch-role', regions: ['us-east-1'] },
  // threat-detection's newest version reads the Falcon directory, so it goes first into each of its Regions.
  { name: 'falcon-directory', regions: GOVERNED },
  { name: 'falcon-iom', regions: ['us-east-1'] },
  { name: 'falcon-threat-detection', regions: GOVERNED },
];

describe('five concurrent vends, each event delivered three times', () => {
  it('provisions each account × product × Region exactly once', async () => {
    const { sim, invocation } = await bootLandingZone(perRegionManifest());
    for (const [i, id] of NEW_ACCOUNTS.entries()) sim.org.addAccount({ id, name: `vended-${i + 1}`, parent: PROD_OU });
    const deliveries = shuffled(
      NEW_ACCOUNTS.flatMap((id) => [1, 2, 3].map(() => JSON.stringify(vendedEvent(id, PROD_OU)))),
      20251116,
    );
    const queue = inMemoryQueue(sim.clock);

    // Every delivery is its own invocation (fresh clients and caches), all in flight together.
    const outcomes = await Promise.allSettled(
      deliveries.map((body) => processMessage(body, 1, { queue, maxReceives: 3, lifecycle: invocation() })),
    );
    // A delivery that met a sibling's in-flight work may ask to be retried; none may be parked.
    expect(queue.parked).toEqual([]);
    const retried = outcomes.filter((o) => o.status === 'rejected');
    for (const delivery of retried) expect(String((delivery as PromiseRejectedResult).reason)).toMatch(/failed after attempt 1/);

    // Retried deliveries run again (as SQS would redeliver them), until nothing is left to do.
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') await processMessage(deliveries[index], 2, { queue, maxReceives: 3, lifecycle: invocation() });
    }

    for (const account of NEW_ACCOUNTS) {
      for (const { name, regions } of EXPECTED) {
        for (const region of regions) {
          const live = sim.sc.provisionedProducts(account, region).filter((p) => p.name === name);
          expect(live.map((p) => p.status), `${account} ${region} ${name}`).toEqual(['AVAILABLE']);
        }
      }
      for (const region of GOVERNED) {
        expect(sim.sc.provisionedProducts(account, region).map((p) => p.name).sort()).toEqual(
          EXPECTED.filter((e) => e.regions.includes(region)).map((e) => e.name).sort(),
        );
      }
    }

    // One provisioning record per account × product × Region: every accepted ProvisionProduct for a place
    // carried the same idempotency token, so Service Catalog returned the first record for the repeats.
    const tokens = new Map<string, Set<string>>();
    for (const call of sim.calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error)) {
      const place = `${call.callerAccount}/${call.region}/${String(call.input.ProvisionedProductName)}`;
      tokens.set(place, new Set([...(tokens.get(place) ?? []), String(call.input.ProvisionToken)]));
    }
    expect(tokens.size).toBe(NEW_ACCOUNTS.length * EXPECTED.reduce((n, e) => n + e.regions.length, 0));
    expect(tokens.size).toBe(NEW_ACCOUNTS.length * 8);
    for (const [place, seen] of tokens) expect(seen.size, place).toBe(1);
    expect(sim.calls.filter((c) => c.operation === 'TerminateProvisionedProduct')).toEqual([]);
  });
});

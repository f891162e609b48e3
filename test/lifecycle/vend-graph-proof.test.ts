/**
 * Proof, through the real core in the simulated landing zone (30 s records, polling every 5 s): a vended account's
 * plan runs as a dependency graph. The launch role and every Region's directory start together at once; each
 * product starts as soon as the launch role and its Region's directory have SUCCEEDED, never before, every Region
 * at the same time; so the whole vend takes two record times, not one per Region and layer.
 */
import { describe, expect, it } from 'vitest';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { bootLandingZone, GOVERNED, perRegionManifest } from '../worker/landing-zone-fixture';

const ACCOUNT = '222222222222';
const RECORD_MS = 30_000;
const POLL_MS = 5_000;
/** The simulator's principal-association propagation delay (simulator/SIMPLIFICATIONS.md). */
const PROPAGATION_MS = 10_000;

describe('a vend as a dependency graph', () => {
  it('starts the launch role and the directories together, and every product one record time later', async () => {
    const { sim, invocation } = await bootLandingZone(perRegionManifest());
    const eventAt = sim.clock.now();
    const report = await handleTrigger({ kind: 'account', accountId: ACCOUNT, source: { eventName: 'CreateManagedAccount', eventId: 'vend' } }, invocation());
    expect(report.counts).toMatchObject({ provisioned: 8, failed: 0, pending: 0 });

    const requested = new Map(
      sim.calls
        .filter((c) => c.operation === 'ProvisionProduct' && !c.error && c.callerAccount === ACCOUNT)
        .map((c) => [`${String(c.input.ProvisionedProductName)}@${c.region}`, c.time - eventAt]),
    );
    expect(requested.size).toBe(8);
    const at = (name: string, region = 'us-east-1') => requested.get(`falcon-${name}@${region}`)!;

    // The first layer, all at once: nothing it starts depends on another record. It waits only for the new account's
    // principal association to give it launch paths (the simulator's propagation delay, looked up with short waits).
    const firstLayer = [at('launch-role'), ...GOVERNED.map((r) => at('directory', r))];
    expect(Math.max(...firstLayer) - Math.min(...firstLayer)).toBeLessThan(2_000);
    expect(Math.max(...firstLayer)).toBeLessThan(PROPAGATION_MS + 2_000);
    // Each product after the records it depends on have ended, and within one polling interval of that.
    const products = [['iom', 'us-east-1'], ...GOVERNED.map((r) => ['threat-detection', r])] as const;
    for (const [product, region] of products) {
      const after = Math.max(at('launch-role') + RECORD_MS, product === 'threat-detection' ? at('directory', region) + RECORD_MS : 0);
      expect(at(product, region), `${product} in ${region}`).toBeGreaterThanOrEqual(after);
      expect(at(product, region), `${product} in ${region}`).toBeLessThanOrEqual(after + POLL_MS + 1_000);
    }
    // So the last product was requested about one record time after the association propagated.
    expect(Math.max(...requested.values())).toBeLessThan(PROPAGATION_MS + RECORD_MS + POLL_MS + 2_000);
  });
});

/**
 * A launch's product, launch-path and version IDs come from one DescribeProduct per product and Region (the
 * benchmark's vend-cost minimum), and a version the portfolio does not offer fails that item with the reason.
 */
import { describe, expect, it } from 'vitest';
import { parseTrigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { bootLandingZone, perRegionManifest, PROD_OU, vendedEvent } from '../worker/landing-zone-fixture';

const VENDED = '210000000042';

async function vend(manifest = perRegionManifest()) {
  const { sim, invocation } = await bootLandingZone(manifest);
  sim.org.addAccount({ id: VENDED, name: 'vended', parent: PROD_OU });
  const parsed = parseTrigger(vendedEvent(VENDED, PROD_OU));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const before = sim.calls.length;
  const report = await handleTrigger(parsed.trigger, invocation());
  return { report, calls: sim.calls.slice(before).filter((c) => c.callerAccount === VENDED) };
}

describe('launch look-ups', () => {
  it('make one DescribeProduct per launched product and Region, and no separate searches', async () => {
    const { report, calls } = await vend();
    const launched = report.accounts[0].results.filter((r) => r.outcome === 'provisioned');
    // Launch role, IOM, and threat detection with the Falcon directory it reads in each of the 3 governed Regions.
    expect(launched).toHaveLength(8);
    expect(calls.filter((c) => c.operation === 'DescribeProduct')).toHaveLength(launched.length);
    expect(calls.filter((c) => /^(SearchProducts|ListLaunchPaths|ListProvisioningArtifacts)$/.test(c.operation))).toEqual([]);
  });

  it('fail the item, with the versions on offer, when the planned version is not active', async () => {
    const manifest = perRegionManifest({ products: { iom: { enabled: true, version: 'v9.9.9' }, 'threat-detection': { enabled: true } } });
    const { report } = await vend(manifest);
    const iom = report.accounts[0].results.find((r) => r.productId === 'iom');
    expect(iom?.outcome).toBe('failed');
    expect(iom?.reason).toMatch(/has no active version v9\.9\.9 \(active versions: v1\.0\.0, v1\.1\.0, v1\.2\.0\)/);
  });
});

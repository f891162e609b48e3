/**
 * A launch's launch-path and version IDs come from ListLaunchPaths and ListProvisioningArtifacts per product and Region
 * (never DescribeProduct, which fails with administrator access, and the execution role has it); the first look-up in
 * a Region waits while the new principal association propagates, and the look-ups that come meanwhile wait for it
 * instead of repeating their own; a version the portfolio does not offer fails that item with the reason.
 */
import { describe, expect, it } from 'vitest';
import { parseTrigger } from '../../lifecycle-handlers/core/events';
import { PRINCIPAL_PROPAGATION_WAITS_MS } from '../../lifecycle-handlers/core/launch-target';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { findProduct } from '../../products/registry';
import { bootLandingZone, perRegionManifest, PROD_OU, vendedEvent } from '../worker/landing-zone-fixture';

const VENDED = '210000000042';

async function vend(manifest = perRegionManifest()) {
  const { sim, invocation } = await bootLandingZone(manifest);
  sim.org.addAccount({ id: VENDED, name: 'vended', parent: PROD_OU });
  const parsed = parseTrigger(vendedEvent(VENDED, PROD_OU));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const before = sim.calls.length;
  const report = await handleTrigger(parsed.trigger, invocation());
  return { sim, report, calls: sim.calls.slice(before).filter((c) => c.callerAccount === VENDED) };
}

describe('launch look-ups', () => {
  it('use ListLaunchPaths and ListProvisioningArtifacts once per launched product and Region, never DescribeProduct', async () => {
    const { sim, report, calls } = await vend();
    const launched = report.accounts[0].results.filter((r) => r.outcome === 'provisioned');
    // Launch role, IOM, and threat detection with the Falcon directory it reads in each of the 3 governed Regions.
    expect(launched).toHaveLength(8);
    const count = (operation: string) => calls.filter((c) => c.operation === operation && !c.error).length;
    expect(count('DescribeProduct')).toBe(0);
    expect(count('ListProvisioningArtifacts')).toBe(launched.length);
    // Look-ups made before the new association has propagated are repeated on the core's schedule; none after it.
    let waited = 0;
    const repeats = PRINCIPAL_PROPAGATION_WAITS_MS.findIndex((ms) => (waited += ms) >= sim.sc.timing.principalPropagationMs) + 1;
    expect(count('ListLaunchPaths')).toBeGreaterThan(launched.length);
    expect(count('ListLaunchPaths')).toBeLessThanOrEqual(launched.length + new Set(launched.map((r) => r.region)).size * repeats);
    // Launches of one Region start together (the launch role and the directory; the products' look-ups are made while
    // those records run): only the first product repeats its look-up, the others wait for it and look once.
    for (const region of new Set(launched.map((r) => r.region))) {
      const lookups = calls.filter((c) => c.operation === 'ListLaunchPaths' && c.region === region).map((c) => String(c.input.ProductId));
      const perProduct = new Map<string, number>();
      for (const product of lookups) perProduct.set(product, (perProduct.get(product) ?? 0) + 1);
      const [first, ...others] = [...new Set(lookups)];
      expect(perProduct.get(first), region).toBeGreaterThan(1);
      for (const product of others) expect(perProduct.get(product), `${product} in ${region}`).toBe(1);
    }
    expect(calls.filter((c) => /^(SearchProducts|DescribeProductAsAdmin)$/.test(c.operation))).toEqual([]);
  });

  it('fail the item, with the versions on offer, when the planned version is not active', async () => {
    const manifest = perRegionManifest({ products: { iom: { enabled: true, version: 'v9.9.9' }, 'threat-detection': { enabled: true } } });
    const { report } = await vend(manifest);
    const iom = report.accounts[0].results.find((r) => r.productId === 'iom');
    expect(iom?.outcome).toBe('failed');
    // Every version the portfolio publishes (retired ones stay published, DEPRECATED), as the registry lists them.
    const published = findProduct('iom')!.versions.map((v) => v.name).join(', ');
    expect(iom?.reason).toContain(`has no active version v9.9.9 (active versions: ${published})`);
  });
});

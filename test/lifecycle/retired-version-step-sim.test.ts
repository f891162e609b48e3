/**
 * Proof through the real core and SDK clients in the simulator: a product left on a retired version by an earlier
 * release is moved to its first launchable version (the one that put the product boundary on the same roles), and to
 * the newest only on the next run, so no single update changes a role's boundary and its policies together.
 */
import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { currentVersionName, findProduct, launchableVersions } from '../../products/registry';
import { exampleIomManifest, manifestWith } from './manifest-fixture';
import { buildSimWorld, PROD } from './sim-world';

const vend: Trigger = { kind: 'account', accountId: PROD, source: { eventName: 'UpdateManagedAccount', eventId: 'e-1' } };
const IOM = findProduct('iom')!;
const FIRST_LAUNCHABLE = launchableVersions(IOM)[0].name;
const NEWEST = currentVersionName(IOM);
const RETIRED = IOM.versions.find((v) => v.retired)!.name;

const iomResult = async (world: Awaited<ReturnType<typeof buildSimWorld>>, manifest = exampleIomManifest()) => {
  const report = await handleTrigger(vend, world.nextInvocation(manifest));
  return report.accounts[0].results.find((r) => r.productId === 'iom')!;
};

/** An earlier release provisioned IOM at a version this release retires; this release's deploy deprecates it. */
async function leftOnRetired() {
  const world = await buildSimWorld({ manifest: manifestWith({ products: { iom: { enabled: true, version: RETIRED } } }), retiredGuidance: 'later' });
  const first = (await handleTrigger(vend, world.deps)).accounts[0].results.find((r) => r.productId === 'iom')!;
  expect(first).toMatchObject({ outcome: 'provisioned', version: RETIRED });
  await world.deprecateRetired();
  return world;
}

describe('a product on a retired version', () => {
  it('cannot be launched anew once deprecated', async () => {
    const world = await buildSimWorld({ manifest: manifestWith({ products: { iom: { enabled: true, version: RETIRED } } }) });
    const iom = (await handleTrigger(vend, world.deps)).accounts[0].results.find((r) => r.productId === 'iom')!;
    expect(iom.outcome).toBe('failed');
    expect(iom.reason).toMatch(new RegExp(`InvalidParametersException: .*\\(${RETIRED}\\) .* is deprecated`));
  });

  it('reaches the newest version in two runs, through the first launchable one', async () => {
    expect(FIRST_LAUNCHABLE).not.toBe(NEWEST);
    const world = await leftOnRetired();

    const step = await iomResult(world);
    expect(step).toMatchObject({ outcome: 'updated', version: FIRST_LAUNCHABLE });
    expect(step.reason).toBe(
      `version ${RETIRED} → ${FIRST_LAUNCHABLE}, retired → first launchable (the product boundary goes on the roles ` +
        `before their policies change); ${NEWEST} on the next run`,
    );
    // The first launchable version's own parameters: the CrowdStrike values come from the Falcon directory, where the
    // retired version took them free-form.
    expect(step.parameterDiff).toContainEqual(expect.objectContaining({ key: 'ExternalId', to: '/falcon-catalog/directory/external-id' }));

    const last = await iomResult(world);
    expect(last).toMatchObject({ outcome: 'updated', version: NEWEST, reason: `version ${FIRST_LAUNCHABLE} → ${NEWEST}` });
    expect(await iomResult(world)).toMatchObject({ outcome: 'skipped', reason: 'up to date' });
  });

  it('goes straight to a pinned first launchable version, and a launchable version straight to the newest', async () => {
    const world = await leftOnRetired();
    const pinned = manifestWith({ products: { iom: { enabled: true, version: FIRST_LAUNCHABLE } } });
    const direct = await iomResult(world, pinned);
    expect(direct).toMatchObject({ outcome: 'updated', version: FIRST_LAUNCHABLE });
    expect(direct.reason).toMatch(new RegExp(`^version ${RETIRED} → ${FIRST_LAUNCHABLE}; parameters changed: `));
    expect(await iomResult(world)).toMatchObject({ outcome: 'updated', version: NEWEST });
  });
});

/**
 * Regions the manifest assigns that the landing zone does not govern: Control Tower's baselines, controls and
 * lifecycle events are absent there, so a product would run unguarded (or the execution role may be missing).
 */
import type { Manifest } from '../manifest/schema';

/** `landingZoneRegions` undefined: the landing zone's Regions are unknown and nothing can be compared. */
export function regionWarnings(manifest: Manifest, landingZoneRegions: readonly string[] | undefined): string[] {
  if (!landingZoneRegions) return [];
  const governed = new Set(landingZoneRegions);
  const warnings: string[] = [];
  for (const region of manifest.organization.governedRegions.filter((r) => !governed.has(r))) {
    const users = manifest.assignments
      .filter((a) => a.regions === 'governed' || (Array.isArray(a.regions) && a.regions.includes(region)) || (a.regions === 'home' && region === manifest.organization.homeRegion))
      .map((a) => a.name);
    const by = users.length > 0 ? `assignment(s) ${users.join(', ')} deploy there` : 'no assignment deploys there yet';
    warnings.push(
      `Region ${region} is in the manifest's governedRegions but the landing zone does not govern it (${by}); ` +
        `the landing zone governs ${[...governed].join(', ')}`,
    );
  }
  return warnings;
}

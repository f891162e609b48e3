/** The one-line description of a valid manifest that `validate` prints. */
import type { Manifest } from '../manifest/schema';

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function shareSummary(manifest: Manifest): string {
  const { organization, organizationalUnits, accounts } = manifest.portfolio.shareWith;
  if (organization) return 'shared with the whole organization';
  const parts = [
    ...(organizationalUnits.length > 0 ? [plural(organizationalUnits.length, 'OU')] : []),
    ...(accounts.length > 0 ? [plural(accounts.length, 'account')] : []),
  ];
  return parts.length > 0 ? `shared with ${parts.join(' and ')}` : 'not shared';
}

/**
 * `partition aws, home us-east-1, 3 governed Regions, 1 product enabled, 1 assignment, shared with 2 OUs and 1 account`
 */
export function summarizeManifest(manifest: Manifest): string {
  const { partition, homeRegion, governedRegions } = manifest.organization;
  const enabled = Object.values(manifest.products).filter((setting) => setting?.enabled).length;
  return [
    `partition ${partition}`,
    `home ${homeRegion}`,
    `${plural(governedRegions.length, 'governed Region')}`,
    `${plural(enabled, 'product')} enabled`,
    plural(manifest.assignments.length, 'assignment'),
    shareSummary(manifest),
  ].join(', ');
}

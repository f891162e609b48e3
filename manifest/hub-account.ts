import type { Manifest } from './schema';

/** The Service Catalog hub account: `organization.hubAccountId`, or the management account when unset. */
export function hubAccountOf(manifest: Manifest): string {
  return manifest.organization.hubAccountId ?? manifest.organization.managementAccountId;
}

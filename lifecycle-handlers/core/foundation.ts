/**
 * The internal products an account needs before any Falcon product can be launched in it (pure):
 *
 * - the launch role (home Region), which every other product's `LocalRoleName` launch constraint uses;
 * - the Falcon directory (`products/directory/entries.ts`) in each Region where a product version that reads
 *   it goes, because those versions take their Falcon values from SSM-typed parameters resolved in the account.
 *
 * With `portfolio.selfService.prepareAccounts`, every account the portfolio is shared with gets both (the
 * directory in every governed Region) even when the manifest assigns it nothing, so its owners can launch any
 * product by hand with nothing Falcon-specific to type.
 */
import type { Manifest } from '../../manifest/schema';
import { hubAccountOf } from '../../manifest/hub-account';
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { currentVersionName, findProduct, LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import { type ProductDefinition, type RegistrationOutputs } from '../../vocabulary';
import { provisionedProductName } from './identity';
import { shareKindFor } from './share-kind';
import type { AccountContext, DesiredConflict, DesiredItem } from './types';
import { organizationFacts } from '../../manifest/organization-facts';

function internalProduct(id: string): ProductDefinition {
  const product = findProduct(id);
  if (!product) throw new Error(`the product registry has no ${id} product`);
  return product;
}

/** True when the version of `productId` being provisioned reads the Falcon directory. */
export function readsDirectory(productId: string, version: string): boolean {
  return (findProduct(productId)?.directoryEntries?.(version).length ?? 0) > 0;
}

/** Internal products are not in the manifest's `products`, so they are always the newest version shipped. */
function internalItem(
  product: ProductDefinition,
  account: AccountContext,
  region: string,
  parameters: Record<string, string>,
): DesiredItem {
  return {
    accountId: account.id,
    region,
    productId: product.id,
    version: currentVersionName(product),
    parameters,
    provisionedProductName: provisionedProductName(product.id),
    assignments: [],
  };
}

export interface Foundation {
  /** Launch role first, then the directory in Region order; the caller puts them before the account's items. */
  readonly items: readonly DesiredItem[];
  readonly blocked: readonly DesiredConflict[];
}

export function foundationFor(
  manifest: Manifest,
  account: AccountContext,
  desired: { readonly items: readonly DesiredItem[]; readonly conflicts: readonly DesiredConflict[] },
  registration?: RegistrationOutputs,
): Foundation {
  const { homeRegion, governedRegions } = manifest.organization;
  const hub = hubAccountOf(manifest);
  const prepare = manifest.portfolio.selfService.prepareAccounts && shareKindFor(manifest, account, hub) !== undefined;
  const items: DesiredItem[] = [];
  const blocked: DesiredConflict[] = [];

  // The hub already has the launch role (the portfolio stack creates it, because Service Catalog requires it in the
  // account that owns the launch constraints), and so does the management account of a separate hub (the
  // management-access stack creates it: the lifecycle acts there without IAM rights), so the launch-role product is
  // provisioned in neither.
  const hasLaunchRoleFromInstall = account.id === hub || account.id === manifest.organization.managementAccountId;
  const needsLaunchRole = desired.items.length > 0 || desired.conflicts.length > 0 || prepare;
  if (!hasLaunchRoleFromInstall && needsLaunchRole) {
    const launchRole = internalProduct(LAUNCH_ROLE_PRODUCT_ID);
    const parameters = launchRole.templateParameters({
      org: organizationFacts(manifest),
      version: currentVersionName(launchRole),
      accountId: account.id,
      region: homeRegion,
      isHomeRegion: true,
      assignment: {},
    });
    items.push(internalItem(launchRole, account, homeRegion, parameters));
  }

  const readers = desired.items.filter((i) => readsDirectory(i.productId, i.version));
  const wanted = new Set([...(prepare ? governedRegions : []), ...readers.map((i) => i.region)]);
  // In the manifest's Region order whatever order the assignments list them in, so plans read the same every time.
  const regions = [...governedRegions.filter((r) => wanted.has(r)), ...[...wanted].filter((r) => !governedRegions.includes(r))];
  const directory = internalProduct(DIRECTORY_PRODUCT_ID);
  for (const region of regions) {
    try {
      const parameters = directory.templateParameters({
        org: organizationFacts(manifest),
        version: currentVersionName(directory),
        accountId: account.id,
        region,
        isHomeRegion: region === homeRegion,
        assignment: {},
        registration,
      });
      items.push(internalItem(directory, account, region, parameters));
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      const assignments = [...new Set(readers.filter((i) => i.region === region).flatMap((i) => i.assignments))];
      blocked.push({ kind: 'blocked', accountId: account.id, region, productId: directory.id, assignments, reason: error.message });
    }
  }
  return { items, blocked };
}

/**
 * What is provisioned in one account and Region that the lifecycle must reckon with, read with
 * SearchProvisionedProducts (account-wide access level, every page, sorted by ID), which also returns tags and the current
 * provisioning artifact name (the version).
 *
 * Ownership goes by the hub portfolio's product IDs and the lifecycle's own tag, never by name:
 * - a product of the hub portfolio tagged by the lifecycle is its own (it may update or terminate it);
 * - one tagged by the Account Factory blueprint is the blueprint's (never changed);
 * - one of the hub portfolio without either tag (an account owner's own launch), or a product of another portfolio
 *   that carries one of the lifecycle's names (`falcon-iom`), is someone else's: never changed, and the lifecycle
 *   launches nothing in its place;
 * - anything else (`falcon-dashboard` of another portfolio) is not read at all.
 */
import { paginateSearchProvisionedProducts, type ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { MANAGED_BY_BLUEPRINT, MANAGED_BY_TAG } from '../../products/falcon-baseline/definition';
import { findProduct } from '../../products/registry';
import { productIdFromName } from './identity';
import { provisionedByLifecycle, recordedParameters } from './parameter-tags';
import type { ActualItem, ProvisionedStatus } from './types';

const STATUSES: readonly ProvisionedStatus[] = ['AVAILABLE', 'UNDER_CHANGE', 'TAINTED', 'ERROR', 'PLAN_IN_PROGRESS'];

function toStatus(value: string | undefined): ProvisionedStatus {
  // An unknown status is treated as a change in progress: the safest reading is "do not touch it now".
  return STATUSES.find((s) => s === value) ?? 'UNDER_CHANGE';
}

type Owner = NonNullable<ActualItem['managedBy']> | 'lifecycle';

function ownerOf(hubProduct: boolean, tags: readonly { Key?: string; Value?: string }[] | undefined): Owner {
  if (!hubProduct) return 'other';
  if (tags?.some((t) => t.Key === MANAGED_BY_TAG && t.Value === MANAGED_BY_BLUEPRINT)) return 'blueprint';
  return provisionedByLifecycle(tags) ? 'lifecycle' : 'other';
}

/** `registryIdOf`: the hub portfolio's Service Catalog product IDs in this Region → registry product IDs. */
export async function readActualState(
  serviceCatalog: ServiceCatalogClient,
  accountId: string,
  region: string,
  registryIdOf: ReadonlyMap<string, string>,
): Promise<ActualItem[]> {
  const items: ActualItem[] = [];
  const seen = new Set<string>();
  const pages = paginateSearchProvisionedProducts(
    { client: serviceCatalog, pageSize: 100 },
    {
      // Account level: products launched by any principal in the account, not only the caller's. No SearchQuery:
      // its matching is full-text, so ownership is decided below by product ID and tag instead.
      AccessLevelFilter: { Key: 'Account', Value: 'self' },
      // "If no value is specified, the results are not sorted" (API reference): pages cut from an unsorted listing can
      // miss a product or repeat one. Sorted by ID, every page continues where the last one ended.
      SortBy: 'id',
      SortOrder: 'ASCENDING',
    },
  );
  for await (const page of pages) {
    for (const product of page.ProvisionedProducts ?? []) {
      // A product created or removed between two pages can still shift one into the next page: read it once.
      if (!product.Id || !product.Name || seen.has(product.Id)) continue;
      seen.add(product.Id);
      const hubProductId = product.ProductId ? registryIdOf.get(product.ProductId) : undefined;
      const namedProductId = productIdFromName(product.Name);
      const productId = hubProductId ?? (namedProductId && findProduct(namedProductId) ? namedProductId : undefined);
      if (!productId) continue;
      const owner = ownerOf(hubProductId !== undefined, product.Tags);
      const recorded = owner === 'lifecycle' ? recordedParameters(product.Tags) : {};
      items.push({
        accountId,
        region,
        productId,
        provisionedProductId: product.Id,
        provisionedProductName: product.Name,
        status: toStatus(product.Status),
        ...(product.LastRecordId ? { lastRecordId: product.LastRecordId } : {}),
        ...(product.StatusMessage ? { statusMessage: product.StatusMessage } : {}),
        ...(product.ProvisioningArtifactName ? { version: product.ProvisioningArtifactName } : {}),
        ...(recorded.parameters ? { parameters: recorded.parameters } : {}),
        ...(recorded.digest ? { parametersDigest: recorded.digest } : {}),
        ...(owner !== 'lifecycle' ? { managedBy: owner } : {}),
      });
    }
  }
  return items;
}

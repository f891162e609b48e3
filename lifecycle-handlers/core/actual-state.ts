/**
 * What this package has provisioned in one account and Region: the provisioned products named `falcon-<product>`,
 * (`PROVISIONED_PRODUCT_PREFIX`), read with SearchProvisionedProducts (account-wide access level, every page), which also returns their tags and
 * current provisioning artifact name (the version).
 */
import { paginateSearchProvisionedProducts, type ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { MANAGED_BY_BLUEPRINT, MANAGED_BY_TAG } from '../../products/falcon-baseline/definition';
import { productIdFromName } from './identity';
import { recordedParameters } from './parameter-tags';
import type { ActualItem, ProvisionedStatus } from './types';

const STATUSES: readonly ProvisionedStatus[] = ['AVAILABLE', 'UNDER_CHANGE', 'TAINTED', 'ERROR', 'PLAN_IN_PROGRESS'];

function toStatus(value: string | undefined): ProvisionedStatus {
  // An unknown status is treated as a change in progress: the safest reading is "do not touch it now".
  return STATUSES.find((s) => s === value) ?? 'UNDER_CHANGE';
}

export async function readActualState(
  serviceCatalog: ServiceCatalogClient,
  accountId: string,
  region: string,
): Promise<ActualItem[]> {
  const items: ActualItem[] = [];
  const pages = paginateSearchProvisionedProducts(
    { client: serviceCatalog, pageSize: 100 },
    {
      // Account level: products launched by any principal in the account, not only the caller's. No SearchQuery:
      // its matching is full-text, so ownership is decided below by the exact name prefix instead.
      AccessLevelFilter: { Key: 'Account', Value: 'self' },
    },
  );
  for await (const page of pages) {
    for (const product of page.ProvisionedProducts ?? []) {
      const productId = product.Name ? productIdFromName(product.Name) : undefined;
      if (!productId || !product.Id || !product.Name) continue;
      const recorded = recordedParameters(product.Tags);
      const blueprint = product.Tags?.some((t) => t.Key === MANAGED_BY_TAG && t.Value === MANAGED_BY_BLUEPRINT);
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
        ...(blueprint ? { managedBy: 'blueprint' as const } : {}),
      });
    }
  }
  return items;
}

/**
 * What the hub portfolio of a Region holds, read once per invocation: the assessment stage uses it to tell the
 * lifecycle's own provisioned products from others, the launch stage to launch by product ID.
 */
import { paginateListPortfolios, paginateSearchProductsAsAdmin, type ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { PRODUCTS } from '../../products/registry';

/**
 * The hub portfolio of one Region as the lifecycle knows it: its ID and the Service Catalog product ID of each
 * registry product in it. Ownership and launches go by these IDs, never by a name an account could also use.
 */
export interface HubCatalog {
  readonly portfolioId: string;
  /** Service Catalog product ID (`prod-…`) → registry product ID (`iom`). */
  readonly registryIdOf: ReadonlyMap<string, string>;
  /** Registry product ID → Service Catalog product ID. */
  readonly productIdOf: ReadonlyMap<string, string>;
}

/**
 * Reads the hub's own portfolio (found by display name among the portfolios the hub account created) and the
 * products in it (SearchProductsAsAdmin with PortfolioId). A product's display name links it to the registry only
 * here, inside the hub's own portfolio, which the portfolio stack fills from the same registry.
 */
export async function readHubCatalog(client: ServiceCatalogClient, name: string, region: string): Promise<HubCatalog> {
  let portfolioId: string | undefined;
  for await (const page of paginateListPortfolios({ client }, {})) {
    portfolioId = page.PortfolioDetails?.find((p) => p.DisplayName === name)?.Id;
    if (portfolioId) break;
  }
  if (!portfolioId) {
    throw new Error(`the hub account has no portfolio named "${name}" in ${region}; deploy the portfolio stack there`);
  }
  const byDisplayName = new Map(PRODUCTS.map((p) => [p.displayName, p.id]));
  const registryIdOf = new Map<string, string>();
  const productIdOf = new Map<string, string>();
  for await (const page of paginateSearchProductsAsAdmin({ client }, { PortfolioId: portfolioId })) {
    for (const detail of page.ProductViewDetails ?? []) {
      const summary = detail.ProductViewSummary;
      const registryId = summary?.Name ? byDisplayName.get(summary.Name) : undefined;
      if (!registryId || !summary?.ProductId) continue;
      registryIdOf.set(summary.ProductId, registryId);
      productIdOf.set(registryId, summary.ProductId);
    }
  }
  return { portfolioId, registryIdOf, productIdOf };
}

/** One hub-catalog read per Region for an invocation; a failed read is retried by the next caller. */
export function hubCatalogCache(client: (region: string) => ServiceCatalogClient, name: string) {
  const cache = new Map<string, Promise<HubCatalog>>();
  return (region: string): Promise<HubCatalog> => {
    let catalog = cache.get(region);
    if (!catalog) {
      catalog = readHubCatalog(client(region), name, region);
      catalog.catch(() => cache.delete(region));
      cache.set(region, catalog);
    }
    return catalog;
  };
}

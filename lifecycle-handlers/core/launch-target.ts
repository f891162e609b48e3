/**
 * Makes one member account and Region ready to launch from the shared portfolio, and looks up what a launch needs
 * there: the portfolio share accepted with the right type, the execution role associated with the portfolio (so
 * it sees and may launch the products), and launch-path and provisioning-artifact IDs for a product ID of the hub
 * portfolio.
 */
import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  DescribeProductCommand,
  DuplicateResourceException,
  paginateListAcceptedPortfolioShares,
  paginateListPortfolios,
  paginateListPrincipalsForPortfolio,
  paginateSearchProductsAsAdmin,
  ResourceNotFoundException,
  type ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import type { Manifest } from '../../manifest/schema';
import { PRODUCTS } from '../../products/registry';
import { anyOuRefCovers } from './ou-refs';
import type { AccountContext } from './types';

/** `IMPORTED` for account shares; `AWS_ORGANIZATIONS` for organisation and OU shares; `LOCAL` in the hub itself. */
export type ShareKind = 'AWS_ORGANIZATIONS' | 'IMPORTED' | 'LOCAL';

export function shareKindFor(manifest: Manifest, account: AccountContext, hubAccountId: string): ShareKind | undefined {
  if (account.id === hubAccountId) return 'LOCAL';
  const { shareWith } = manifest.portfolio;
  if (shareWith.organization || anyOuRefCovers(shareWith.organizationalUnits, account.ancestors)) {
    return 'AWS_ORGANIZATIONS';
  }
  return shareWith.accounts.includes(account.id) ? 'IMPORTED' : undefined;
}

export interface LaunchIds {
  readonly productId: string;
  readonly pathId: string;
  readonly provisioningArtifactId: string;
}

export interface LaunchTarget {
  readonly portfolioId: string;
  /**
   * Product, launch path and version IDs for a registry product, by the hub portfolio's product ID (cached for the
   * invocation). A product of the same display name from another portfolio is never launched.
   */
  resolve(registryProductId: string, version: string): Promise<LaunchIds>;
}

export interface PrepareLaunchTargetInput {
  readonly client: ServiceCatalogClient;
  readonly portfolioName: string;
  readonly shareKind: ShareKind;
  /** The IAM role ARN the core acts as in the account: associated with the portfolio to get a launch path. */
  readonly principalArn: string;
  /** The hub portfolio of this Region: its ID (to accept the share) and its product IDs (to launch). */
  readonly hubCatalog: () => Promise<HubCatalog>;
}

async function findPortfolioByName(
  client: ServiceCatalogClient,
  name: string,
  shareKind: ShareKind,
): Promise<string | undefined> {
  const pages =
    shareKind === 'LOCAL'
      ? paginateListPortfolios({ client }, {})
      : paginateListAcceptedPortfolioShares({ client }, { PortfolioShareType: shareKind });
  for await (const page of pages) {
    const found = page.PortfolioDetails?.find((p) => p.DisplayName === name);
    if (found?.Id) return found.Id;
  }
  return undefined;
}

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

async function acceptShare(input: PrepareLaunchTargetInput & { shareKind: 'AWS_ORGANIZATIONS' | 'IMPORTED' }) {
  const { portfolioId } = await input.hubCatalog();
  try {
    await input.client.send(
      new AcceptPortfolioShareCommand({
        PortfolioId: portfolioId,
        PortfolioShareType: input.shareKind,
      }),
    );
  } catch (error) {
    // Another delivery accepted it between our look-up and this call: the state we want.
    if (!(error instanceof DuplicateResourceException)) throw error;
  }
  return portfolioId;
}

async function ensurePrincipal(client: ServiceCatalogClient, portfolioId: string, principalArn: string) {
  for await (const page of paginateListPrincipalsForPortfolio({ client }, { PortfolioId: portfolioId })) {
    if (page.Principals?.some((p) => p.PrincipalARN === principalArn)) return;
  }
  await client.send(
    new AssociatePrincipalWithPortfolioCommand({
      PortfolioId: portfolioId,
      PrincipalARN: principalArn,
      PrincipalType: 'IAM',
    }),
  );
}

/**
 * Launch path and version IDs in one call: DescribeProduct by ID returns the product with its launch paths and its
 * active versions (only an active version can be launched), where separate look-ups would cost three.
 */
async function describeLaunchIds(
  client: ServiceCatalogClient,
  productId: string,
  portfolioName: string,
  version: string,
): Promise<LaunchIds> {
  let described;
  try {
    described = await client.send(new DescribeProductCommand({ Id: productId }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(`product ${productId} of the hub portfolio is not visible in this account (is the share accepted?)`);
  }
  // A launch path is named after the portfolio it goes through.
  const pathId = described.LaunchPaths?.find((p) => p.Name === portfolioName)?.Id;
  if (!pathId) throw new Error(`product ${productId} has no launch path through portfolio "${portfolioName}"`);
  const artifacts = described.ProvisioningArtifacts ?? [];
  const provisioningArtifactId = artifacts.find((a) => a.Name === version)?.Id;
  if (!provisioningArtifactId) {
    const known = artifacts.map((a) => a.Name).join(', ') || 'none';
    throw new Error(`product ${productId} has no active version ${version} (active versions: ${known})`);
  }
  return { productId, pathId, provisioningArtifactId };
}

export async function prepareLaunchTarget(input: PrepareLaunchTargetInput): Promise<LaunchTarget> {
  const { client, portfolioName } = input;
  let portfolioId = await findPortfolioByName(client, portfolioName, input.shareKind);
  if (portfolioId === undefined) {
    if (input.shareKind === 'LOCAL') throw new Error(`the hub account has no portfolio named "${portfolioName}"`);
    portfolioId = await acceptShare({ ...input, shareKind: input.shareKind });
  }
  await ensurePrincipal(client, portfolioId, input.principalArn);

  const resolved = new Map<string, Promise<LaunchIds>>();
  return {
    portfolioId,
    resolve(registryProductId, version) {
      const key = `${registryProductId}\u0000${version}`;
      let ids = resolved.get(key);
      if (!ids) {
        ids = input.hubCatalog().then((catalog) => {
          const productId = catalog.productIdOf.get(registryProductId);
          if (!productId) throw new Error(`the hub portfolio "${portfolioName}" has no product ${registryProductId}`);
          return describeLaunchIds(client, productId, portfolioName, version);
        });
        ids.catch(() => resolved.delete(key));
        resolved.set(key, ids);
      }
      return ids;
    },
  };
}

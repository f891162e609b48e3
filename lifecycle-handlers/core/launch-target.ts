/**
 * Makes one member account and Region ready to launch from the shared portfolio, and looks up what a launch needs
 * there: the portfolio share accepted with the right type, the execution role associated with the portfolio (so
 * it sees and may launch the products), and product, launch-path and provisioning-artifact IDs by name.
 */
import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  DescribeProductCommand,
  DuplicateResourceException,
  paginateListAcceptedPortfolioShares,
  paginateListPortfolios,
  paginateListPrincipalsForPortfolio,
  ResourceNotFoundException,
  type ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import type { Manifest } from '../../manifest/schema';
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
  /** Product, launch path and version IDs as this account sees them (cached for the invocation). */
  resolve(displayName: string, version: string): Promise<LaunchIds>;
}

export interface PrepareLaunchTargetInput {
  readonly client: ServiceCatalogClient;
  readonly portfolioName: string;
  readonly shareKind: ShareKind;
  /** The IAM role ARN the core acts as in the account: associated with the portfolio to get a launch path. */
  readonly principalArn: string;
  /** The portfolio's ID in the hub for this Region, needed only when the share is not accepted yet. */
  readonly hubPortfolioId: () => Promise<string>;
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

/** Finds the portfolio by display name in the hub's own portfolio list. */
export async function findHubPortfolioId(client: ServiceCatalogClient, name: string, region: string): Promise<string> {
  for await (const page of paginateListPortfolios({ client }, {})) {
    const found = page.PortfolioDetails?.find((p) => p.DisplayName === name);
    if (found?.Id) return found.Id;
  }
  throw new Error(`the hub account has no portfolio named "${name}" in ${region}; deploy the portfolio stack there`);
}

async function acceptShare(input: PrepareLaunchTargetInput & { shareKind: 'AWS_ORGANIZATIONS' | 'IMPORTED' }) {
  const portfolioId = await input.hubPortfolioId();
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
 * Product, launch path and version IDs in one call: DescribeProduct by name returns the product with its launch
 * paths and its active versions (only an active version can be launched), where separate look-ups would cost three.
 */
async function describeLaunchIds(
  client: ServiceCatalogClient,
  displayName: string,
  portfolioName: string,
  version: string,
): Promise<LaunchIds> {
  let described;
  try {
    described = await client.send(new DescribeProductCommand({ Name: displayName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(`product "${displayName}" is not visible in this account (is it in the shared portfolio?)`);
  }
  const productId = described.ProductViewSummary?.ProductId;
  if (!productId) throw new Error(`DescribeProduct returned no product ID for "${displayName}"`);
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
    resolve(displayName, version) {
      const key = `${displayName}\u0000${version}`;
      let ids = resolved.get(key);
      if (!ids) {
        ids = describeLaunchIds(client, displayName, portfolioName, version);
        ids.catch(() => resolved.delete(key));
        resolved.set(key, ids);
      }
      return ids;
    },
  };
}

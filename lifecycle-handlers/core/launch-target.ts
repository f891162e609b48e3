/**
 * Makes one member account and Region ready to launch from the shared portfolio, and looks up what a launch needs
 * there: the portfolio share accepted with the right type, the execution role associated with the portfolio (so
 * it sees and may launch the products), and launch-path and provisioning-artifact IDs for a product ID of the hub
 * portfolio.
 */
import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  DuplicateResourceException,
  ListProvisioningArtifactsCommand,
  paginateListAcceptedPortfolioShares,
  paginateListLaunchPaths,
  paginateListPortfolios,
  paginateListPrincipalsForPortfolio,
  type ProvisioningArtifactDetail,
  ResourceNotFoundException,
  type ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import type { HubCatalog } from './hub-catalog';
import type { ShareKind } from './share-kind';

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
  /** Waits between launch-path look-ups while a new principal association propagates. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Waits before each repeated launch-path look-up; their sum bounds the wait (default PRINCIPAL_PROPAGATION_WAITS_MS). */
  readonly propagationWaitsMs?: readonly number[];
}

/**
 * A principal association does not grant its launch path at once: like the IAM changes it builds on, it is eventually
 * consistent (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency),
 * and Service Catalog documents no figure. The look-up is repeated after these waits (about 1.5 minutes in all), then
 * the launch fails with the reason and the next delivery tries again.
 */
// Short first waits: a vend's first records wait on this look-up, so a path that appears after ~10 s is seen within a
// second of it; the total (~1.5 min) still bounds a delivery that never sees one.
export const PRINCIPAL_PROPAGATION_WAITS_MS: readonly number[] = [1_000, 1_000, 2_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];

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

async function acceptShare(input: PrepareLaunchTargetInput & { shareKind: 'AWS_ORGANIZATIONS' }) {
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

/** The launch path named after the hub portfolio, looked up again while a new association propagates. */
async function launchPathId(client: ServiceCatalogClient, productId: string, input: PrepareLaunchTargetInput): Promise<string> {
  const waits = input.propagationWaitsMs ?? PRINCIPAL_PROPAGATION_WAITS_MS;
  for (let attempt = 0; ; attempt++) {
    // A launch path is named after the portfolio it goes through.
    for await (const page of paginateListLaunchPaths({ client }, { ProductId: productId })) {
      const path = page.LaunchPathSummaries?.find((p) => p.Name === input.portfolioName);
      if (path?.Id) return path.Id;
    }
    if (attempt >= waits.length) break;
    await input.sleep(waits[attempt]);
  }
  const waited = waits.reduce((sum, ms) => sum + ms, 0) / 1000;
  throw new Error(
    `product ${productId} has no launch path through portfolio "${input.portfolioName}" for ${input.principalArn} ` +
      `after ${waited} s (a new principal association may still be propagating; the next delivery tries again)`,
  );
}

/**
 * Launch path (ListLaunchPaths) and active version (ListProvisioningArtifacts) of a hub product. Not DescribeProduct:
 * its API reference says "Running this operation with administrator access results in a failure", and the execution
 * role in member accounts has administrator access (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeProduct.html).
 */
async function describeLaunchIds(
  productId: string,
  version: string,
  input: PrepareLaunchTargetInput,
  pathFor: (productId: string) => Promise<string>,
): Promise<LaunchIds> {
  const { client } = input;
  const pathId = await pathFor(productId);
  let artifacts: ProvisioningArtifactDetail[];
  try {
    const listed = await client.send(new ListProvisioningArtifactsCommand({ ProductId: productId }));
    artifacts = listed.ProvisioningArtifactDetails ?? [];
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(`product ${productId} of the hub portfolio is not visible in this account (is the share accepted?)`);
  }
  // Only an active version can be launched.
  const active = artifacts.filter((a) => a.Active !== false);
  const provisioningArtifactId = active.find((a) => a.Name === version)?.Id;
  if (!provisioningArtifactId) {
    const known = active.map((a) => a.Name).join(', ') || 'none';
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

  // The association is the portfolio's: once one product's launch path is visible, every product's is. So one look-up
  // waits out the propagation, and those that come meanwhile (an account's launches start together) wait for it and
  // then look once, instead of each repeating its look-up.
  let propagated: Promise<unknown> | undefined;
  const pathFor = (productId: string): Promise<string> => {
    if (propagated) return propagated.then(() => launchPathId(client, productId, { ...input, propagationWaitsMs: [] }));
    const first = launchPathId(client, productId, input);
    propagated = first.catch(() => undefined);
    return first;
  };

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
          return describeLaunchIds(productId, version, input, pathFor);
        });
        ids.catch(() => resolved.delete(key));
        resolved.set(key, ids);
      }
      return ids;
    },
  };
}

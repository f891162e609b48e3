/**
 * Applies share actions to one portfolio, one at a time.
 *
 * Service Catalog refuses a second share action on a portfolio while one is running
 * (`InvalidStateException: Cannot process more than one portfolio share action at the same time`), and org/OU
 * shares complete asynchronously. So each action is started, then its status is polled to a final state before
 * the next one starts; an InvalidStateException (someone else's action in flight) is waited out, not failed.
 */
import {
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioShareStatusCommand,
  DescribePortfolioShareType,
  InvalidStateException,
  ServiceCatalogClient,
  UpdatePortfolioShareCommand,
  paginateDescribePortfolioShares,
} from '@aws-sdk/client-service-catalog';
import { ExistingShare, ShareAction, ShareNodeType, describeTarget } from './share-plan';

export interface ShareExecutorOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds (on the same clock as `now`) after which waiting stops with an error. */
  readonly deadline: number;
  readonly now: () => number;
  readonly pollIntervalMs?: number;
  readonly log?: (message: string, details?: Record<string, unknown>) => void;
}

const LISTED_TYPES: readonly { api: DescribePortfolioShareType; type: ShareNodeType }[] = [
  { api: 'ORGANIZATION', type: 'ORGANIZATION' },
  { api: 'ORGANIZATIONAL_UNIT', type: 'ORGANIZATIONAL_UNIT' },
  { api: 'ORGANIZATION_MEMBER_ACCOUNT', type: 'ACCOUNT' },
];

export async function listExistingShares(client: ServiceCatalogClient, portfolioId: string): Promise<ExistingShare[]> {
  const shares: ExistingShare[] = [];
  for (const { api, type } of LISTED_TYPES) {
    for await (const page of paginateDescribePortfolioShares({ client }, { PortfolioId: portfolioId, Type: api })) {
      for (const detail of page.PortfolioShareDetails ?? []) {
        if (!detail.PrincipalId) continue;
        shares.push({
          type,
          value: detail.PrincipalId,
          shareTagOptions: detail.ShareTagOptions ?? false,
          sharePrincipals: detail.SharePrincipals ?? false,
        });
      }
    }
  }
  return shares;
}

export class ShareActionFailed extends Error {}

export async function applyShareActions(
  client: ServiceCatalogClient,
  portfolioId: string,
  actions: readonly ShareAction[],
  options: ShareExecutorOptions,
): Promise<void> {
  for (const action of actions) {
    options.log?.(`${action.kind} share with ${describeTarget(action.target)}`, { portfolioId });
    const token = await startWhenFree(client, portfolioId, action, options);
    if (token) await waitForShare(client, portfolioId, action, token, options);
  }
}

async function startWhenFree(
  client: ServiceCatalogClient,
  portfolioId: string,
  action: ShareAction,
  options: ShareExecutorOptions,
): Promise<string | undefined> {
  const node = { Type: action.target.type, Value: action.target.value };
  for (;;) {
    try {
      if (action.kind === 'create') {
        const out = await client.send(
          new CreatePortfolioShareCommand({
            PortfolioId: portfolioId,
            OrganizationNode: node,
            ShareTagOptions: action.settings.shareTagOptions,
            SharePrincipals: action.settings.sharePrincipals,
          }),
        );
        return out.PortfolioShareToken;
      }
      if (action.kind === 'update') {
        const out = await client.send(
          new UpdatePortfolioShareCommand({
            PortfolioId: portfolioId,
            OrganizationNode: node,
            ShareTagOptions: action.settings.shareTagOptions,
            SharePrincipals: action.settings.sharePrincipals,
          }),
        );
        return out.PortfolioShareToken;
      }
      const out = await client.send(new DeletePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: node }));
      return out.PortfolioShareToken;
    } catch (err) {
      if (!(err instanceof InvalidStateException)) throw err;
      // Another share action on this portfolio is running (ours from a previous attempt, or a person's).
      await pause(options, `another share action on ${portfolioId} is in progress`);
    }
  }
}

async function waitForShare(
  client: ServiceCatalogClient,
  portfolioId: string,
  action: ShareAction,
  token: string,
  options: ShareExecutorOptions,
): Promise<void> {
  for (;;) {
    const status = await client.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token }));
    switch (status.Status) {
      case 'COMPLETED':
        return;
      case 'COMPLETED_WITH_ERRORS':
      case 'ERROR': {
        const errors = (status.ShareDetails?.ShareErrors ?? [])
          .map((e) => `${e.Error ?? 'error'}: ${e.Message ?? ''} (${(e.Accounts ?? []).join(', ')})`)
          .join('; ');
        throw new ShareActionFailed(
          `${action.kind} share of portfolio ${portfolioId} with ${describeTarget(action.target)} ended ` +
            `${status.Status}${errors ? `: ${errors}` : ''}`,
        );
      }
      default:
        await pause(options, `waiting for the ${action.kind} share with ${describeTarget(action.target)}`);
    }
  }
}

async function pause(options: ShareExecutorOptions, what: string): Promise<void> {
  if (options.now() >= options.deadline) {
    throw new ShareActionFailed(`gave up ${what}: the share did not settle before the deadline`);
  }
  await options.sleep(options.pollIntervalMs ?? 5_000);
}

/**
 * How an account reaches the hub portfolio: the planning stage asks it (is the account shared at all?), the launch
 * stage accepts the share with it.
 */
import type { Manifest } from '../../manifest/schema';
import { anyOuRefCovers } from './ou-refs';
import type { AccountContext } from './types';

/**
 * `AWS_ORGANIZATIONS` for every account the manifest shares with, `LOCAL` in the hub itself. The portfolio-share
 * custom resource (lifecycle-handlers/portfolio-share) shares with the organisation, OUs and accounts alike through
 * `CreatePortfolioShare` with an `OrganizationNode` (an account as node type `ACCOUNT`), and every such share is an
 * organisation share: accepted with `AWS_ORGANIZATIONS`, never `IMPORTED`, which is for `AccountId` shares only
 * (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_AcceptPortfolioShare.html).
 */
export type ShareKind = 'AWS_ORGANIZATIONS' | 'LOCAL';

export function shareKindFor(manifest: Manifest, account: AccountContext, hubAccountId: string): ShareKind | undefined {
  if (account.id === hubAccountId) return 'LOCAL';
  const { shareWith } = manifest.portfolio;
  const shared =
    shareWith.organization || anyOuRefCovers(shareWith.organizationalUnits, account.ancestors) || shareWith.accounts.includes(account.id);
  return shared ? 'AWS_ORGANIZATIONS' : undefined;
}

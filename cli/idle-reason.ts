/**
 * Why the lifecycle plans nothing at all for an account, in the manifest's terms, so `plan` gives every account a
 * line: suspended, excluded from the assignments that would cover it, or covered by none and not prepared for
 * self-service.
 */
import { assignmentCoversAccount } from '../lifecycle-handlers/core/desired-state';
import { shareKindFor } from '../lifecycle-handlers/core/share-kind';
import { anyOuRefCovers } from '../lifecycle-handlers/core/ou-refs';
import type { AccountContext } from '../lifecycle-handlers/core/types';
import { hubAccountOf } from '../manifest/hub-account';
import type { Manifest } from '../manifest/schema';

export function idleReason(manifest: Manifest, account: AccountContext): string {
  if (account.status !== 'ACTIVE') return `account is ${account.status} and has no Falcon product to keep or remove`;
  const excludedFrom = manifest.assignments.filter(
    (a) =>
      !assignmentCoversAccount(a, account) &&
      (a.targets.accounts.includes(account.id) || anyOuRefCovers(a.targets.organizationalUnits, account.ancestors)),
  );
  if (excludedFrom.length > 0) return `excluded from assignment ${excludedFrom.map((a) => a.name).join(', ')}`;
  const where = account.ancestors[account.ancestors.length - 1]?.path ?? 'Root';
  const shared = shareKindFor(manifest, account, hubAccountOf(manifest)) !== undefined;
  const share = shared
    ? 'the portfolio is shared with it (portfolio.selfService.prepareAccounts is off)'
    : 'portfolio.shareWith does not reach it';
  return `no assignment covers ${where} or this account, and ${share}`;
}

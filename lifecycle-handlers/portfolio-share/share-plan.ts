/**
 * Which portfolio shares should exist, and what to do to get there. Pure: no AWS calls.
 *
 * CloudFormation has no resource for organisation and OU shares, so a custom resource reconciles them. Only the
 * shares this resource created (its previous desired set) are ever removed: a share someone made by hand in the
 * console is left alone.
 */

export type ShareNodeType = 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export interface ShareTarget {
  readonly type: ShareNodeType;
  /** o-…, ou-… or a 12-digit account ID. */
  readonly value: string;
}

export interface ShareSettings {
  readonly shareTagOptions: boolean;
  readonly sharePrincipals: boolean;
}

/** What DescribePortfolioShares reports for one existing share. */
export interface ExistingShare extends ShareTarget, ShareSettings {}

export type ShareAction =
  | { readonly kind: 'create'; readonly target: ShareTarget; readonly settings: ShareSettings }
  | { readonly kind: 'update'; readonly target: ShareTarget; readonly settings: ShareSettings }
  | { readonly kind: 'delete'; readonly target: ShareTarget };

const key = (t: ShareTarget) => `${t.type}:${t.value}`;

/** Principal sharing only exists for organisation and OU shares; Service Catalog rejects it for accounts. */
export function effectiveSettings(target: ShareTarget, settings: ShareSettings): ShareSettings {
  return {
    shareTagOptions: settings.shareTagOptions,
    sharePrincipals: target.type === 'ACCOUNT' ? false : settings.sharePrincipals,
  };
}

export function planShareActions(input: {
  desired: readonly ShareTarget[];
  previouslyManaged: readonly ShareTarget[];
  existing: readonly ExistingShare[];
  settings: ShareSettings;
}): ShareAction[] {
  const existingByKey = new Map(input.existing.map((s) => [key(s), s]));
  const desiredKeys = new Set(input.desired.map(key));
  const actions: ShareAction[] = [];

  for (const target of input.desired) {
    const settings = effectiveSettings(target, input.settings);
    const current = existingByKey.get(key(target));
    if (!current) {
      actions.push({ kind: 'create', target, settings });
    } else if (
      current.shareTagOptions !== settings.shareTagOptions ||
      current.sharePrincipals !== settings.sharePrincipals
    ) {
      // CreatePortfolioShare on an existing share changes nothing; settings change only through an update.
      actions.push({ kind: 'update', target, settings });
    }
  }
  for (const target of input.previouslyManaged) {
    if (!desiredKeys.has(key(target)) && existingByKey.has(key(target))) {
      actions.push({ kind: 'delete', target });
    }
  }
  return actions;
}

export function describeTarget(t: ShareTarget): string {
  const noun = { ORGANIZATION: 'organisation', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'account' }[t.type];
  return `${noun} ${t.value}`;
}

import type { CallerIdentity } from '../core/identity';
import type { Portfolio, PortfolioShare, ScRegionState } from './model';
import type { ScStore } from './store';

/** How a portfolio reaches the calling account. */
export interface VisiblePortfolio {
  portfolio: Portfolio;
  home: ScRegionState;
  via: 'LOCAL' | 'IMPORTED' | 'AWS_ORGANIZATIONS';
  /** The org-node share that reaches the account (for SharePrincipals / ShareTagOptions). */
  share?: PortfolioShare;
}

/** Does a completed share cover this account? Org-node shares follow the account's current place in the tree. */
export function shareReaches(store: ScStore, share: PortfolioShare, account: string): boolean {
  if (share.effectiveAt > store.clock.now()) return false;
  switch (share.type) {
    case 'ACCOUNT':
    case 'ORGANIZATION_MEMBER_ACCOUNT':
      return share.principalId === account;
    case 'ORGANIZATION':
      return store.org.getAccount(account) !== undefined;
    case 'ORGANIZATIONAL_UNIT':
      return store.org.accountIsUnder(account, share.principalId);
  }
}

/** The org-node share (if any) through which `account` receives `portfolio`. */
export function orgShareFor(store: ScStore, portfolio: Portfolio, account: string): PortfolioShare | undefined {
  for (const share of portfolio.shares.values()) {
    if (share.type !== 'ACCOUNT' && shareReaches(store, share, account)) return share;
  }
  return undefined;
}

export function accountShareFor(store: ScStore, portfolio: Portfolio, account: string): PortfolioShare | undefined {
  const share = portfolio.shares.get(`ACCOUNT|${account}`);
  return share && shareReaches(store, share, account) ? share : undefined;
}

/**
 * Portfolios the calling account can use in this Region: its own, account shares it accepted, and org-node
 * shares covering it (auto-imported: the API documents `Accepted` as always true for org-node recipients).
 */
export function visiblePortfolios(store: ScStore, state: ScRegionState): VisiblePortfolio[] {
  const result: VisiblePortfolio[] = [];
  for (const portfolio of state.portfolios.values()) result.push({ portfolio, home: state, via: 'LOCAL' });
  for (const id of store.sharedPortfolioIds(state.region)) {
    const found = store.portfolioById(id);
    if (!found || found.home === state) continue;
    const orgShare = orgShareFor(store, found.portfolio, state.account);
    if (orgShare) {
      result.push({ ...found, via: 'AWS_ORGANIZATIONS', share: orgShare });
    } else if (state.accepted.get(id) === 'IMPORTED' && accountShareFor(store, found.portfolio, state.account)) {
      result.push({ ...found, via: 'IMPORTED' });
    }
  }
  return result;
}

export function visiblePortfolio(store: ScStore, state: ScRegionState, portfolioId: string): VisiblePortfolio | undefined {
  return visiblePortfolios(store, state).find((v) => v.portfolio.id === portfolioId);
}

/** The caller's IAM role ARN with its path (as IAM knows it), or the path-less form if IAM does not. */
export function callerRoleArn(store: ScStore, caller: CallerIdentity): string {
  return store.iam.getRole(caller.account, caller.role)?.arn ?? `arn:${store.partition}:iam::${caller.account}:role/${caller.role}`;
}

/**
 * Is the caller a principal of the portfolio? Local associations (IAM exact ARN, IAM_PATTERN glob on the
 * account-less ARN) in the caller's account, plus the owner's IAM_PATTERN associations when an org-node share
 * carries SharePrincipals.
 */
export function callerIsPrincipal(store: ScStore, state: ScRegionState, visible: VisiblePortfolio, caller: CallerIdentity): boolean {
  const roleArn = callerRoleArn(store, caller);
  const accountless = roleArn.replace(/^(arn:[^:]+:iam::)\d{12}(:)/, '$1$2');
  const now = store.clock.now();
  const matches = (owner: ScRegionState, patternsOnly: boolean) => {
    const portfolioId = visible.portfolio.id;
    for (const [principal, type] of owner.principals.get(portfolioId) ?? []) {
      // An association grants launch paths only once it has propagated.
      if ((owner.principalEffectiveAt.get(`${portfolioId}|${principal}`) ?? 0) > now) continue;
      if (type === 'IAM' && !patternsOnly && principal === roleArn) return true;
      if (type === 'IAM_PATTERN' && globToRegExp(principal).test(accountless)) return true;
    }
    return false;
  };
  if (matches(state, false)) return true;
  if (visible.via === 'AWS_ORGANIZATIONS' && visible.share?.sharePrincipals) return matches(visible.home, true);
  return false;
}

const globCache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`);
    globCache.set(pattern, re);
  }
  return re;
}

/** Launch path id for a portfolio (real ids are opaque `lpv3-…`; the suffix ties it back to the portfolio). */
export function pathIdOf(portfolioId: string): string {
  return `lpv3-${portfolioId.slice('port-'.length)}`;
}

export function portfolioIdOfPath(pathId: string): string | undefined {
  return pathId.startsWith('lpv3-') ? `port-${pathId.slice('lpv3-'.length)}` : undefined;
}

/** Portfolios containing the product through which the caller may launch it. */
export function launchPaths(store: ScStore, state: ScRegionState, productId: string, caller: CallerIdentity): VisiblePortfolio[] {
  return visiblePortfolios(store, state).filter(
    (v) => v.portfolio.productIds.has(productId) && callerIsPrincipal(store, state, v, caller),
  );
}

import type { CallerIdentity } from '../core/identity';
import { AwsApiError, notFound } from '../core/errors';
import type { InputReader } from '../transport/input';
import type { Portfolio, ScRegionState } from './model';
import type { ScStore } from './store';

export interface ScContext {
  store: ScStore;
  caller: CallerIdentity;
  region: string;
  partition: string;
  /** The caller's own account + Region state (already settled to the current virtual time). */
  state: ScRegionState;
}

export type ScOperation = (r: InputReader, ctx: ScContext) => unknown;

export const SC_PAGE = { defaultSize: 20, maxSize: 100, errorCode: 'InvalidParametersException' };

/** A portfolio the caller owns (admin operations on it need ownership). */
export function ownPortfolio(ctx: ScContext, portfolioId: string): Portfolio {
  const portfolio = ctx.state.portfolios.get(portfolioId);
  if (!portfolio) {
    const elsewhere = ctx.store.portfolioById(portfolioId);
    if (elsewhere && elsewhere.home.region === ctx.region) {
      throw new AwsApiError('AccessDeniedException', `Portfolio ${portfolioId} belongs to account ${elsewhere.portfolio.ownerAccount}; only its owner can change it.`);
    }
    throw notFound(`Portfolio ${portfolioId} not found in account ${ctx.caller.account}, Region ${ctx.region}.`);
  }
  return portfolio;
}

export function portfolioDetail(p: Portfolio) {
  return { Id: p.id, ARN: p.arn, DisplayName: p.displayName, Description: p.description, CreatedTime: p.createdAt, ProviderName: p.providerName };
}

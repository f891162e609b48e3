import { invalidParameters, invalidState, notFound } from '../core/errors';
import { paginate } from '../core/pagination';
import type { InputReader } from '../transport/input';
import { accountShareFor, orgShareFor, visiblePortfolios } from './access';
import { SC_PAGE, ownPortfolio, portfolioDetail, type ScContext, type ScOperation } from './context';
import type { Portfolio, PortfolioShare, ShareAction, ShareType } from './model';
import { requireManagement } from './portfolios';

const BUSY_MESSAGE = 'Cannot process more than one portfolio share action at the same time';
const SHARE_TYPES: ShareType[] = ['ACCOUNT', 'ORGANIZATION', 'ORGANIZATIONAL_UNIT', 'ORGANIZATION_MEMBER_ACCOUNT'];

interface ShareTarget {
  type: ShareType;
  principalId: string;
  orgNode: boolean;
}

/** AccountId (account-to-account share) or OrganizationNode{Type, Value}: exactly one. */
function readTarget(r: InputReader): ShareTarget {
  const accountId = r.optionalString('AccountId');
  const node = r.optionalObject('OrganizationNode');
  if ((accountId === undefined) === (node === undefined)) throw r.invalid('Provide exactly one of AccountId or OrganizationNode.');
  if (accountId !== undefined) return { type: 'ACCOUNT', principalId: accountId, orgNode: false };
  const nodeType = node!.Type;
  const value = node!.Value;
  if (typeof value !== 'string' || value === '') throw r.invalid('OrganizationNode.Value is required.');
  if (nodeType === 'ORGANIZATION') return { type: 'ORGANIZATION', principalId: value, orgNode: true };
  if (nodeType === 'ORGANIZATIONAL_UNIT') return { type: 'ORGANIZATIONAL_UNIT', principalId: value, orgNode: true };
  if (nodeType === 'ACCOUNT') return { type: 'ORGANIZATION_MEMBER_ACCOUNT', principalId: value, orgNode: true };
  throw r.invalid(`OrganizationNode.Type must be ORGANIZATION, ORGANIZATIONAL_UNIT or ACCOUNT, got ${String(nodeType)}`);
}

const shareKey = (t: { type: ShareType; principalId: string }) => `${t.type}|${t.principalId}`;

function assertNotBusy(ctx: ScContext, portfolio: Portfolio): void {
  const action = portfolio.lastShareAction;
  if (action && action.finishedAt > ctx.store.clock.now()) throw invalidState(BUSY_MESSAGE);
}

/** Starts an asynchronous org-node share action; its status follows the virtual clock. */
function startAction(ctx: ScContext, portfolio: Portfolio, target: ShareTarget, noOp = false): ShareAction {
  const now = ctx.store.clock.now();
  const { timing } = ctx.store;
  const action: ShareAction = {
    token: ctx.store.newId('share', 16),
    portfolioId: portfolio.id,
    organizationNodeValue: target.principalId,
    startedAt: now,
    inProgressAt: noOp ? now : now + timing.shareInProgressAfterMs,
    finishedAt: noOp ? now : now + timing.shareCompletesAfterMs,
    outcome: 'COMPLETED',
    successfulAccounts: [],
    errors: [],
  };
  const { org } = ctx.store;
  const nodeExists =
    target.type === 'ORGANIZATION' ? target.principalId === org.id : target.type === 'ORGANIZATIONAL_UNIT' ? org.getOu(target.principalId) !== undefined : org.getAccount(target.principalId) !== undefined;
  if (!nodeExists) {
    action.outcome = 'ERROR';
    action.errors.push({ accounts: [], message: `Organization node ${target.principalId} was not found in organization ${org.id}.`, error: 'ResourceNotFound' });
  } else {
    const hook = ctx.store.takeShareHook(portfolio.id);
    if (hook) {
      action.outcome = hook.status;
      action.errors.push({ accounts: hook.accounts ?? [], message: hook.message, error: hook.status === 'ERROR' ? 'InternalFailure' : 'ShareFailed' });
    }
  }
  ctx.state.shareActions.set(action.token, action);
  if (!noOp) portfolio.lastShareAction = action;
  return action;
}

function statusOf(ctx: ScContext, action: ShareAction): string {
  const now = ctx.store.clock.now();
  if (now < action.inProgressAt) return 'NOT_STARTED';
  if (now < action.finishedAt) return 'IN_PROGRESS';
  return action.outcome;
}

function upsertShare(portfolio: Portfolio, target: ShareTarget, flags: { sharePrincipals: boolean; shareTagOptions: boolean }, effectiveAt: number): void {
  const share: PortfolioShare = { type: target.type, principalId: target.principalId, ...flags, effectiveAt };
  portfolio.shares.set(shareKey(target), share);
}

export const shareOperations: Record<string, ScOperation> = {
  CreatePortfolioShare: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('PortfolioId'));
    const target = readTarget(r);
    const sharePrincipals = r.optionalBoolean('SharePrincipals') ?? false;
    const shareTagOptions = r.optionalBoolean('ShareTagOptions') ?? false;
    if (sharePrincipals && target.type !== 'ORGANIZATION' && target.type !== 'ORGANIZATIONAL_UNIT') {
      throw invalidParameters('SharePrincipals is supported only for ORGANIZATION and ORGANIZATIONAL_UNIT shares.');
    }
    if (target.type === 'ACCOUNT' && target.principalId === ctx.caller.account) throw invalidParameters('A portfolio cannot be shared with its own account.');
    if (target.orgNode) {
      requireManagement(ctx, 'CreatePortfolioShare with an OrganizationNode');
      if (!ctx.store.organizationsAccessEnabled) throw invalidState('AWS Organizations access is not enabled for Service Catalog (EnableAWSOrganizationsAccess).');
    }
    // AWS: sharing with a node that already has the share has no effect and returns no error.
    if (portfolio.shares.has(shareKey(target))) {
      return target.orgNode ? { PortfolioShareToken: startAction(ctx, portfolio, target, true).token } : {};
    }
    assertNotBusy(ctx, portfolio);
    ctx.store.markShared(portfolio);
    if (!target.orgNode) {
      upsertShare(portfolio, target, { sharePrincipals, shareTagOptions }, ctx.store.clock.now());
      return {};
    }
    const action = startAction(ctx, portfolio, target);
    if (action.outcome !== 'ERROR') upsertShare(portfolio, target, { sharePrincipals, shareTagOptions }, action.finishedAt);
    return { PortfolioShareToken: action.token };
  },
  UpdatePortfolioShare: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('PortfolioId'));
    const target = readTarget(r);
    const share = portfolio.shares.get(shareKey(target));
    if (!share) throw notFound(`Portfolio ${portfolio.id} is not shared with ${target.principalId}.`);
    assertNotBusy(ctx, portfolio);
    const sharePrincipals = r.optionalBoolean('SharePrincipals');
    const shareTagOptions = r.optionalBoolean('ShareTagOptions');
    if (sharePrincipals !== undefined) share.sharePrincipals = sharePrincipals;
    if (shareTagOptions !== undefined) share.shareTagOptions = shareTagOptions;
    if (!target.orgNode) return { Status: 'COMPLETED' };
    const action = startAction(ctx, portfolio, target);
    return { PortfolioShareToken: action.token, Status: statusOf(ctx, action) };
  },
  DeletePortfolioShare: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('PortfolioId'));
    const target = readTarget(r);
    if (!portfolio.shares.has(shareKey(target))) throw notFound(`Portfolio ${portfolio.id} is not shared with ${target.principalId}.`);
    assertNotBusy(ctx, portfolio);
    portfolio.shares.delete(shareKey(target));
    return target.orgNode ? { PortfolioShareToken: startAction(ctx, portfolio, target).token } : {};
  },
  DescribePortfolioShareStatus: (r, ctx) => {
    const token = r.string('PortfolioShareToken');
    const action = ctx.state.shareActions.get(token);
    if (!action) throw notFound(`Portfolio share token ${token} not found.`);
    const status = statusOf(ctx, action);
    const done = status !== 'NOT_STARTED' && status !== 'IN_PROGRESS';
    return {
      PortfolioShareToken: token,
      PortfolioId: action.portfolioId,
      OrganizationNodeValue: action.organizationNodeValue,
      Status: status,
      ShareDetails: done
        ? { SuccessfulShares: action.outcome === 'ERROR' ? [] : [action.organizationNodeValue], ShareErrors: action.errors.map((e) => ({ Accounts: e.accounts, Message: e.message, Error: e.error })) }
        : { SuccessfulShares: [], ShareErrors: [] },
    };
  },
  DescribePortfolioShares: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('PortfolioId'));
    const type = r.string('Type') as ShareType;
    if (!SHARE_TYPES.includes(type)) throw r.invalid(`Type must be one of ${SHARE_TYPES.join(', ')}, got ${type}`);
    const shares = [...portfolio.shares.values()].filter((s) => s.type === type);
    const page = paginate(shares, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `DescribePortfolioShares:${portfolio.id}:${type}` });
    return {
      PortfolioShareDetails: page.items.map((s) => ({
        PrincipalId: s.principalId,
        Type: s.type,
        // Org-node recipients import automatically; an account share counts once the recipient accepted it.
        Accepted: s.type === 'ACCOUNT' ? ctx.store.state(s.principalId, ctx.region).accepted.get(portfolio.id) === 'IMPORTED' : true,
        ShareTagOptions: s.shareTagOptions,
        SharePrincipals: s.sharePrincipals,
      })),
      NextPageToken: page.nextToken,
    };
  },
  AcceptPortfolioShare: (r, ctx) => {
    const portfolioId = r.string('PortfolioId');
    const shareType = r.optionalString('PortfolioShareType') ?? 'IMPORTED';
    // API reference: "AWS_SERVICECATALOG - Not supported. (Throws ResourceNotFoundException.)"
    if (shareType === 'AWS_SERVICECATALOG') throw notFound('PortfolioShareType AWS_SERVICECATALOG is not supported by AcceptPortfolioShare.');
    if (shareType !== 'IMPORTED' && shareType !== 'AWS_ORGANIZATIONS') throw r.invalid(`Unknown PortfolioShareType ${shareType}`);
    const found = ctx.store.portfolioById(portfolioId);
    if (!found || found.home.region !== ctx.region || found.home === ctx.state) throw notFound(`Portfolio ${portfolioId} is not shared with account ${ctx.caller.account} in ${ctx.region}.`);
    const share = shareType === 'IMPORTED' ? accountShareFor(ctx.store, found.portfolio, ctx.caller.account) : orgShareFor(ctx.store, found.portfolio, ctx.caller.account);
    if (!share) {
      throw notFound(`No ${shareType === 'IMPORTED' ? 'account' : 'organization'} share of portfolio ${portfolioId} reaches account ${ctx.caller.account} (PortfolioShareType ${shareType}).`);
    }
    ctx.state.accepted.set(portfolioId, shareType);
    return {};
  },
  RejectPortfolioShare: (r, ctx) => {
    const portfolioId = r.string('PortfolioId');
    if (!ctx.state.accepted.delete(portfolioId)) throw notFound(`Portfolio ${portfolioId} has not been accepted by account ${ctx.caller.account}.`);
    return {};
  },
  ListAcceptedPortfolioShares: (r, ctx) => {
    const shareType = r.optionalString('PortfolioShareType') ?? 'IMPORTED';
    const visible = visiblePortfolios(ctx.store, ctx.state).filter((v) => v.via === shareType);
    const page = paginate(visible, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `ListAccepted:${shareType}` });
    return { PortfolioDetails: page.items.map((v) => portfolioDetail(v.portfolio)), NextPageToken: page.nextToken };
  },
};


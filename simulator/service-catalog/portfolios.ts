import { AwsApiError, invalidParameters, notFound } from '../core/errors';
import { paginate } from '../core/pagination';
import type { InputReader } from '../transport/input';
import { visiblePortfolio } from './access';
import { SC_PAGE, ownPortfolio, portfolioDetail, type ScContext, type ScOperation } from './context';
import { type Portfolio, type PrincipalType, type ScRegionState, SERVICE_CATALOG_PRINCIPAL } from './model';
import type { ScStore } from './store';

const MAX_PATTERNS_PER_PORTFOLIO = 10;
const PATTERN_ARN = /^arn:[^:]+:iam:::(role|user|group)\/.+$/;

export function createPortfolio(store: ScStore, state: ScRegionState, fields: { displayName: string; providerName: string; description?: string }): Portfolio {
  const id = store.newId('port');
  const portfolio: Portfolio = {
    id,
    arn: `arn:${store.partition}:catalog:${state.region}:${state.account}:portfolio/${id}`,
    displayName: fields.displayName,
    providerName: fields.providerName,
    description: fields.description ?? '',
    createdAt: store.clock.date(),
    ownerAccount: state.account,
    region: state.region,
    productIds: new Set(),
    launchConstraints: new Map(),
    tagOptionIds: new Set(),
    shares: new Map(),
  };
  store.registerPortfolio(state, portfolio);
  return portfolio;
}

/**
 * Adds a principal association in the caller's account, enforcing the rules of AssociatePrincipalWithPortfolio. It
 * grants launch paths from `effectiveAt` on (an association made through the API propagates; a seeded one, standing in
 * for a stack deployed earlier, is effective at once).
 */
export function associatePrincipal(
  store: ScStore,
  state: ScRegionState,
  portfolioId: string,
  principal: string,
  type: PrincipalType,
  effectiveAt = store.clock.now(),
): void {
  let associations = state.principals.get(portfolioId);
  if (associations?.get(principal) === type) return;
  if (type === 'IAM') {
    const role = store.iam.getRoleByArn(principal);
    if (!role || !principal.includes(`::${state.account}:`)) {
      throw invalidParameters(`Principal ${principal} does not exist in account ${state.account}: an IAM association needs an existing role ARN of that account.`);
    }
  } else {
    if (!PATTERN_ARN.test(principal)) {
      throw invalidParameters(`IAM_PATTERN principal ${principal} must look like arn:<partition>:iam:::role/<path>/<name> (no account id).`);
    }
    const patterns = [...(associations?.values() ?? [])].filter((t) => t === 'IAM_PATTERN').length;
    if (patterns >= MAX_PATTERNS_PER_PORTFOLIO) {
      throw new AwsApiError('LimitExceededException', `Portfolio ${portfolioId} already has ${MAX_PATTERNS_PER_PORTFOLIO} IAM_PATTERN principals (the maximum).`);
    }
  }
  if (!associations) {
    associations = new Map();
    state.principals.set(portfolioId, associations);
  }
  associations.set(principal, type);
  state.principalEffectiveAt.set(`${portfolioId}|${principal}`, effectiveAt);
}

/** The caller may manage principals of a portfolio it owns or that reaches it through a share. */
function principalScope(r: InputReader, ctx: ScContext): string {
  const portfolioId = r.string('PortfolioId');
  if (!visiblePortfolio(ctx.store, ctx.state, portfolioId)) {
    throw notFound(`Portfolio ${portfolioId} is neither owned by nor shared with account ${ctx.caller.account} in ${ctx.region}.`);
  }
  return portfolioId;
}

function principalType(r: InputReader): PrincipalType {
  const type = r.optionalString('PrincipalType') ?? 'IAM';
  if (type !== 'IAM' && type !== 'IAM_PATTERN') throw r.invalid(`PrincipalType must be IAM or IAM_PATTERN, got ${type}`);
  return type;
}

export const portfolioOperations: Record<string, ScOperation> = {
  CreatePortfolio: (r, ctx) => {
    const portfolio = createPortfolio(ctx.store, ctx.state, {
      displayName: r.string('DisplayName'),
      providerName: r.string('ProviderName'),
      description: r.optionalString('Description'),
    });
    return { PortfolioDetail: portfolioDetail(portfolio), Tags: r.list('Tags') };
  },
  DescribePortfolio: (r, ctx) => {
    const id = r.string('Id');
    const visible = visiblePortfolio(ctx.store, ctx.state, id);
    if (!visible) throw notFound(`Portfolio ${id} not found.`);
    const tagOptions = [...visible.portfolio.tagOptionIds].map((t) => visible.home.tagOptions.get(t)!);
    return {
      PortfolioDetail: portfolioDetail(visible.portfolio),
      Tags: [],
      TagOptions: tagOptions.map((t) => ({ Key: t.key, Value: t.value, Active: t.active, Id: t.id, Owner: t.owner })),
      Budgets: [],
    };
  },
  ListPortfolios: (r, ctx) => {
    const page = paginate([...ctx.state.portfolios.values()], r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: 'ListPortfolios' });
    return { PortfolioDetails: page.items.map(portfolioDetail), NextPageToken: page.nextToken };
  },
  AssociatePrincipalWithPortfolio: (r, ctx) => {
    const portfolioId = principalScope(r, ctx);
    const { store } = ctx;
    associatePrincipal(store, ctx.state, portfolioId, r.string('PrincipalARN'), principalType(r), store.clock.now() + store.timing.principalPropagationMs);
    return {};
  },
  DisassociatePrincipalFromPortfolio: (r, ctx) => {
    const portfolioId = principalScope(r, ctx);
    const principal = r.string('PrincipalARN');
    const associations = ctx.state.principals.get(portfolioId);
    if (!associations?.delete(principal)) throw notFound(`Principal ${principal} is not associated with portfolio ${portfolioId}.`);
    ctx.state.principalEffectiveAt.delete(`${portfolioId}|${principal}`);
    return {};
  },
  ListPrincipalsForPortfolio: (r, ctx) => {
    const portfolioId = principalScope(r, ctx);
    const all = [...(ctx.state.principals.get(portfolioId) ?? [])].map(([arn, type]) => ({ PrincipalARN: arn, PrincipalType: type }));
    const page = paginate(all, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `ListPrincipals:${portfolioId}` });
    return { Principals: page.items, NextPageToken: page.nextToken };
  },
  AssociateProductWithPortfolio: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('PortfolioId'));
    const productId = r.string('ProductId');
    if (!ctx.state.products.has(productId)) throw notFound(`Product ${productId} not found in account ${ctx.caller.account}.`);
    portfolio.productIds.add(productId);
    return {};
  },
  CreateConstraint: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('PortfolioId'));
    const productId = r.string('ProductId');
    if (!portfolio.productIds.has(productId)) throw notFound(`Product ${productId} is not in portfolio ${portfolio.id}.`);
    const type = r.string('Type');
    if (type !== 'LAUNCH') throw r.invalid(`The simulator models LAUNCH constraints only, got ${type}`);
    const parameters = parseConstraintParameters(r.string('Parameters'));
    if (portfolio.launchConstraints.has(productId)) throw new AwsApiError('DuplicateResourceException', `Product ${productId} already has a launch constraint in portfolio ${portfolio.id}.`);
    const constraintId = ctx.store.newId('cons');
    portfolio.launchConstraints.set(productId, { constraintId, ...parameters });
    return {
      ConstraintDetail: { ConstraintId: constraintId, Type: 'LAUNCH', Owner: ctx.caller.account, ProductId: productId, PortfolioId: portfolio.id },
      ConstraintParameters: r.string('Parameters'),
      Status: 'AVAILABLE',
    };
  },
  CreateTagOption: (r, ctx) => {
    const key = r.string('Key');
    const value = r.string('Value');
    for (const t of ctx.state.tagOptions.values()) {
      if (t.key === key && t.value === value) throw new AwsApiError('DuplicateResourceException', `TagOption ${key}=${value} already exists.`);
    }
    const id = ctx.store.newId('tag');
    ctx.state.tagOptions.set(id, { id, key, value, active: true, owner: ctx.caller.account });
    return { TagOptionDetail: { Key: key, Value: value, Active: true, Id: id, Owner: ctx.caller.account } };
  },
  AssociateTagOptionWithResource: (r, ctx) => {
    const portfolio = ownPortfolio(ctx, r.string('ResourceId'));
    const tagOptionId = r.string('TagOptionId');
    if (!ctx.state.tagOptions.has(tagOptionId)) throw notFound(`TagOption ${tagOptionId} not found.`);
    portfolio.tagOptionIds.add(tagOptionId);
    return {};
  },
  EnableAWSOrganizationsAccess: (_r, ctx) => {
    requireManagement(ctx, 'EnableAWSOrganizationsAccess');
    ctx.store.organizationsAccessEnabled = true;
    return {};
  },
  GetAWSOrganizationsAccessStatus: (_r, ctx) => ({ AccessStatus: ctx.store.organizationsAccessEnabled ? 'ENABLED' : 'DISABLED' }),
};

export function parseConstraintParameters(json: string): { localRoleName?: string; roleArn?: string } {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw invalidParameters(`Constraint Parameters must be JSON, got ${json}`);
  }
  const localRoleName = typeof parsed.LocalRoleName === 'string' ? parsed.LocalRoleName : undefined;
  const roleArn = typeof parsed.RoleArn === 'string' ? parsed.RoleArn : undefined;
  if ((localRoleName === undefined) === (roleArn === undefined)) {
    throw invalidParameters('A LAUNCH constraint takes exactly one of LocalRoleName or RoleArn.');
  }
  return localRoleName ? { localRoleName } : { roleArn };
}

export function requireManagement(ctx: ScContext, operation: string): void {
  if (ctx.caller.account !== ctx.store.org.managementAccountId && !ctx.store.org.isDelegatedAdministrator(ctx.caller.account, SERVICE_CATALOG_PRINCIPAL)) {
    throw new AwsApiError('AccessDeniedException', `${operation} needs the management account or a delegated administrator; ${ctx.caller.account} is neither.`);
  }
}

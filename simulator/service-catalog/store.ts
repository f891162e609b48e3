import type { VirtualClock } from '../core/clock';
import { seededRandom } from '../core/seeded-random';
import type { IamState } from '../iam/iam-state';
import type { OrganizationState } from '../organizations/organization-state';
import { ScRegionState, type Portfolio, type Product, type ProvisionedProduct, type ProvisionedProductStatus, type RecordType } from './model';

/** How long asynchronous work takes, in virtual milliseconds. */
export interface ScTiming {
  shareInProgressAfterMs: number;
  shareCompletesAfterMs: number;
  recordInProgressAfterMs: number;
  recordCompletesAfterMs: number;
  /** After AssociatePrincipalWithPortfolio, how long until the principal gets launch paths (see SIMPLIFICATIONS.md). */
  principalPropagationMs: number;
}

export interface FailNextProvision {
  account: string;
  region: string;
  productName?: string;
  status: 'FAILED' | 'TAINTED';
  message: string;
}

/** Called with the provisioned product (its parameters current) after a record of `type` succeeded. */
export type StackEffect = (account: string, region: string, type: RecordType, product: Readonly<ProvisionedProduct>) => void;

export interface FailNextShare {
  portfolioId?: string;
  status: 'COMPLETED_WITH_ERRORS' | 'ERROR';
  message: string;
  accounts?: string[];
}

/**
 * All Service Catalog state plus the global indexes a real service keeps implicitly (a portfolio or product id
 * is resolvable from any account it is shared with).
 */
export class ScStore {
  readonly timing: ScTiming = {
    shareInProgressAfterMs: 1_000,
    shareCompletesAfterMs: 10_000,
    recordInProgressAfterMs: 1_000,
    recordCompletesAfterMs: 30_000,
    principalPropagationMs: 10_000,
  };
  organizationsAccessEnabled = true;
  readonly failNextHooks: FailNextProvision[] = [];
  readonly failNextShareHooks: FailNextShare[] = [];
  /** Stand-ins for what the product's CloudFormation would do, called when a record succeeds (see `onStackSucceeded`). */
  readonly stackEffects: StackEffect[] = [];
  private readonly states = new Map<string, ScRegionState>();
  private readonly portfolioHome = new Map<string, ScRegionState>();
  private readonly productHome = new Map<string, ScRegionState>();
  /** Portfolios with at least one share, per Region: recipients only scan these. */
  private readonly sharedPortfoliosByRegion = new Map<string, Set<string>>();
  private counter = 0;
  /** Drives every unordered listing (SearchProvisionedProducts without SortBy): a fixed seed, so runs replay. */
  readonly random = seededRandom(0x5eed);

  constructor(
    readonly clock: VirtualClock,
    readonly org: OrganizationState,
    readonly iam: IamState,
    readonly partition: string,
  ) {}

  state(account: string, region: string): ScRegionState {
    const key = `${account}|${region}`;
    let state = this.states.get(key);
    if (!state) {
      state = new ScRegionState(account, region);
      this.states.set(key, state);
    }
    return state;
  }

  /** Deterministic ids shaped like the real ones: `port-` + 13 characters. */
  newId(prefix: string, length = 13): string {
    this.counter += 1;
    return `${prefix}-${this.counter.toString(36).padStart(length, '0')}`;
  }

  registerPortfolio(state: ScRegionState, portfolio: Portfolio): void {
    state.portfolios.set(portfolio.id, portfolio);
    this.portfolioHome.set(portfolio.id, state);
  }

  registerProduct(state: ScRegionState, product: Product): void {
    state.products.set(product.id, product);
    this.productHome.set(product.id, state);
  }

  portfolioById(id: string): { portfolio: Portfolio; home: ScRegionState } | undefined {
    const home = this.portfolioHome.get(id);
    const portfolio = home?.portfolios.get(id);
    return home && portfolio ? { portfolio, home } : undefined;
  }

  productById(id: string): { product: Product; home: ScRegionState } | undefined {
    const home = this.productHome.get(id);
    const product = home?.products.get(id);
    return home && product ? { product, home } : undefined;
  }

  markShared(portfolio: Portfolio): void {
    let set = this.sharedPortfoliosByRegion.get(portfolio.region);
    if (!set) {
      set = new Set();
      this.sharedPortfoliosByRegion.set(portfolio.region, set);
    }
    set.add(portfolio.id);
  }

  sharedPortfolioIds(region: string): Iterable<string> {
    return this.sharedPortfoliosByRegion.get(region) ?? [];
  }

  /** Consumes the first fail-next hook matching this launch. */
  takeFailHook(account: string, region: string, productName: string): FailNextProvision | undefined {
    const index = this.failNextHooks.findIndex(
      (h) => h.account === account && h.region === region && (h.productName === undefined || h.productName === productName),
    );
    return index < 0 ? undefined : this.failNextHooks.splice(index, 1)[0];
  }

  takeShareHook(portfolioId: string): FailNextShare | undefined {
    const index = this.failNextShareHooks.findIndex((h) => h.portfolioId === undefined || h.portfolioId === portfolioId);
    return index < 0 ? undefined : this.failNextShareHooks.splice(index, 1)[0];
  }

  /** Brings records whose time has come to their final status and applies them to their provisioned products. */
  settle(state: ScRegionState): void {
    if (state.pendingRecords.size === 0) return;
    const now = this.clock.now();
    for (const recordId of [...state.pendingRecords]) {
      const record = state.records.get(recordId)!;
      if (record.finishedAt > now) continue;
      state.pendingRecords.delete(recordId);
      record.settled = true;
      const product = state.provisioned.get(record.provisionedProductId);
      if (!product) continue;
      const { outcome } = record;
      if (outcome.status === 'SUCCEEDED' && record.type === 'TERMINATE_PROVISIONED_PRODUCT') {
        product.terminated = true;
        state.provisioned.delete(product.id);
        if (state.provisionedByName.get(product.name) === product.id) state.provisionedByName.delete(product.name);
        for (const effect of this.stackEffects) effect(state.account, state.region, record.type, product);
        continue;
      }
      if (outcome.status === 'SUCCEEDED' && record.type !== 'TERMINATE_PROVISIONED_PRODUCT') {
        product.lastSuccessfulProvisioningRecordId = record.id;
        if (outcome.apply) {
          Object.assign(product, {
            artifactId: outcome.apply.artifactId,
            artifactName: outcome.apply.artifactName,
            productId: outcome.apply.productId,
            productName: outcome.apply.productName,
            pathId: outcome.apply.pathId,
            parameters: outcome.apply.parameters,
          });
          if (outcome.apply.tags) product.tags = outcome.apply.tags;
        }
      }
      setStatus(product, outcome.productStatus, outcome.message);
      if (outcome.status === 'SUCCEEDED') for (const effect of this.stackEffects) effect(state.account, state.region, record.type, product);
    }
  }
}

function setStatus(product: { status: ProvisionedProductStatus; statusMessage?: string }, status: ProvisionedProductStatus, message?: string): void {
  product.status = status;
  product.statusMessage = message;
}

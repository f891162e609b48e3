/**
 * The fewest API calls one account's plan requires, derived from the plan itself (bench/README.md defines each
 * term). Pure, so it is unit-tested and the benchmark compares measured calls against it.
 */
import type { AccountContext, PlannedAction } from '../lifecycle-handlers/core/types';

export interface MinimumInputs {
  readonly account: AccountContext;
  readonly actions: readonly PlannedAction[];
  /** Regions whose provisioned products must be read before acting (desired ∪ governed). */
  readonly regionsRead: readonly string[];
  readonly recordCompletesAfterMs: number;
  readonly pollIntervalMs: number;
  /** Latency of one DescribeRecord call. */
  readonly describeRecordLatencyMs: number;
  /** How long a new principal association takes to grant its launch path (the simulator's model). */
  readonly principalPropagationMs: number;
  /** The core's waits between launch-path look-ups while an association propagates. */
  readonly propagationWaitsMs: readonly number[];
}

export interface MinimumBreakdown {
  readonly organizationReads: number;
  readonly assumeRole: number;
  readonly actualStateReads: number;
  readonly hubCatalogReads: number;
  readonly launchPathSetup: number;
  readonly propagationLookups: number;
  readonly productLookups: number;
  readonly generationReads: number;
  readonly provisioningCalls: number;
  readonly recordPolls: number;
  readonly total: number;
}

/**
 * DescribeRecord calls a poller with this interval needs to see a record that ends `completesAfterMs` after it was
 * created: poll k arrives k·latency + (k−1)·interval after creation, so k = ⌈(T − L)/(p + L)⌉ + 1 (at least 1).
 */
export function pollsToObserveRecord(completesAfterMs: number, intervalMs: number, latencyMs: number): number {
  return Math.max(1, Math.ceil((completesAfterMs - latencyMs) / (intervalMs + latencyMs)) + 1);
}

const changes = (a: PlannedAction) => a.kind !== 'skip';
const launches = (a: PlannedAction) => a.kind === 'provision' || a.kind === 'update';

/** Look-ups repeated before a new association's launch path is there: waits until their sum covers the delay. */
export function lookupsWhilePropagating(propagationMs: number, waitsMs: readonly number[]): number {
  let waited = 0;
  for (let k = 0; k < waitsMs.length; k++) {
    if (waited >= propagationMs) return k;
    waited += waitsMs[k];
  }
  return waitsMs.length;
}

export function minimumCallsFor(input: MinimumInputs): MinimumBreakdown {
  const acting = input.actions.filter(changes);
  const launching = input.actions.filter(launches);
  // DescribeAccount, then ListParents from the account up to the root, and one DescribeOrganizationalUnit per OU
  // on the way (OU names make the paths the manifest targets).
  const ouLevels = input.account.ancestors.length - 1;
  const organizationReads = 1 + input.account.ancestors.length + ouLevels;
  const launchRegions = new Set(launching.map((a) => a.region));
  // Per Region with a launch: the hub portfolio ID (ListPortfolios in the hub), AcceptPortfolioShare and
  // AssociatePrincipalWithPortfolio (both idempotent, so no read is needed before them).
  const launchPathSetup = 3 * launchRegions.size;
  // Per Region with a launch: the launch-path look-ups repeated while the new association propagates.
  const propagationLookups = launchRegions.size * lookupsWhilePropagating(input.principalPropagationMs, input.propagationWaitsMs);
  // Per product and Region launched: ListLaunchPaths (the path) and ListProvisioningArtifacts (the active version);
  // DescribeProduct, which returns both, fails for the execution role (it has administrator access).
  const productLookups = 2 * new Set(launching.map((a) => `${a.region}|${a.productId}`)).size;
  // Per provision: ListRecordHistory, whose newest terminate record of the name makes the token of a new generation.
  const generationReads = input.actions.filter((a) => a.kind === 'provision').length;
  const polls = pollsToObserveRecord(input.recordCompletesAfterMs, input.pollIntervalMs, input.describeRecordLatencyMs);
  const parts = {
    organizationReads,
    assumeRole: 1,
    actualStateReads: input.regionsRead.length,
    // Per Region read, the hub portfolio's ID and product IDs (ListPortfolios, SearchProductsAsAdmin): ownership and
    // launches go by those IDs, never by a name an account could also use.
    hubCatalogReads: 2 * input.regionsRead.length,
    launchPathSetup,
    propagationLookups,
    productLookups,
    generationReads,
    provisioningCalls: acting.length,
    recordPolls: acting.length * polls,
  };
  return { ...parts, total: Object.values(parts).reduce((sum, n) => sum + n, 0) };
}

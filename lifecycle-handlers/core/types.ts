/**
 * The vocabulary shared by every step of the lifecycle core: event → accounts → desired → actual → plan → execute.
 * Plain data only, so the pure steps can be tested with object literals.
 */

/** Organizations' view of an account, as far as provisioning cares. CLOSED comes from the newer `State` field. */
export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED' | 'PENDING_ACTIVATION';

/** One node on the way from the root down to an account: `{ id: 'ou-ab12-34cd56ef', path: 'Root/Workloads' }`. */
export interface OuNode {
  readonly id: string;
  readonly path: string;
}

export interface AccountContext {
  readonly id: string;
  readonly name?: string;
  readonly status: AccountStatus;
  /** Root first, the account's direct parent last. The root's path is `Root`. */
  readonly ancestors: readonly OuNode[];
}

/** Provisioning parameters as Service Catalog takes them: string values, keys as the product template names them. */
export type ParameterValues = Readonly<Record<string, string>>;

export interface DesiredItem {
  readonly accountId: string;
  readonly region: string;
  readonly productId: string;
  readonly version: string;
  readonly parameters: ParameterValues;
  /** `falcon-<product>`: unique per account and Region, which is all Service Catalog requires. */
  readonly provisionedProductName: string;
  /** Manifest assignments that put this item in scope (empty for the internal launch-role product). */
  readonly assignments: readonly string[];
  /**
   * The product's first launchable version and its parameters, when `version` is a later one: a product found on a
   * retired version is moved here first (plan.ts), and to `version` on the next run.
   */
  readonly firstLaunchable?: { readonly version: string; readonly parameters: ParameterValues };
}

/** Two assignments want the same product in the same place with different parameters: nothing is guessed. */
export interface DesiredConflict {
  readonly accountId: string;
  readonly region: string;
  readonly productId: string;
  readonly assignments: readonly string[];
  readonly reason: string;
  /**
   * `conflict`: assignments disagree (fix the manifest). `blocked`: the product cannot be provisioned here yet or at
   * all (no Falcon registration published, or the product is not offered in this Region).
   */
  readonly kind: 'conflict' | 'blocked';
}

export interface DesiredState {
  readonly items: readonly DesiredItem[];
  readonly conflicts: readonly DesiredConflict[];
}

export type ProvisionedStatus = 'AVAILABLE' | 'UNDER_CHANGE' | 'TAINTED' | 'ERROR' | 'PLAN_IN_PROGRESS';

/**
 * A provisioned product of the hub portfolio (or one carrying a lifecycle name) in one account and Region. Only one
 * without `managedBy` is the lifecycle's own, which it may update or terminate.
 */
export interface ActualItem {
  readonly accountId: string;
  readonly region: string;
  readonly productId: string;
  readonly provisionedProductId: string;
  readonly provisionedProductName: string;
  readonly status: ProvisionedStatus;
  /** The product's latest record: part of the next update/terminate token, so a re-apply is a new request. */
  readonly lastRecordId?: string;
  readonly statusMessage?: string;
  /** Name of the current provisioning artifact, i.e. the product version. */
  readonly version?: string;
  /**
   * Parameters recorded in tags at the last provision/update. Service Catalog has no read API for a provisioned
   * product's parameters, so the core writes them as tags (see `parameter-tags.ts`). Undefined when not recorded.
   */
  readonly parameters?: ParameterValues;
  /** Digest of the parameters recorded at the last provision/update, present even when they were too long to keep. */
  readonly parametersDigest?: string;
  /**
   * Set when the lifecycle did not provision it: `blueprint` (tag `falcon-catalog:managed-by: blueprint`), or
   * `other` (no lifecycle tag, or not a product of the hub portfolio). The core then never changes it.
   */
  readonly managedBy?: 'blueprint' | 'other';
}

export interface ParameterChange {
  readonly key: string;
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export type ActionKind = 'provision' | 'update' | 'terminate' | 'skip';

export interface PlannedAction {
  readonly kind: ActionKind;
  readonly accountId: string;
  readonly region: string;
  readonly productId: string;
  readonly provisionedProductName: string;
  readonly reason: string;
  /** Version to provision or update to; the current version for terminate and skip when one is known. */
  readonly version?: string;
  readonly parameters?: ParameterValues;
  readonly parameterDiff: readonly ParameterChange[];
  /** The existing provisioned product, for update and terminate; for provision, one in ERROR to replace first. */
  readonly provisionedProductId?: string;
  /** Its latest record when planned (see ActualItem.lastRecordId). */
  readonly lastRecordId?: string;
  /** A termination the blast-radius guard held (kind `skip`, the reason says why and how to release it). */
  readonly held?: true;
  /**
   * A `skip` of a product that is UNDER_CHANGE: its record (`lastRecordId`) is still running, started by an earlier
   * delivery. The core waits for that record instead of reporting the item as done.
   */
  readonly inProgress?: true;
}

export interface AccountPlan {
  readonly account: AccountContext;
  readonly actions: readonly PlannedAction[];
}

/**
 * `pending`: not finished when this run stopped waiting (its record still runs, or it waits for one that does, or it
 * could not start before the run's deadline). Never a final state: the worker hands it on to a follow-up message.
 */
export type Outcome = 'provisioned' | 'updated' | 'terminated' | 'skipped' | 'failed' | 'pending';

/** What happened to one account × product × Region: the unit of every result event and metric. */
export interface ItemResult {
  readonly accountId: string;
  readonly region: string;
  readonly productId: string;
  readonly provisionedProductName: string;
  readonly action: ActionKind;
  readonly outcome: Outcome;
  readonly reason: string;
  readonly version?: string;
  readonly parameterDiff: readonly ParameterChange[];
  readonly recordId?: string;
  /** A termination the blast-radius guard held: outcome `skipped`, the reason says why. */
  readonly held?: true;
}

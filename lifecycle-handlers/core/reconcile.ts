/**
 * The entry points shared by the event Lambda, the scheduled reconciler and the operator CLI.
 *
 * `handleTrigger` turns one trigger into the accounts it concerns (one account for an account event, the accounts
 * under an OU for an OU event, every account for the schedule), then for each account, with bounded concurrency:
 * desired → actual → plan → execute → results. `planTrigger` stops after the plan. Nothing here touches an account
 * the trigger does not concern (design decision 5).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Manifest } from '../../manifest/schema';
import { LAUNCH_ROLE_PRODUCT_ID, type RegistrationOutputs } from '../../products/registry';
import { type AccountAssessment, assessAccount, type Unreadable } from './account-state';
import type { ClientsFactory } from './clients';
import { mapWithConcurrency } from './concurrency';
import { organizationTrigger, type Trigger } from './events';
import { executeAccountPlan } from './execute';
import { hubCatalogCache, shareKindFor } from './launch-target';
import { OrganizationReader } from './organization';
import { DEFAULT_POLLING, describeError, type PollingOptions, resultOf } from './provisioning';
import { addOutcomeMetrics, countOutcomes, type ResultPublisher, toResultDetails } from './results';
import type { AccountContext, DesiredItem, ItemResult, Outcome, PlannedAction } from './types';

export interface LifecycleDeps {
  readonly manifest: Manifest;
  readonly clients: ClientsFactory;
  /** Injected so tests run on a virtual clock; `(ms) => new Promise((r) => setTimeout(r, ms))` in production. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly publisher: ResultPublisher;
  readonly metrics?: Metrics;
  readonly concurrency?: { readonly accounts?: number; readonly regions?: number };
  readonly polling?: PollingOptions;
  /**
   * The hub's Falcon organisation registration (CrowdStrike account, role, external ID, event bus), read once per
   * invocation. Products that need it are skipped with the reason until it exists.
   */
  readonly registration?: () => Promise<RegistrationOutputs | undefined>;
}

export interface AccountReport {
  readonly account: AccountContext;
  readonly actions: readonly PlannedAction[];
  readonly unreadable: readonly Unreadable[];
  /** Empty for `planTrigger`. */
  readonly results: readonly ItemResult[];
}

export interface TriggerReport {
  readonly trigger: Trigger;
  readonly accounts: readonly AccountReport[];
  /** For a failed lifecycle operation or a trigger that concerns no account: what was recorded instead. */
  readonly note?: string;
  readonly counts: Record<Outcome, number>;
}

export interface ProgressUpdate {
  readonly done: number;
  readonly total: number;
  readonly account: AccountReport;
}

export interface RunOptions {
  /** Called after each account, e.g. for a CLI progress line. */
  readonly onProgress?: (update: ProgressUpdate) => void;
}

const DEFAULT_ACCOUNT_CONCURRENCY = 10;
const DEFAULT_REGION_CONCURRENCY = 4;

/** Per-invocation state: one organisation reader and one hub-catalog read per Region. */
function openSession(deps: LifecycleDeps) {
  const organization = new OrganizationReader(deps.clients.organizations());
  const hubCatalog = hubCatalogCache((region) => deps.clients.hubServiceCatalog(region), deps.manifest.portfolio.name);
  let registrationOnce: Promise<RegistrationOutputs | undefined> | undefined;
  const registration = () => (registrationOnce ??= deps.registration?.() ?? Promise.resolve(undefined));
  return { organization, hubCatalog, registration };
}
type Session = ReturnType<typeof openSession>;

async function accountsFor(trigger: Trigger, session: Session): Promise<AccountContext[]> {
  switch (trigger.kind) {
    case 'account':
      return [trigger.context ?? (await session.organization.account(trigger.accountId))];
    case 'organizational-unit':
      return session.organization.accountsUnder(trigger.ouId);
    case 'organization':
      return session.organization.allAccounts();
    case 'failed-operation':
      return [];
  }
}

function unplannedResult(item: DesiredItem, reason: string): ItemResult {
  return {
    accountId: item.accountId,
    region: item.region,
    productId: item.productId,
    provisionedProductName: item.provisionedProductName,
    action: 'provision',
    outcome: 'failed',
    reason,
    version: item.version,
    parameterDiff: [],
  };
}

function reasonFor(assessment: AccountAssessment, region: string): string {
  const match = assessment.unreadable.find((u) => u.region === region || u.region === undefined);
  return `not planned: ${match?.reason ?? 'state unreadable'}`;
}

async function applyAssessment(
  assessment: AccountAssessment,
  deps: LifecycleDeps,
  session: Session,
): Promise<ItemResult[]> {
  const { manifest } = deps;
  const unplanned = assessment.unplanned.map((item) => unplannedResult(item, reasonFor(assessment, item.region)));
  // The launch role lives in the home Region but serves every Region, so an unreadable home Region blocks all
  // launches. The Falcon directory needs no such rule: it serves only its own Region, and when that Region cannot be
  // read, its readers there are unplanned together with it.
  const launchRoleUnplanned = assessment.unplanned.some((i) => i.productId === LAUNCH_ROLE_PRODUCT_ID);
  if (!assessment.clients) {
    // Nothing could be read, so nothing but skips can be done (skips need no AWS call).
    return [...assessment.actions.map((a) => skipOrFail(a, assessment)), ...unplanned];
  }
  const executed = await executeAccountPlan({
    manifest,
    account: assessment.account,
    actions: assessment.actions,
    clients: assessment.clients,
    shareKind: shareKindFor(manifest, assessment.account, manifest.organization.hubAccountId ?? manifest.organization.managementAccountId),
    hubCatalog: session.hubCatalog,
    sleep: deps.sleep,
    polling: deps.polling ?? DEFAULT_POLLING,
    regionConcurrency: deps.concurrency?.regions ?? DEFAULT_REGION_CONCURRENCY,
    logger: deps.logger,
    ...(launchRoleUnplanned
      ? { launchesBlockedBy: `not attempted: the launch role's Region could not be read (${reasonFor(assessment, manifest.organization.homeRegion)})` }
      : {}),
  });
  return [...executed, ...unplanned];
}

function skipOrFail(action: PlannedAction, assessment: AccountAssessment): ItemResult {
  return action.kind === 'skip'
    ? resultOf(action, 'skipped', action.reason)
    : resultOf(action, 'failed', reasonFor(assessment, action.region));
}

async function run(trigger: Trigger, deps: LifecycleDeps, mode: 'plan' | 'apply', options: RunOptions) {
  const logger = deps.logger.createChild({
    persistentKeys: { trigger: trigger.kind, eventName: trigger.source.eventName, eventId: trigger.source.eventId },
  });
  if (trigger.kind === 'failed-operation') {
    const where = trigger.accountId ? `account ${trigger.accountId}` : `OU ${trigger.ouId}`;
    const note = `${trigger.source.eventName} failed for ${where}: ${trigger.message}; nothing provisioned`;
    logger.warn(note, { account: trigger.accountId, ou: trigger.ouId });
    return { trigger, accounts: [], note, counts: countOutcomes([]) };
  }

  const session = openSession(deps);
  const accounts = await accountsFor(trigger, session);
  let done = 0;
  const reports = await mapWithConcurrency(
    accounts,
    deps.concurrency?.accounts ?? DEFAULT_ACCOUNT_CONCURRENCY,
    async (account): Promise<AccountReport> => {
      const report = await reconcileAccount(trigger, account, deps, session, mode, logger);
      done += 1;
      options.onProgress?.({ done, total: accounts.length, account: report });
      return report;
    },
  );
  const results = reports.flatMap((r) => r.results);
  if (mode === 'apply' && deps.metrics) addOutcomeMetrics(deps.metrics, results);
  const note = accounts.length === 0 ? `${trigger.source.eventName} concerns no account` : undefined;
  return { trigger, accounts: reports, counts: countOutcomes(results), ...(note ? { note } : {}) };
}

async function reconcileAccount(
  trigger: Trigger,
  account: AccountContext,
  deps: LifecycleDeps,
  session: Session,
  mode: 'plan' | 'apply',
  logger: Logger,
): Promise<AccountReport> {
  const accountLogger = logger.createChild({ persistentKeys: { account: account.id } });
  const assessment = await assessAccount(
    deps.manifest,
    account,
    deps.clients,
    deps.concurrency?.regions ?? DEFAULT_REGION_CONCURRENCY,
    session.hubCatalog,
    await session.registration(),
  );
  for (const problem of assessment.unreadable) accountLogger.warn(problem.reason, { region: problem.region });
  if (mode === 'plan') return { account, actions: assessment.actions, unreadable: assessment.unreadable, results: [] };

  const results = await applyAssessment(assessment, deps, session);
  if (results.length > 0) {
    try {
      await deps.publisher.publish(toResultDetails(results, trigger.source));
    } catch (error) {
      // The provisioning happened; a lost report must not turn it into a retry of the whole account.
      accountLogger.error('result events could not be published', { error: describeError(error) });
    }
  }
  return { account, actions: assessment.actions, unreadable: assessment.unreadable, results };
}

/** Applies whatever the trigger concerns. Never throws for one account's failure: see the per-item results. */
export function handleTrigger(trigger: Trigger, deps: LifecycleDeps, options: RunOptions = {}): Promise<TriggerReport> {
  return run(trigger, deps, 'apply', options);
}

/** The scheduled (or operator) walk over every account in the organisation. */
export function reconcileOrganization(deps: LifecycleDeps, options: RunOptions & { eventId?: string } = {}) {
  return handleTrigger(organizationTrigger(options.eventId ?? 'reconcile'), deps, options);
}

/** Reads and plans without changing anything (`falcon-catalog plan`). */
export function planTrigger(trigger: Trigger, deps: LifecycleDeps, options: RunOptions = {}): Promise<TriggerReport> {
  return run(trigger, deps, 'plan', options);
}

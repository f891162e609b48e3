/**
 * The entry points shared by the event Lambda, the scheduled reconciler and the operator CLI.
 *
 * `handleTrigger` turns one trigger into the accounts it concerns (one account for an account event, the accounts
 * under an OU for an OU event, every account for the schedule), then for each account, with bounded concurrency:
 * desired → actual → plan → execute → results. `planTrigger` stops after the plan. Nothing here touches an account
 * the trigger does not concern (docs/decisions.md#per-account-work).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Manifest } from '../../manifest/schema';
import { LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import { type RegistrationOutputs } from '../../vocabulary';
import { type AccountAssessment, assessAccount, type Unreadable } from './account-state';
import { accessPathFor } from './access';
import type { ClientsFactory } from './clients';
import { mapWithConcurrency } from './concurrency';
import { organizationTrigger, type Trigger } from './events';
import { executeAccountPlan } from './execute';
import { hubCatalogCache } from './hub-catalog';
import { shareKindFor } from './share-kind';
import { OrganizationReader } from './organization';
import { isOuId } from './ou-refs';
import { findMissingTargets, type GuardSummary, guardTerminations, type MissingTarget, missingTargetReason } from './termination-guard';
import { DEFAULT_POLLING, type PollingOptions } from './provisioning';
import { describeError } from './errors';
import { addOutcomeMetrics, countOutcomes, resultOf, type ResultPublisher, toResultDetails } from './results';
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
  /**
   * The blast-radius guard's inputs beyond the manifest: `confirmed` is the operator's
   * `--confirm-terminations <n>`; `limit` (with `limitSource` for the reason) replaces the manifest's limit.
   */
  readonly terminations?: { readonly confirmed?: number; readonly limit?: number; readonly limitSource?: string };
  /**
   * True once the run must stop waiting and starting (the worker: its Lambda is near its deadline). Items not
   * finished then come back `pending`, for the worker to hand on; without it the core waits up to `polling.maxWaitMs`.
   */
  readonly shouldStop?: () => boolean;
}

export interface AccountReport {
  readonly account: AccountContext;
  readonly actions: readonly PlannedAction[];
  readonly unreadable: readonly Unreadable[];
  /** How the lifecycle reaches the account (access.ts): `hub credentials`, `AWSControlTowerExecution`, … */
  readonly access: string;
  /** Empty for `planTrigger`. */
  readonly results: readonly ItemResult[];
}

export interface TriggerReport {
  readonly trigger: Trigger;
  readonly accounts: readonly AccountReport[];
  /** For a failed lifecycle operation or a trigger that concerns no account: what was recorded instead. */
  readonly note?: string;
  readonly counts: Record<Outcome, number>;
  /** Assignment targets the organisation does not have: each holds that assignment's terminations. */
  readonly missingTargets: readonly MissingTarget[];
  /** Terminations the blast-radius guard held, and why. */
  readonly held: GuardSummary;
}

export interface ProgressUpdate {
  readonly done: number;
  readonly total: number;
  readonly account: AccountReport;
}

export interface RunOptions {
  /** Called after each account, e.g. for a CLI progress line. */
  readonly onProgress?: (update: ProgressUpdate) => void;
  /** Called as each account's state has been read, before anything is planned or changed (the long part of a plan). */
  readonly onAssessed?: (done: number, total: number) => void;
}

const DEFAULT_ACCOUNT_CONCURRENCY = 10;
const DEFAULT_REGION_CONCURRENCY = 4;

/** Per-invocation state: one organisation reader and one hub-catalog read per Region. */
function openSession(deps: LifecycleDeps) {
  const organization = new OrganizationReader(deps.clients.organizations());
  const hubCatalog = hubCatalogCache((region) => deps.clients.hubServiceCatalog(region), deps.manifest.portfolio.name);
  let registrationOnce: Promise<RegistrationOutputs | undefined> | undefined;
  const registration = () => (registrationOnce ??= deps.registration?.() ?? Promise.resolve(undefined));
  const targets = {
    ou: (ref: string) => (isOuId(ref) ? organization.ancestry(ref) : organization.resolveOuRef(ref)),
    account: (id: string) => organization.account(id),
  };
  return { organization, hubCatalog, registration, targets };
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
    logger: deps.logger,
    ...(deps.shouldStop ? { shouldStop: deps.shouldStop } : {}),
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

async function run(trigger: Trigger, deps: LifecycleDeps, mode: 'plan' | 'apply', options: RunOptions): Promise<TriggerReport> {
  const logger = deps.logger.createChild({
    persistentKeys: { trigger: trigger.kind, eventName: trigger.source.eventName, eventId: trigger.source.eventId },
  });
  if (trigger.kind === 'failed-operation') {
    const where = trigger.accountId ? `account ${trigger.accountId}` : `OU ${trigger.ouId}`;
    const note = `${trigger.source.eventName} failed for ${where}: ${trigger.message}; nothing provisioned`;
    logger.warn(note, { account: trigger.accountId, ou: trigger.ouId });
    return { trigger, accounts: [], note, counts: countOutcomes([]), missingTargets: [], held: { held: 0, causes: [] } };
  }

  const session = openSession(deps);
  const accounts = await accountsFor(trigger, session);
  const regionConcurrency = deps.concurrency?.regions ?? DEFAULT_REGION_CONCURRENCY;
  const accountConcurrency = deps.concurrency?.accounts ?? DEFAULT_ACCOUNT_CONCURRENCY;
  let done = 0;
  const progress = (report: AccountReport) => {
    done += 1;
    options.onProgress?.({ done, total: accounts.length, account: report });
  };

  // The whole run is planned before anything changes, so the guard sees every termination at once.
  const registration = await session.registration();
  let assessed = 0;
  const planned = await mapWithConcurrency(accounts, accountConcurrency, async (account) => {
    const assessment = await assessAccount(deps.manifest, account, deps.clients, regionConcurrency, session.hubCatalog, registration);
    for (const problem of assessment.unreadable) {
      logger.warn(problem.reason, { account: account.id, region: problem.region });
    }
    options.onAssessed?.((assessed += 1), accounts.length);
    return assessment;
  });
  const terminates = planned.some((a) => a.actions.some((x) => x.kind === 'terminate'));
  // Plan always checks the targets (an operator wants to know); a run only when it would terminate something.
  const missingTargets = mode === 'plan' || terminates ? await findMissingTargets(deps.manifest, session.targets) : [];
  for (const missing of missingTargets) logger.error(`manifest target missing: ${missingTargetReason(missing)}`);
  const { plans: assessments, summary } = guardTerminations(planned, {
    limit: deps.terminations?.limit ?? deps.manifest.lifecycle.maxTerminationsPerRun,
    ...(deps.terminations?.confirmed !== undefined ? { confirmed: deps.terminations.confirmed } : {}),
    ...(deps.terminations?.limitSource ? { limitSource: deps.terminations.limitSource } : {}),
    missingTargets,
  });
  for (const cause of summary.causes) logger.warn(`terminations held: ${cause}`, { held: summary.held });

  const reports = await mapWithConcurrency(assessments, accountConcurrency, async (assessment): Promise<AccountReport> => {
    const base = {
      account: assessment.account,
      access: accessPathFor(deps.manifest.organization, assessment.account.id).description,
      actions: assessment.actions,
      unreadable: assessment.unreadable,
    };
    if (mode === 'plan') {
      const report = { ...base, results: [] };
      progress(report);
      return report;
    }
    const accountLogger = logger.createChild({ persistentKeys: { account: assessment.account.id } });
    const checked = await recheckBeforeTerminating(assessment, session, accountLogger);
    const results = await applyAssessment(checked, deps, session);
    // One event per item when it ends: a pending item is reported by the delivery that sees it end.
    const final = results.filter((r) => r.outcome !== 'pending');
    if (final.length > 0) {
      try {
        await deps.publisher.publish(toResultDetails(final, trigger.source));
      } catch (error) {
        // The provisioning happened; a lost report must not turn it into a retry of the whole account.
        accountLogger.error('result events could not be published', { error: describeError(error) });
      }
    }
    const report = { ...base, actions: checked.actions, results };
    progress(report);
    return report;
  });
  const results = reports.flatMap((r) => r.results);
  if (mode === 'apply' && deps.metrics) addOutcomeMetrics(deps.metrics, results);
  const note = accounts.length === 0 ? `${trigger.source.eventName} concerns no account` : undefined;
  return {
    trigger,
    accounts: reports,
    counts: countOutcomes(results),
    missingTargets,
    held: summary,
    ...(note ? { note } : {}),
  };
}

const sameAncestry = (a: AccountContext, b: AccountContext) =>
  a.ancestors.map((n) => n.id).join('/') === b.ancestors.map((n) => n.id).join('/');

/**
 * Just before terminating anything in an account, Organizations is asked again for its status and OU: a job can
 * carry what a fan-out read earlier, and an account that has since come back (or moved) must not lose its products
 * on that stale view. When the view changed, its terminations are held and the next run plans it afresh.
 */
async function recheckBeforeTerminating(
  assessment: AccountAssessment,
  session: Session,
  logger: Logger,
): Promise<AccountAssessment> {
  if (!assessment.actions.some((a) => a.kind === 'terminate')) return assessment;
  let reason: string | undefined;
  try {
    const now = await session.organization.account(assessment.account.id);
    if (now.status !== assessment.account.status || !sameAncestry(now, assessment.account)) {
      const where = now.ancestors[now.ancestors.length - 1]?.path ?? 'Root';
      reason = `held: Organizations now reports this account as ${now.status} under ${where}, not what this plan was made from; the next run plans it again`;
    }
  } catch (error) {
    reason = `held: the account's status could not be read again before terminating (${describeError(error)})`;
  }
  if (!reason) return assessment;
  logger.warn(reason);
  const actions = assessment.actions.map((a) =>
    a.kind === 'terminate' ? { ...a, kind: 'skip' as const, held: true as const, reason: reason! } : a,
  );
  return { ...assessment, actions };
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

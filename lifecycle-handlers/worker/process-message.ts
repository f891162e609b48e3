/**
 * One queued message, start to finish. Account events are reconciled here; whole-organisation and OU events are
 * fanned out into one message per account (so a 10,000-account reconcile is 10,000 small, independently retried
 * jobs, never one long run), and a message whose last attempt failed is parked in the DLQ with its reason.
 *
 * The worker runs inside a Lambda deadline: when the run stops waiting (`LifecycleDeps.shouldStop`), items whose
 * records still run are `pending`, and the message hands them on in a follow-up job for the same account, whose run
 * waits for those records again (the plan sees them UNDER_CHANGE) and then starts what depended on them. A pending
 * item is never reported as done, and every message that reaches the DLQ carries its reason.
 */
import { z } from 'zod';
import { formatPath } from '../../manifest/diagnostics';
import { organizationChecks } from '../../manifest/org-checks';
import { ACCOUNT_ID } from '../../vocabulary';
import { parseTrigger, type Trigger, type TriggerSource } from '../core/events';
import { OrganizationReader } from '../core/organization';
import { handleTrigger, type LifecycleDeps, type TriggerReport } from '../core/reconcile';

/** The message the worker writes for itself when it fans a trigger out. */
const accountJob = z.object({
  falconCatalog: z.literal('reconcile-account'),
  accountId: z.string().regex(ACCOUNT_ID),
  cause: z.object({ eventName: z.string(), eventId: z.string(), time: z.string().optional() }),
  /** What the fan-out read about the account (status and OU ancestry), so the job need not read it again. */
  account: z
    .object({
      id: z.string().regex(ACCOUNT_ID),
      name: z.string().optional(),
      status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED', 'PENDING_ACTIVATION']),
      ancestors: z.array(z.object({ id: z.string(), path: z.string() })),
    })
    .optional(),
  /** Set on a follow-up: the how-many-th hand-off of one account's run, when, and whether it began as a fan-out job. */
  handOff: z.object({ count: z.int().min(1), at: z.string(), fanOut: z.boolean() }).optional(),
});
export type AccountJob = z.infer<typeof accountJob>;

/**
 * Hand-offs before a run whose records never end is parked: each invocation waits up to about 14 minutes, so about
 * two hours, longer than any Falcon product's stack takes (CloudFormation's own custom-resource timeout is one hour).
 */
export const MAX_HAND_OFFS = 8;

/**
 * Time kept back from the Lambda deadline for what follows the waiting: one last retry backoff (at most 20 s),
 * publishing the result events and sending the follow-up message, with room to spare.
 */
export const DEADLINE_RESERVE_MS = 60_000;

export interface WorkQueue {
  /** Queue one account job (message group = the account, so jobs for one account never overlap). */
  enqueue(jobs: readonly AccountJob[]): Promise<void>;
  /** Park a message that will not be retried, with the reason operators will read. */
  park(body: string, reason: string): Promise<void>;
}

export interface WorkerDeps {
  readonly lifecycle: LifecycleDeps;
  readonly queue: WorkQueue;
  /** Attempts before a failing message is parked. */
  readonly maxReceives: number;
  /** The clock that stamps a follow-up (Date.now unless a simulation has its own). */
  readonly now?: () => number;
}

export type MessageOutcome =
  | { readonly kind: 'reconciled'; readonly report: TriggerReport }
  | { readonly kind: 'fanned-out'; readonly accounts: number }
  | { readonly kind: 'handed-on'; readonly report: TriggerReport; readonly pending: number }
  | { readonly kind: 'parked'; readonly reason: string };

/** Thrown to have SQS deliver the message again (partial batch failure). */
export class RetryLater extends Error {}

function job(body: unknown): AccountJob | undefined {
  const parsed = accountJob.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

function triggerOf(body: unknown): { ok: true; trigger: Trigger } | { ok: false; reason: string } {
  const job = accountJob.safeParse(body);
  if (job.success) {
    const source: TriggerSource = { ...job.data.cause };
    const context = job.data.account?.id === job.data.accountId ? job.data.account : undefined;
    return { ok: true, trigger: { kind: 'account', accountId: job.data.accountId, source, ...(context ? { context } : {}) } };
  }
  const parsed = parseTrigger(body);
  return parsed.ok ? parsed : { ok: false, reason: `${parsed.error.code}: ${parsed.error.message}` };
}

function describeOutcome(report: TriggerReport, outcome: 'failed' | 'pending'): string[] {
  return report.accounts.flatMap((a) =>
    a.results
      .filter((r) => r.outcome === outcome)
      .map((r) => `account ${r.accountId} ${r.region} ${r.productId}: ${r.reason}`),
  );
}

export const describeFailures = (report: TriggerReport) => describeOutcome(report, 'failed');
export const describePending = (report: TriggerReport) => describeOutcome(report, 'pending');

/** The follow-up job that carries an account's pending items on (a new body each time: FIFO deduplication). */
function followUp(trigger: Trigger & { kind: 'account' }, report: TriggerReport, previous: AccountJob | undefined, now: Date): AccountJob {
  const account = report.accounts[0]?.account ?? trigger.context;
  const { eventName, eventId, time } = trigger.source;
  return {
    falconCatalog: 'reconcile-account',
    accountId: trigger.accountId,
    cause: { eventName, eventId, ...(time ? { time } : {}) },
    ...(account ? { account: { ...account, ancestors: [...account.ancestors] } } : {}),
    handOff: {
      count: (previous?.handOff?.count ?? 0) + 1,
      at: now.toISOString(),
      // A fan-out job cannot see its run's total for the blast-radius guard; an account event can, and so can its
      // follow-ups.
      fanOut: previous ? (previous.handOff?.fanOut ?? true) : false,
    },
  };
}

export async function processMessage(body: string, receiveCount: number, deps: WorkerDeps): Promise<MessageOutcome> {
  if (receiveCount > deps.maxReceives) {
    // The attempt before this one ended without reporting (the function timed out or crashed): SQS delivers it once
    // more before its redrive policy would move it to the DLQ without a word, so it is parked here with the reason.
    const reason =
      `attempt ${receiveCount - 1} of ${deps.maxReceives} ended without a result (the worker stopped: timeout, memory ` +
      "or a crash; its logs have the message's last lines); not retried";
    await deps.queue.park(body, reason);
    return { kind: 'parked', reason };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const reason = 'message body is not JSON';
    await deps.queue.park(body, reason);
    return { kind: 'parked', reason };
  }
  const parsed = triggerOf(json);
  if (!parsed.ok) {
    await deps.queue.park(body, parsed.reason);
    return { kind: 'parked', reason: parsed.reason };
  }
  try {
    return await handleParsed(parsed.trigger, json, body, receiveCount, deps);
  } catch (error) {
    if (error instanceof RetryLater || receiveCount < deps.maxReceives) throw error;
    // The last attempt failed with an error of its own (e.g. Organizations unreadable): parked with it.
    const reason = `attempt ${receiveCount} of ${deps.maxReceives} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    await deps.queue.park(body, reason);
    return { kind: 'parked', reason };
  }
}

async function handleParsed(trigger: Trigger, json: unknown, body: string, receiveCount: number, deps: WorkerDeps): Promise<MessageOutcome> {
  if (trigger.kind === 'organization' || trigger.kind === 'organizational-unit') {
    const reader = new OrganizationReader(deps.lifecycle.clients.organizations());
    let accounts;
    if (trigger.kind === 'organization') {
      // The scheduled walk reads the whole organisation anyway: say what in the manifest does not match it.
      const view = await reader.view();
      for (const finding of organizationChecks(deps.lifecycle.manifest, view)) {
        deps.lifecycle.logger.warn(`manifest ${formatPath(finding.path)}: ${finding.message}`);
      }
      accounts = view.accounts;
    } else {
      accounts = await reader.accountsUnder(trigger.ouId);
    }
    const cause = { eventName: trigger.source.eventName, eventId: trigger.source.eventId, time: trigger.source.time };
    await deps.queue.enqueue(
      accounts.map((a) => ({ falconCatalog: 'reconcile-account' as const, accountId: a.id, cause, account: { ...a, ancestors: [...a.ancestors] } })),
    );
    return { kind: 'fanned-out', accounts: accounts.length };
  }

  // A fan-out job is one account of a larger run, so it cannot see the run's total for the blast-radius guard: it
  // holds every termination (reported like any held one) and leaves them to an account event or a confirmed
  // operator reconcile, which see the whole run.
  const thisJob = job(json);
  const fannedOut = thisJob !== undefined && (thisJob.handOff?.fanOut ?? true);
  const lifecycle: LifecycleDeps = fannedOut
    ? { ...deps.lifecycle, terminations: { limit: 0, limitSource: 'the limit of a scheduled or OU-wide job (0: each job sees one account of the run)' } }
    : deps.lifecycle;
  const report = await handleTrigger(trigger, lifecycle);
  const failures = describeFailures(report);
  const pending = describePending(report);
  if (failures.length === 0 && pending.length === 0) return { kind: 'reconciled', report };

  if (failures.length === 0 && trigger.kind === 'account') {
    const handOffs = thisJob?.handOff?.count ?? 0;
    if (handOffs >= MAX_HAND_OFFS) {
      const reason = `${pending.length} item(s) still not finished after ${handOffs} hand-offs: ${pending.join('; ')}`;
      await deps.queue.park(body, reason);
      return { kind: 'parked', reason };
    }
    await deps.queue.enqueue([followUp(trigger, report, thisJob, new Date(deps.now?.() ?? Date.now()))]);
    return { kind: 'handed-on', report, pending: pending.length };
  }

  const still = pending.length > 0 ? `; still running: ${pending.join('; ')}` : '';
  const reason = `${failures.length} item(s) failed after attempt ${receiveCount} of ${deps.maxReceives}: ${failures.join('; ')}${still}`;
  if (receiveCount >= deps.maxReceives) {
    await deps.queue.park(body, reason);
    return { kind: 'parked', reason };
  }
  throw new RetryLater(reason);
}

/**
 * One queued message, start to finish. Account events are reconciled here; whole-organisation and OU events are
 * fanned out into one message per account (so a 10,000-account reconcile is 10,000 small, independently retried
 * jobs, never one long run), and a message whose last attempt failed is parked in the DLQ with its reason.
 */
import { z } from 'zod';
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
});
export type AccountJob = z.infer<typeof accountJob>;

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
}

export type MessageOutcome =
  | { readonly kind: 'reconciled'; readonly report: TriggerReport }
  | { readonly kind: 'fanned-out'; readonly accounts: number }
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

export function describeFailures(report: TriggerReport): string[] {
  return report.accounts.flatMap((a) =>
    a.results
      .filter((r) => r.outcome === 'failed')
      .map((r) => `account ${r.accountId} ${r.region} ${r.productId}: ${r.reason}`),
  );
}

export async function processMessage(body: string, receiveCount: number, deps: WorkerDeps): Promise<MessageOutcome> {
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
  const { trigger } = parsed;

  if (trigger.kind === 'organization' || trigger.kind === 'organizational-unit') {
    const reader = new OrganizationReader(deps.lifecycle.clients.organizations());
    const accounts =
      trigger.kind === 'organization' ? await reader.allAccounts() : await reader.accountsUnder(trigger.ouId);
    const cause = { eventName: trigger.source.eventName, eventId: trigger.source.eventId, time: trigger.source.time };
    await deps.queue.enqueue(
      accounts.map((a) => ({ falconCatalog: 'reconcile-account' as const, accountId: a.id, cause, account: { ...a, ancestors: [...a.ancestors] } })),
    );
    return { kind: 'fanned-out', accounts: accounts.length };
  }

  // A fan-out job is one account of a larger run, so it cannot see the run's total for the blast-radius guard: it
  // holds every termination (reported like any held one) and leaves them to an account event or a confirmed
  // operator reconcile, which see the whole run.
  const fannedOut = job(json) !== undefined;
  const lifecycle: LifecycleDeps = fannedOut
    ? { ...deps.lifecycle, terminations: { limit: 0, limitSource: 'the limit of a scheduled or OU-wide job (0: each job sees one account of the run)' } }
    : deps.lifecycle;
  const report = await handleTrigger(trigger, lifecycle);
  const failures = describeFailures(report);
  if (failures.length === 0) return { kind: 'reconciled', report };
  const reason = `${failures.length} item(s) failed after attempt ${receiveCount} of ${deps.maxReceives}: ${failures.join('; ')}`;
  if (receiveCount >= deps.maxReceives) {
    await deps.queue.park(body, reason);
    return { kind: 'parked', reason };
  }
  throw new RetryLater(reason);
}

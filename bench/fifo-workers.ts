/**
 * The lifecycle queue drained by a fleet of worker invocations, as SQS FIFO + Lambda would: at most `workers`
 * invocations in flight, one message per invocation (batch size 1), never two messages of one group (= account)
 * at once, each with the function's timeout as its deadline (the worker stops waiting before it and hands the rest
 * on in a follow-up message). A failed invocation (RetryLater or any other error: the handler reports both as batch
 * item failures)
 * makes the message visible again after the visibility timeout with its receive count raised, until the queue's
 * redrive policy moves it to the DLQ. Deduplication of identical bodies is the in-memory queue's
 * (simulator/sqs/in-memory-queue.ts).
 */
import { type MessageOutcome, RetryLater, type WorkerDeps } from '../lifecycle-handlers/worker/process-message';
import type { VirtualClock } from '../simulator';
import type { InMemoryQueue } from '../simulator/sqs/in-memory-queue';

interface Delivery {
  readonly body: string;
  readonly group: string;
  readonly receiveCount: number;
  readonly visibleAt: number;
}

export interface DrainOptions {
  readonly queue: InMemoryQueue;
  readonly clock: VirtualClock;
  readonly workers: number;
  readonly visibilityTimeoutMs: number;
  /** The redrive policy's maxReceiveCount: a message failed this many times goes to the DLQ (without a reason). */
  readonly redriveAfterReceives: number;
  /** The function's timeout: each invocation's deadline is this long after it starts. */
  readonly functionTimeoutMs: number;
  /**
   * Worker dependencies for one invocation (fresh clients per invocation, as Lambda would have); `remainingMs` is
   * Lambda's `context.getRemainingTimeInMillis()` on the virtual clock.
   */
  readonly invocation: (remainingMs: () => number) => WorkerDeps;
  readonly process: (body: string, receiveCount: number, deps: WorkerDeps) => Promise<MessageOutcome>;
}

export interface DrainReport {
  readonly deliveries: number;
  readonly retried: number;
  /** Failures by error name (RetryLater, or what escaped the handler, e.g. a throttled Organizations read). */
  readonly failures: Record<string, number>;
  /** Messages the redrive policy moved to the DLQ. */
  readonly redriven: number;
  readonly outcomes: Record<MessageOutcome['kind'], number>;
}

/** Message group of a body: the account for account jobs, one group for everything else (as the intake sends). */
export function groupOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { accountId?: unknown };
    return typeof parsed.accountId === 'string' ? parsed.accountId : 'organization';
  } catch {
    return 'unparsable';
  }
}

export async function drainQueue(options: DrainOptions): Promise<DrainReport> {
  const { queue, clock } = options;
  const waiting: Delivery[] = [];
  const busyGroups = new Set<string>();
  const outcomes: Record<MessageOutcome['kind'], number> = { reconciled: 0, 'fanned-out': 0, 'handed-on': 0, parked: 0 };
  let deliveries = 0;
  let retried = 0;
  let redriven = 0;
  const failures: Record<string, number> = {};
  let inFlight = 0;

  // New sends land in queue.pending; move them into the delivery list as they arrive.
  const intake = () => {
    for (const body of queue.pending.splice(0)) waiting.push({ body, group: groupOf(body), receiveCount: 0, visibleAt: clock.now() });
  };
  const takeNext = (): Delivery | undefined => {
    intake();
    const index = waiting.findIndex((d) => d.visibleAt <= clock.now() && !busyGroups.has(d.group));
    return index < 0 ? undefined : waiting.splice(index, 1)[0];
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      const delivery = takeNext();
      if (!delivery) {
        if (waiting.length === 0 && inFlight === 0) return;
        // Poll again after the next message becomes visible (or after a sibling finishes).
        const nextVisible = Math.min(...waiting.map((d) => d.visibleAt));
        await clock.sleep(Number.isFinite(nextVisible) ? Math.max(1_000, nextVisible - clock.now()) : 1_000);
        continue;
      }
      busyGroups.add(delivery.group);
      inFlight += 1;
      deliveries += 1;
      const receiveCount = delivery.receiveCount + 1;
      try {
        const deadline = clock.now() + options.functionTimeoutMs;
        const outcome = await options.process(delivery.body, receiveCount, options.invocation(() => deadline - clock.now()));
        outcomes[outcome.kind] += 1;
      } catch (error) {
        const name = error instanceof RetryLater ? 'RetryLater' : error instanceof Error ? error.name : 'unknown';
        failures[name] = (failures[name] ?? 0) + 1;
        if (receiveCount >= options.redriveAfterReceives) {
          redriven += 1;
        } else {
          retried += 1;
          waiting.push({ ...delivery, receiveCount, visibleAt: clock.now() + options.visibilityTimeoutMs });
        }
      } finally {
        busyGroups.delete(delivery.group);
        inFlight -= 1;
      }
    }
  };

  intake();
  await Promise.all(Array.from({ length: options.workers }, worker));
  return { deliveries, retried, failures, redriven, outcomes };
}

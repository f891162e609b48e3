/**
 * The worker's queue as the lifecycle stack configures SQS: FIFO with content-based deduplication (an identical
 * body sent again within five minutes is accepted but not delivered twice), and a DLQ that keeps the reason.
 * Time is the simulator's virtual clock.
 */
import { createHash } from 'node:crypto';
import type { AccountJob, WorkQueue } from '../../lifecycle-handlers/worker/process-message';
import type { VirtualClock } from '..';

const DEDUPLICATION_WINDOW_MS = 5 * 60_000;

export interface InMemoryQueue extends WorkQueue {
  /** Bodies waiting for delivery, oldest first. */
  readonly pending: string[];
  readonly parked: { body: string; reason: string }[];
  /** Every send, deduplicated or not. */
  readonly sent: number;
}

export function inMemoryQueue(clock: VirtualClock): InMemoryQueue {
  const lastSeen = new Map<string, number>();
  const queue = {
    pending: [] as string[],
    parked: [] as { body: string; reason: string }[],
    sent: 0,
    async enqueue(jobs: readonly AccountJob[]) {
      for (const job of jobs) {
        const body = JSON.stringify(job);
        const id = createHash('sha256').update(body).digest('hex');
        queue.sent += 1;
        const seen = lastSeen.get(id);
        if (seen !== undefined && clock.now() - seen < DEDUPLICATION_WINDOW_MS) continue;
        lastSeen.set(id, clock.now());
        queue.pending.push(body);
      }
    },
    async park(body: string, reason: string) {
      queue.parked.push({ body, reason });
    },
  };
  return queue;
}

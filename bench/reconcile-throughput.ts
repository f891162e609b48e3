/**
 * Figure 2: the whole organisation reconciled from empty under one org-wide token bucket of R requests/s on the
 * provisioning calls, through the worker's fan-out path (the schedule's message is fanned out into one job per
 * account and a fleet of worker invocations drains the FIFO queue), then checked against the simulator's ground
 * truth: every desired account × product × Region provisioned exactly once, and no duplicate provision record.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { desiredStateFor } from '../lifecycle-handlers/core/desired-state';
import { DEADLINE_RESERVE_MS, processMessage } from '../lifecycle-handlers/worker/process-message';
import { SIMULATED_REGISTRATION } from '../cli/simulated/landing-zone';
import type { Manifest } from '../manifest/schema';
import { inMemoryQueue } from '../simulator/sqs/in-memory-queue';
import { accepted, countByOperation, duplicateProvisionRecords, throttledCount } from './call-counts';
import { type BenchConfig, PROVISIONING_OPERATIONS } from './config';
import { drainQueue, type DrainReport } from './fifo-workers';
import { bootBenchLandingZone } from './landing-zone';
import { accountContexts, organizationFor } from './org-generator';
import { jobShapeOf, workerFleetSize } from '../lifecycle-handlers/worker/fleet';

const SCHEDULE_EVENT = path.join(__dirname, '..', 'test', 'fixtures', 'events', 'scheduled-reconcile.json');

export interface ReconcileMeasurement {
  readonly accounts: number;
  /** Worker invocations in flight, and whether that is the fleet sized from R (as the stack deploys it). */
  readonly workers: number;
  readonly fleetFromR: boolean;
  readonly desiredItems: number;
  readonly provisioned: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly unexpected: number;
  readonly rateLimit: number;
  readonly achievedRate: number;
  readonly rateRatio: number;
  readonly endToEndRate: number;
  readonly simulatedSeconds: number;
  readonly provisioningWindowSeconds: number;
  readonly calls: number;
  readonly throttled: number;
  readonly throttledByOperation: Record<string, number>;
  readonly parked: number;
  readonly drain: DrainReport;
  readonly realSeconds: number;
}

/** Desired items from the manifest and the generator's tree; the simulator's live products per place. */
function checkGroundTruth(manifest: Manifest, size: number, live: (account: string, region: string) => { name: string; status: string }[]) {
  const contexts = accountContexts(organizationFor(manifest, size));
  const desired = contexts.flatMap((account) => desiredStateFor(manifest, account, SIMULATED_REGISTRATION).items);
  const desiredPlaces = new Set(desired.map((i) => `${i.accountId}|${i.region}|${i.provisionedProductName}`));
  let lost = 0;
  let duplicated = 0;
  let unexpected = 0;
  for (const account of contexts) {
    for (const region of manifest.organization.governedRegions) {
      const byName = new Map<string, number>();
      for (const product of live(account.id, region)) {
        if (product.status !== 'AVAILABLE') continue;
        byName.set(product.name, (byName.get(product.name) ?? 0) + 1);
        if (!desiredPlaces.has(`${account.id}|${region}|${product.name}`)) unexpected += 1;
      }
      for (const [, count] of byName) duplicated += Math.max(0, count - 1);
    }
  }
  for (const item of desired) {
    const count = live(item.accountId, item.region).filter((p) => p.name === item.provisionedProductName && p.status === 'AVAILABLE').length;
    if (count === 0) lost += 1;
  }
  return { desiredItems: desired.length, lost, duplicated, unexpected };
}

export async function measureReconcile(manifest: Manifest, config: BenchConfig): Promise<ReconcileMeasurement> {
  const started = Date.now();
  const size = config.reconcileAccounts;
  const lz = await bootBenchLandingZone(manifest, size, config);
  const { sim } = lz;
  const queue = inMemoryQueue(sim.clock);
  const firstCall = sim.calls.length;
  const startedAt = sim.clock.now();

  // The schedule's message, as the intake would have sent it.
  queue.pending.push(readFileSync(SCHEDULE_EVENT, 'utf8'));
  // The fleet the lifecycle stack would deploy for this manifest at this R, unless the run sets one.
  const fleet = workerFleetSize({ provisioningRatePerSecond: config.provisioningRatePerSecond, ...jobShapeOf(manifest) });
  const workers = config.workers ?? fleet;
  const drain = await drainQueue({
    queue,
    clock: sim.clock,
    workers,
    visibilityTimeoutMs: config.visibilityTimeoutSeconds * 1000,
    // stacks/lifecycle-stack.ts: maxReceiveCount = MAX_RECEIVES + 1
    redriveAfterReceives: config.maxReceives + 1,
    functionTimeoutMs: config.workerTimeoutSeconds * 1000,
    // As lifecycle-handlers/worker/index.ts: stop waiting and retrying DEADLINE_RESERVE_MS before the deadline.
    invocation: (remainingMs) => ({
      lifecycle: lz.invocation({ shouldStop: () => remainingMs() < DEADLINE_RESERVE_MS }),
      queue,
      maxReceives: config.maxReceives,
      now: () => sim.clock.now(),
    }),
    process: processMessage,
  });
  const finishedAt = sim.clock.now();
  const calls = sim.calls.slice(firstCall);

  const provisioning = accepted(calls, [...PROVISIONING_OPERATIONS]);
  const times = provisioning.map((c) => c.time);
  const windowMs = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
  // Rate while provisioning ran: the bucket's own measure (a bucket allows burst + R·t calls in t).
  const achievedRate = windowMs > 0 ? provisioning.length / (windowMs / 1000) : 0;
  const throttledCalls = calls.filter((c) => c.error !== undefined && /Throttl|TooManyRequests/.test(c.error));
  const truth = checkGroundTruth(manifest, size, (account, region) =>
    sim.sc.provisionedProducts(account, region).map((p) => ({ name: p.name, status: p.status })),
  );
  return {
    accounts: size,
    workers,
    fleetFromR: config.workers === undefined,
    ...truth,
    provisioned: provisioning.length,
    duplicated: truth.duplicated + duplicateProvisionRecords(calls),
    rateLimit: config.provisioningRatePerSecond,
    achievedRate,
    rateRatio: achievedRate / config.provisioningRatePerSecond,
    endToEndRate: provisioning.length / ((finishedAt - startedAt) / 1000),
    simulatedSeconds: (finishedAt - startedAt) / 1000,
    provisioningWindowSeconds: windowMs / 1000,
    calls: calls.length,
    throttled: throttledCount(calls),
    throttledByOperation: countByOperation(throttledCalls),
    parked: queue.parked.length,
    drain,
    realSeconds: (Date.now() - started) / 1000,
  };
}

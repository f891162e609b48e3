/**
 * A simulated landing zone for one benchmark phase: a generated organisation, the hub portfolio seeded and shared
 * by the CLI's simulated landing zone (cli/simulated/landing-zone.ts), then the benchmark's AWS model switched on
 * (latency, token buckets, record timing), so setup is never part of what is measured.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { stringify } from 'yaml';
import { bootSimulatedLandingZone, LIFECYCLE_ROLE, SIMULATED_REGISTRATION } from '../cli/simulated/landing-zone';
import { createClientsFactory } from '../lifecycle-handlers/core/clients';
import type { LifecycleDeps } from '../lifecycle-handlers/core/reconcile';
import type { Manifest } from '../manifest/schema';
import { type AwsSimulator, seededRandom } from '../simulator';
import { lifecycleRetryStrategy } from '../lifecycle-handlers/core/retry';
import { type BenchConfig, PROVISIONING_OPERATIONS } from './config';
import { organizationFor } from './org-generator';

export interface BenchLandingZone {
  readonly sim: AwsSimulator;
  readonly manifest: Manifest;
  /**
   * A fresh invocation (new clients and caches), as one Lambda invocation would have; `shouldStop` is the worker's
   * deadline (it stops waiting and retrying, as in lifecycle-handlers/worker/index.ts).
   */
  invocation(options?: { accountConcurrency?: number; shouldStop?: () => boolean }): LifecycleDeps;
}

/** Latency, per-API buckets, the shared provisioning bucket R, and record timing. */
export function applyAwsModel(sim: AwsSimulator, config: BenchConfig): void {
  for (const rule of config.latency) sim.latency.set(rule);
  for (const rule of config.buckets) sim.throttle.set(rule);
  for (const operation of PROVISIONING_OPERATIONS) {
    sim.throttle.set({
      service: 'servicecatalog',
      operation,
      ratePerSecond: config.provisioningRatePerSecond,
      burst: config.provisioningBurst,
      sharedBucket: 'provisioning',
    });
  }
  sim.sc.timing.recordInProgressAfterMs = config.recordInProgressAfterMs;
  sim.sc.timing.recordCompletesAfterMs = config.recordCompletesAfterMs;
}

export async function bootBenchLandingZone(manifest: Manifest, size: number, config: BenchConfig): Promise<BenchLandingZone> {
  // The CLI's landing zone reads an org model file; a generated one is written to a temporary directory.
  const dir = mkdtempSync(path.join(tmpdir(), 'falcon-bench-'));
  const orgModelFile = path.join(dir, 'org-model.yaml');
  let sim: AwsSimulator;
  try {
    writeFileSync(orgModelFile, stringify(organizationFor(manifest, size)));
    sim = (await bootSimulatedLandingZone(manifest, orgModelFile)).sim;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  applyAwsModel(sim, config);
  const hub = manifest.organization.hubAccountId ?? manifest.organization.managementAccountId;
  const base = sim.clientConfig({ accountId: hub, roleName: LIFECYCLE_ROLE });
  const logger = new Logger({ serviceName: 'falcon-catalog-bench', logLevel: 'SILENT' });
  const random = seededRandom(config.seed);
  return {
    sim,
    manifest,
    invocation: ({ accountConcurrency, shouldStop } = {}) => ({
      manifest,
      clients: createClientsFactory({
        base,
        // The production retry strategy (full-jitter backoff), its backoff spent on the virtual clock so that
        // concurrent clients' waits overlap, with a seeded random source so a run can be replayed.
        newRetryStrategy: () =>
          lifecycleRetryStrategy({ maxAttempts: config.maxAttempts, sleep: sim.clock.sleep, random, ...(shouldStop ? { stopRetrying: shouldStop } : {}) }),
        organization: manifest.organization,
      }),
      ...(shouldStop ? { shouldStop } : {}),
      sleep: sim.clock.sleep,
      logger,
      publisher: { publish: async () => undefined },
      polling: { intervalMs: config.pollIntervalMs, maxWaitMs: config.pollMaxWaitMs },
      registration: async () => SIMULATED_REGISTRATION,
      ...(accountConcurrency ? { concurrency: { accounts: accountConcurrency } } : {}),
    }),
  };
}

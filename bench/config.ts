/**
 * The benchmark's model of AWS: latency per call, token buckets per API, Service Catalog record timing, and the
 * sizes to run. Every value is a documented default (bench/README.md) that a JSON file (`--config`) or a flag
 * overrides. Real AWS publishes few of these numbers; the defaults are assumptions, stated as such, and the figures
 * the benchmark reports are ratios that hold their meaning whatever values are chosen.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_MAX_ATTEMPTS } from '../lifecycle-handlers/core/clients';

const latencyRule = z.object({ service: z.string(), operation: z.string().optional(), ms: z.number().min(0) });
const bucketRule = z.object({
  service: z.string(),
  operation: z.string().optional(),
  ratePerSecond: z.number().positive(),
  burst: z.number().min(1),
});

export const benchConfigSchema = z
  .object({
    /** Organisation sizes for the vend-cost figure. */
    orgSizes: z.array(z.number().int().min(2)).min(1).default([10, 1_000, 10_000]),
    /** Accounts in the organisation that the throughput figure reconciles from empty. */
    reconcileAccounts: z.number().int().min(2).default(10_000),
    /** R: one org-wide token bucket shared by ProvisionProduct, UpdateProvisionedProduct, TerminateProvisionedProduct. */
    provisioningRatePerSecond: z.number().positive().default(10),
    provisioningBurst: z.number().min(1).default(10),
    /**
     * Worker invocations in flight. Unset: the fleet the lifecycle stack deploys, sized from R
     * (lifecycle-handlers/worker/fleet.ts, the event source's maximum concurrency).
     */
    workers: z.number().int().min(1).optional(),
    /** The worker function's timeout (stacks/lifecycle-stack.ts): each invocation's deadline. */
    workerTimeoutSeconds: z.number().positive().default(15 * 60),
    /** SQS visibility timeout of the lifecycle queue (stacks/lifecycle-stack.ts): a failed job is redelivered after it. */
    visibilityTimeoutSeconds: z.number().positive().default(16 * 60),
    /** Deliveries per job before the worker parks it (MAX_RECEIVES in stacks/lifecycle-stack.ts). */
    maxReceives: z.number().int().min(1).default(3),
    /** Attempts per SDK call, as the lifecycle's clients make them (clients.ts default). */
    maxAttempts: z.number().int().min(1).default(DEFAULT_MAX_ATTEMPTS),
    /** The core's production polling (DEFAULT_POLLING in provisioning.ts). */
    pollIntervalMs: z.number().int().positive().default(10_000),
    pollMaxWaitMs: z.number().int().positive().default(30 * 60_000),
    /** Service Catalog record timing: CREATED → IN_PROGRESS → SUCCEEDED (simulator defaults). */
    recordInProgressAfterMs: z.number().int().min(0).default(1_000),
    recordCompletesAfterMs: z.number().int().positive().default(30_000),
    latency: z.array(latencyRule).default([
      { service: 'organizations', ms: 100 },
      { service: 'sts', ms: 150 },
      { service: 'servicecatalog', ms: 100 },
      { service: 'servicecatalog', operation: 'ProvisionProduct', ms: 300 },
      { service: 'servicecatalog', operation: 'UpdateProvisionedProduct', ms: 300 },
      { service: 'servicecatalog', operation: 'TerminateProvisionedProduct', ms: 300 },
      { service: 'servicecatalog', operation: 'AcceptPortfolioShare', ms: 200 },
      { service: 'servicecatalog', operation: 'AssociatePrincipalWithPortfolio', ms: 200 },
    ]),
    /** Per caller account and Region, every operation its own bucket (as AWS throttles). */
    buckets: z.array(bucketRule).default([
      { service: 'organizations', ratePerSecond: 20, burst: 40 },
      { service: 'sts', ratePerSecond: 100, burst: 200 },
      { service: 'servicecatalog', ratePerSecond: 10, burst: 20 },
    ]),
    /** Seed of the retry jitter's random source (the same seed replays the same run). */
    seed: z.number().int().default(19),
    /** Skip the synth and bundle figures (they need esbuild and a minute or two). */
    skipPackage: z.boolean().default(false),
  })
  .strict();

export type BenchConfig = z.output<typeof benchConfigSchema>;

export const PROVISIONING_OPERATIONS = ['ProvisionProduct', 'UpdateProvisionedProduct', 'TerminateProvisionedProduct'] as const;

export interface BenchFlags {
  readonly config?: string;
  readonly rate?: string;
  readonly workers?: string;
  readonly accounts?: string;
  readonly orgSizes?: string;
  readonly skipPackage?: boolean;
}

/** Defaults, then the config file, then flags (flags win). */
export function loadBenchConfig(flags: BenchFlags): BenchConfig {
  const fromFile: unknown = flags.config ? JSON.parse(readFileSync(flags.config, 'utf8')) : {};
  const overrides = {
    ...(fromFile as Record<string, unknown>),
    ...(flags.rate ? { provisioningRatePerSecond: Number(flags.rate), provisioningBurst: Number(flags.rate) } : {}),
    ...(flags.workers ? { workers: Number(flags.workers) } : {}),
    ...(flags.accounts ? { reconcileAccounts: Number(flags.accounts) } : {}),
    ...(flags.orgSizes ? { orgSizes: flags.orgSizes.split(',').map(Number) } : {}),
    ...(flags.skipPackage ? { skipPackage: true } : {}),
  };
  return benchConfigSchema.parse(overrides);
}

/**
 * How many worker invocations may run at once (the SQS event source's maximum concurrency), sized from the rate R
 * at which the organisation's provisioning calls are accepted (`lifecycle.provisioningRatePerSecond`). Pure.
 *
 * The bounded fleet is the shared limiter of the provisioning calls (docs/decisions.md#one-record-before-the-products):
 * every worker is one account's job, and the fleet size caps how many calls can compete for R at once. Too small,
 * and R is left unused while jobs wait for their records; too large, and most calls are throttled and retried (the
 * retry strategy's full jitter keeps them from arriving in waves, but each is a wasted call and a longer job).
 *
 * By Little's law a fleet of N jobs, each making k provisioning calls over a duration D, sustains N·k/D calls per
 * second. A job waits for `recordLayers` records one after another (launch role and directories, then the
 * products), each a record time plus half a polling interval on average, so D ≈ layers × (record + poll / 2) plus
 * its reads; N = R·D/k keeps R busy on average, and the headroom covers the gaps (a job makes most of its calls at
 * its start, then none while its records run).
 */
import type { Manifest } from '../../manifest/schema';

/** Lambda's bounds for an SQS event source's maximum concurrency. */
export const MIN_FLEET = 2;
export const MAX_FLEET = 1_000;

export interface FleetInputs {
  /** R: provisioning calls (Provision/Update/Terminate) per second the fleet may sustain. */
  readonly provisioningRatePerSecond: number;
  /** Provisioning calls of a typical job (a low estimate gives a larger, safer fleet). */
  readonly provisionsPerJob: number;
  /** Records a job waits for one after another (its dependency graph's depth). */
  readonly recordLayers: number;
  /** Time a record takes (the timing model's 30 s: CloudFormation stacks of one or two IAM roles). */
  readonly recordSeconds?: number;
  /** The core's polling interval (DEFAULT_POLLING). */
  readonly pollSeconds?: number;
  /** Reads and set-up before the first call (organisation, actual state, launch paths). */
  readonly setupSeconds?: number;
  readonly headroom?: number;
}

export const DEFAULT_RECORD_SECONDS = 30;
export const DEFAULT_HEADROOM = 1.25;

export function workerFleetSize(inputs: FleetInputs): number {
  const record = inputs.recordSeconds ?? DEFAULT_RECORD_SECONDS;
  const poll = inputs.pollSeconds ?? 10;
  const setup = inputs.setupSeconds ?? 2;
  const jobSeconds = setup + inputs.recordLayers * (record + poll / 2);
  const size = Math.ceil(((inputs.headroom ?? DEFAULT_HEADROOM) * inputs.provisioningRatePerSecond * jobSeconds) / Math.max(1, inputs.provisionsPerJob));
  return Math.min(MAX_FLEET, Math.max(MIN_FLEET, size));
}

/**
 * The job shape the manifest promises for an account the reconcile finds empty, estimated low: the launch role and,
 * with `selfService.prepareAccounts`, a directory per governed Region (otherwise one product), in two layers when
 * anything is assigned (the products wait for the launch role and directories), one otherwise.
 */
export function jobShapeOf(manifest: Manifest): Pick<FleetInputs, 'provisionsPerJob' | 'recordLayers'> {
  const prepared = manifest.portfolio.selfService.prepareAccounts;
  const assigned = manifest.assignments.length > 0;
  const provisionsPerJob = 1 + (prepared ? manifest.organization.governedRegions.length : assigned ? 1 : 0);
  return { provisionsPerJob, recordLayers: assigned ? 2 : 1 };
}

/** The fleet the lifecycle stack deploys for this manifest. */
export function fleetSizeFor(manifest: Manifest): number {
  return workerFleetSize({ provisioningRatePerSecond: manifest.lifecycle.provisioningRatePerSecond, ...jobShapeOf(manifest) });
}

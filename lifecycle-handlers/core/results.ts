/**
 * One result event per account × product × Region (docs/decisions.md#results-are-observable), so a platform team can alarm on failures
 * and report coverage, plus Powertools metrics per outcome.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { TriggerSource } from './events';
import type { ItemResult, Outcome, PlannedAction } from './types';

export const RESULT_SOURCE = 'falcon.catalog';
export const RESULT_DETAIL_TYPE = 'Falcon product provisioning result';
/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;
/** Metric name of held terminations (namespace FalconCatalog, like the outcome metrics). */
export const TERMINATIONS_HELD_METRIC = 'terminationsHeld';
const OUTCOMES: readonly Outcome[] = ['provisioned', 'updated', 'terminated', 'failed', 'skipped', 'pending'];

/** The result of one planned item: what every stage that ends an item (run, skip, fail, hold) reports. */
export function resultOf(action: PlannedAction, outcome: Outcome, reason: string, recordId?: string): ItemResult {
  return {
    accountId: action.accountId,
    region: action.region,
    productId: action.productId,
    provisionedProductName: action.provisionedProductName,
    action: action.kind,
    outcome,
    reason,
    ...(action.version ? { version: action.version } : {}),
    parameterDiff: action.parameterDiff,
    ...(recordId ? { recordId } : {}),
    ...(action.held ? { held: true as const } : {}),
  };
}

export interface ResultEventDetail extends ItemResult {
  /** The event or operator action that caused this run. */
  readonly trigger: TriggerSource;
}

export interface ResultPublisher {
  publish(details: readonly ResultEventDetail[]): Promise<void>;
}

export function toResultDetails(results: readonly ItemResult[], trigger: TriggerSource): ResultEventDetail[] {
  return results.map((result) => ({ ...result, trigger }));
}

function toEntry(detail: ResultEventDetail, eventBusName: string): PutEventsRequestEntry {
  return {
    Source: RESULT_SOURCE,
    DetailType: RESULT_DETAIL_TYPE,
    EventBusName: eventBusName,
    Detail: JSON.stringify(detail),
  };
}

/**
 * Publishes through EventBridge PutEvents in batches of ten. Entries EventBridge reports as failed (it answers 200
 * with FailedEntryCount) are retried up to `attempts` times, then reported in one error naming the error codes.
 */
export function eventBridgePublisher(
  client: EventBridgeClient,
  options: { eventBusName?: string; attempts?: number } = {},
): ResultPublisher {
  const eventBusName = options.eventBusName ?? 'default';
  const attempts = options.attempts ?? 3;
  return {
    async publish(details) {
      const failures: string[] = [];
      for (let start = 0; start < details.length; start += PUT_EVENTS_BATCH) {
        let pending = details.slice(start, start + PUT_EVENTS_BATCH).map((d) => toEntry(d, eventBusName));
        for (let attempt = 1; pending.length > 0; attempt++) {
          const response = await client.send(new PutEventsCommand({ Entries: pending }));
          if (!response.FailedEntryCount) break;
          const failed = pending.filter((_, index) => response.Entries?.[index]?.ErrorCode !== undefined);
          if (attempt >= attempts) {
            failures.push(...(response.Entries ?? []).flatMap((e) => (e.ErrorCode ? [`${e.ErrorCode}: ${e.ErrorMessage ?? ''}`] : [])));
            break;
          }
          pending = failed;
        }
      }
      if (failures.length > 0) {
        throw new Error(`${failures.length} result event(s) were not accepted by EventBridge: ${failures.join('; ')}`);
      }
    },
  };
}

export function countOutcomes(results: readonly ItemResult[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}

/**
 * Adds one Count metric per outcome (zeros included, so an alarm on `failed` always has data). The caller
 * flushes them (Powertools `logMetrics` middleware or `publishStoredMetrics()`) at the end of the invocation.
 */
export function addOutcomeMetrics(metrics: Metrics, results: readonly ItemResult[]): void {
  for (const [outcome, count] of Object.entries(countOutcomes(results))) {
    metrics.addMetric(outcome, MetricUnit.Count, count);
  }
  // Terminations the blast-radius guard held (they are also counted as skipped): the lifecycle stack alarms on it.
  metrics.addMetric(TERMINATIONS_HELD_METRIC, MetricUnit.Count, results.filter((r) => r.held).length);
}

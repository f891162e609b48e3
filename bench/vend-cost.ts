/**
 * Figures 1 and 3: one newly vended account handled as an event (the product's way), against the minimum its plan
 * requires and against the CfCT way (re-plan every account in scope), in organisations of several sizes; and the
 * simulated time from the event to every product requested and to every product SUCCEEDED.
 */
import { parseTrigger } from '../lifecycle-handlers/core/events';
import { handleTrigger, planTrigger } from '../lifecycle-handlers/core/reconcile';
import { organizationTrigger } from '../lifecycle-handlers/core/events';
import type { Manifest } from '../manifest/schema';
import { accepted, countByOperation, throttledCount } from './call-counts';
import { type BenchConfig, PROVISIONING_OPERATIONS } from './config';
import { bootBenchLandingZone } from './landing-zone';
import { PROD_OU } from './org-generator';
import { criticalPath, type ItemTimes, lowerBound } from './critical-path';
import { type MinimumBreakdown, minimumCallsFor } from './vend-minimum';
import type { PlannedAction } from '../lifecycle-handlers/core/types';
import { PRINCIPAL_PROPAGATION_WAITS_MS } from '../lifecycle-handlers/core/launch-target';

export const VENDED_ACCOUNT = '210987654321';

export interface VendMeasurement {
  readonly orgSize: number;
  readonly calls: number;
  readonly throttled: number;
  readonly callsByOperation: Record<string, number>;
  readonly minimum: MinimumBreakdown;
  readonly items: number;
  readonly itemsSucceeded: number;
  readonly fullRerunCalls: number;
  readonly latency: { readonly requestedSeconds: number; readonly succeededSeconds: number; readonly handlerReturnedSeconds: number };
  /** The items the vend waited on, in order, with when each was requested and SUCCEEDED (seconds after the event). */
  readonly criticalPath: readonly { readonly item: string; readonly requestedSeconds: number; readonly succeededSeconds: number }[];
  /** What the dependency graph allows at best: its longest chain of records × the record time. */
  readonly lowerBound: {
    readonly chain: readonly string[];
    /** The new account's principal association propagating (the simulator's model) before any launch. */
    readonly beforeFirstRecordSeconds: number;
    readonly requestedSeconds: number;
    readonly succeededSeconds: number;
  };
  readonly realSeconds: number;
}

/** A Control Tower CreateManagedAccount SUCCEEDED event as EventBridge delivers it. */
function createManagedAccountEvent(accountId: string, ouId: string) {
  return {
    version: '0',
    id: `bench-vend-${accountId}`,
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.controltower',
    detail: {
      eventName: 'CreateManagedAccount',
      serviceEventDetails: {
        createManagedAccountStatus: { organizationalUnit: { organizationalUnitId: ouId }, account: { accountId }, state: 'SUCCEEDED' },
      },
    },
  };
}

function latencyOf(config: BenchConfig, service: string, operation: string): number {
  const rule =
    config.latency.find((r) => r.service === service && r.operation === operation) ??
    config.latency.find((r) => r.service === service && r.operation === undefined);
  return rule?.ms ?? 0;
}

export async function measureVend(manifest: Manifest, orgSize: number, config: BenchConfig): Promise<VendMeasurement> {
  const started = Date.now();
  const lz = await bootBenchLandingZone(manifest, orgSize, config);
  const { sim } = lz;
  sim.org.addAccount({ id: VENDED_ACCOUNT, name: 'vended', parent: PROD_OU });
  const parsed = parseTrigger(createManagedAccountEvent(VENDED_ACCOUNT, PROD_OU));
  if (!parsed.ok) throw new Error(`bench: the vend event does not parse: ${parsed.error.message}`);

  const firstCall = sim.calls.length;
  const eventAt = sim.clock.now();
  const report = await handleTrigger(parsed.trigger, lz.invocation());
  const handlerReturnedAt = sim.clock.now();
  const calls = sim.calls.slice(firstCall);

  const [accountReport] = report.accounts;
  if (!accountReport) throw new Error('bench: the vend event concerned no account');
  const provisions = accepted(calls, [...PROVISIONING_OPERATIONS]).filter((c) => c.callerAccount === VENDED_ACCOUNT);
  const requested = new Map(provisions.map((c) => [`${c.region}|${String(c.input.ProvisionedProductName)}`, c.time - eventAt]));
  // The simulator's record model: a record ends recordCompletesAfterMs after the call that created it arrived (it
  // settles lazily, when next read, so the time a poll sees it is not the time it ended).
  const times = new Map<PlannedAction, ItemTimes>();
  for (const action of accountReport.actions) {
    const requestedMs = requested.get(`${action.region}|${action.provisionedProductName}`);
    if (requestedMs !== undefined) times.set(action, { requestedMs, succeededMs: requestedMs + config.recordCompletesAfterMs });
  }
  const requestedAt = eventAt + Math.max(...requested.values());
  const succeededAt = requestedAt + config.recordCompletesAfterMs;
  // The account is new: in every Region its principal association must propagate before the first launch.
  const bound = lowerBound(accountReport.actions, config.recordCompletesAfterMs, sim.sc.timing.principalPropagationMs);
  const minimum = minimumCallsFor({
    account: accountReport.account,
    actions: accountReport.actions,
    regionsRead: [...new Set([...accountReport.actions.map((a) => a.region), ...manifest.organization.governedRegions])],
    recordCompletesAfterMs: config.recordCompletesAfterMs,
    pollIntervalMs: config.pollIntervalMs,
    describeRecordLatencyMs: latencyOf(config, 'servicecatalog', 'DescribeRecord'),
    principalPropagationMs: sim.sc.timing.principalPropagationMs,
    propagationWaitsMs: PRINCIPAL_PROPAGATION_WAITS_MS,
  });

  // The CfCT way: the same event re-plans every account in scope (reads only: a lower bound of a full re-run).
  const beforeRerun = sim.calls.length;
  await planTrigger(organizationTrigger('bench-full-rerun'), lz.invocation({ accountConcurrency: 100 }));
  const fullRerunCalls = sim.calls.length - beforeRerun;

  return {
    orgSize,
    calls: calls.length,
    throttled: throttledCount(calls),
    callsByOperation: countByOperation(calls),
    minimum,
    items: accountReport.results.length,
    itemsSucceeded: accountReport.results.filter((r) => r.outcome === 'provisioned').length,
    fullRerunCalls,
    latency: {
      requestedSeconds: (requestedAt - eventAt) / 1000,
      succeededSeconds: (succeededAt - eventAt) / 1000,
      handlerReturnedSeconds: (handlerReturnedAt - eventAt) / 1000,
    },
    criticalPath: criticalPath(accountReport.actions, times).map((step) => ({
      item: step.item,
      requestedSeconds: step.requestedMs / 1000,
      succeededSeconds: step.succeededMs / 1000,
    })),
    lowerBound: {
      chain: bound.chain,
      beforeFirstRecordSeconds: bound.beforeFirstRecordMs / 1000,
      requestedSeconds: bound.requestedMs / 1000,
      succeededSeconds: bound.succeededMs / 1000,
    },
    realSeconds: (Date.now() - started) / 1000,
  };
}

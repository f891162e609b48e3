import { describe, expect, it } from 'vitest';
import { lookupsWhilePropagating, minimumCallsFor, pollsToObserveRecord } from '../../bench/vend-minimum';
import type { PlannedAction } from '../../lifecycle-handlers/core/types';
import { plannedAction } from '../helpers/planned-action';

const action = (kind: PlannedAction['kind'], productId: string, region: string) => plannedAction(kind, productId, region);

describe('minimum calls a plan requires', () => {
  it('counts the polls a fixed-interval poller needs to see a record end', () => {
    // Polls arrive at 100, 10 200, 20 300 and 30 400 ms: the fourth sees a record that ends at 30 000 ms.
    expect(pollsToObserveRecord(30_000, 10_000, 100)).toBe(4);
    expect(pollsToObserveRecord(30_000, 5_000, 0)).toBe(7);
    expect(pollsToObserveRecord(0, 10_000, 100)).toBe(1);
  });

  it('counts the launch-path look-ups repeated while a new principal association propagates', () => {
    expect(lookupsWhilePropagating(10_000, [2_000, 4_000, 8_000, 16_000])).toBe(3);
    expect(lookupsWhilePropagating(0, [2_000, 4_000])).toBe(0);
    expect(lookupsWhilePropagating(60_000, [2_000, 4_000])).toBe(2);
  });

  it('adds org reads, STS, state and hub-catalog reads, per-Region setup, per-product look-ups, launches and polls', () => {
    const minimum = minimumCallsFor({
      account: {
        id: '210987654321',
        status: 'ACTIVE',
        ancestors: [
          { id: 'r-exmp', path: 'Root' },
          { id: 'ou-exmp-11111111', path: 'Root/Workloads' },
          { id: 'ou-exmp-11112222', path: 'Root/Workloads/Prod' },
        ],
      },
      actions: [
        action('provision', 'launch-role', 'us-east-1'),
        action('provision', 'iom', 'us-east-1'),
        action('provision', 'threat-detection', 'us-east-1'),
        action('provision', 'threat-detection', 'eu-west-1'),
        action('skip', 'ssm-distributor', 'eu-west-1'),
      ],
      regionsRead: ['us-east-1', 'eu-west-1', 'us-west-2'],
      recordCompletesAfterMs: 30_000,
      pollIntervalMs: 10_000,
      describeRecordLatencyMs: 100,
      principalPropagationMs: 10_000,
      propagationWaitsMs: [2_000, 4_000, 8_000, 16_000],
    });
    expect(minimum).toEqual({
      organizationReads: 6,
      assumeRole: 1,
      actualStateReads: 3,
      hubCatalogReads: 6,
      launchPathSetup: 6,
      propagationLookups: 6,
      productLookups: 8,
      generationReads: 4,
      provisioningCalls: 4,
      recordPolls: 16,
      total: 60,
    });
  });
});

import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import {
  addOutcomeMetrics,
  countOutcomes,
  eventBridgePublisher,
  RESULT_DETAIL_TYPE,
  RESULT_SOURCE,
  toResultDetails,
} from '../../lifecycle-handlers/core/results';
import type { ItemResult } from '../../lifecycle-handlers/core/types';

const result = (index: number, outcome: ItemResult['outcome'] = 'provisioned'): ItemResult => ({
  accountId: String(100000000000 + index),
  region: 'us-east-1',
  productId: 'iom',
  provisionedProductName: 'falcon-iom',
  action: 'provision',
  outcome,
  reason: 'not provisioned yet',
  parameterDiff: [],
});
const trigger = { eventName: 'CreateManagedAccount', eventId: 'e-1' };

/** A real EventBridge client whose transport answers PutEvents, failing the entries `failFirst` picks once. */
function eventBridge(failFirst: (index: number) => boolean = () => false) {
  const batches: Array<Array<{ Source: string; DetailType: string; Detail: string }>> = [];
  let failed = false;
  const client = new EventBridgeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== 'PutEventsCommand') throw new Error('unexpected call');
      const entries = (args.input as PutEventsCommand['input']).Entries as (typeof batches)[number];
      batches.push(entries);
      const failHere = !failed;
      failed = true;
      const answers = entries.map((_, i) => (failHere && failFirst(i) ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: `id-${i}` }));
      return { output: { FailedEntryCount: answers.filter((a) => 'ErrorCode' in a).length, Entries: answers, $metadata: {} }, response: {} };
    },
    { step: 'initialize' },
  );
  return { client, batches };
}

describe('result events', () => {
  it('are published in batches of at most ten, one per account × product × Region', async () => {
    const { client, batches } = eventBridge();
    const details = toResultDetails(Array.from({ length: 23 }, (_, i) => result(i)), trigger);
    await eventBridgePublisher(client, { eventBusName: 'falcon' }).publish(details);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(batches[0][0]).toMatchObject({ Source: RESULT_SOURCE, DetailType: RESULT_DETAIL_TYPE, EventBusName: 'falcon' });
    expect(JSON.parse(batches[2][2].Detail)).toMatchObject({ accountId: '100000000022', outcome: 'provisioned', trigger });
  });

  it('retry only the entries EventBridge reports as failed', async () => {
    const { client, batches } = eventBridge((i) => i === 1);
    await eventBridgePublisher(client).publish(toResultDetails([result(0), result(1), result(2)], trigger));
    expect(batches.map((b) => b.map((e) => JSON.parse(e.Detail).accountId))).toEqual([
      ['100000000000', '100000000001', '100000000002'],
      ['100000000001'],
    ]);
  });
});

describe('outcome metrics', () => {
  it('count every outcome, zeros included', () => {
    const results = [result(0), result(1, 'failed'), result(2, 'skipped'), result(3, 'skipped')];
    expect(countOutcomes(results)).toEqual({ provisioned: 1, updated: 0, terminated: 0, failed: 1, skipped: 2, pending: 0 });
    const metrics = new Metrics({ namespace: 'FalconCatalog', serviceName: 'lifecycle' });
    addOutcomeMetrics(metrics, results);
    const emf = metrics.serializeMetrics();
    expect(emf).toMatchObject({ provisioned: 1, updated: 0, terminated: 0, failed: 1, skipped: 2, pending: 0 });
  });
});

/**
 * Lifecycle worker: one FIFO message at a time (batch size 1, so a failure never holds back another account).
 * Thin: builds the production dependencies once per container and hands each message to `processMessage`.
 */
import { processPartialResponse, SqsFifoPartialProcessor } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { manifestSchema } from '../../manifest/schema';
import { createClientsFactory } from '../core/clients';
import { eventBridgePublisher } from '../core/results';
import { readHubOutputs } from '../falcon/registration-outputs';
import { DEADLINE_RESERVE_MS, processMessage } from './process-message';
import { sqsWorkQueue } from './sqs-work-queue';

// Baked into the bundle at synth (see stacks/lifecycle-stack.ts): validated there, parsed again here for defaults.
const manifest = manifestSchema.parse(JSON.parse(process.env.FALCON_MANIFEST_JSON ?? 'null'));
const logger = new Logger({ serviceName: 'falcon-lifecycle' });
const metrics = new Metrics({ namespace: 'FalconCatalog', serviceName: 'falcon-lifecycle' });
const sqs = new SQSClient({ retryMode: 'adaptive', maxAttempts: 8 });
const ssm = new SSMClient({ retryMode: 'adaptive', maxAttempts: 8 });
const events = new EventBridgeClient({ retryMode: 'adaptive', maxAttempts: 8 });
// FIFO-aware: after a failed record, the rest of the batch is returned unprocessed, keeping per-account order.
const processor = new SqsFifoPartialProcessor();

const queue = sqsWorkQueue(sqs, requiredEnv('QUEUE_URL'), requiredEnv('DEAD_LETTER_QUEUE_URL'));
const maxReceives = Number(requiredEnv('MAX_RECEIVES'));

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

async function handleRecord(record: SQSRecord, context: Context): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  // Stop waiting and retrying before the function's deadline; the rest is handed on in a follow-up message.
  const shouldStop = () => context.getRemainingTimeInMillis() < DEADLINE_RESERVE_MS;
  const outcome = await processMessage(record.body, receiveCount, {
    queue,
    maxReceives,
    lifecycle: {
      shouldStop,
      manifest,
      // Clients are made per message: assumed-role sessions and caches never outlive one account's work.
      clients: createClientsFactory({
        base: {},
        organization: manifest.organization,
        // The worker's role (path /), for its own launch path in the hub; read from the environment, not STS.
        hubPrincipalArn: requiredEnv('WORKER_ROLE_ARN'),
        roleSessionName: 'falcon-catalog-lifecycle',
        stopRetrying: shouldStop,
      }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      logger,
      metrics,
      publisher: eventBridgePublisher(events),
      registration: async () => {
        try {
          return await readHubOutputs(ssm);
        } catch (error) {
          logger.warn('Falcon registration not available; products that need it are skipped', { error: String(error) });
          return undefined;
        }
      },
    },
  });
  logger.info('message processed', {
    outcome: outcome.kind,
    ...(outcome.kind === 'parked' ? { reason: outcome.reason } : {}),
    ...(outcome.kind === 'handed-on' ? { pending: outcome.pending } : {}),
  });
}

export async function handler(event: SQSEvent, context: Context) {
  try {
    return await processPartialResponse(event, (record: SQSRecord) => handleRecord(record, context), processor);
  } finally {
    metrics.publishStoredMetrics();
  }
}

/**
 * Intake: EventBridge (Control Tower lifecycle, Organizations changes, the reconcile schedule) → SQS FIFO.
 * A malformed or unknown event throws, so EventBridge retries it and then parks it in the intake DLQ with the
 * reason; nothing is provisioned for it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseTrigger } from '../core/events';
import { routeEvent } from './route';

const logger = new Logger({ serviceName: 'falcon-lifecycle-intake' });
const sqs = new SQSClient({ retryMode: 'adaptive', maxAttempts: 8 });

export async function handler(event: unknown): Promise<void> {
  const parsed = parseTrigger(event);
  if (!parsed.ok) {
    logger.error('event refused', { code: parsed.error.code, reason: parsed.error.message });
    throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  }
  const message = routeEvent(parsed.trigger, event);
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.QUEUE_URL,
      MessageGroupId: message.messageGroupId,
      MessageBody: message.body,
    }),
  );
  logger.info('event queued', { trigger: parsed.trigger.kind, messageGroupId: message.messageGroupId, eventId: parsed.trigger.source.eventId });
}

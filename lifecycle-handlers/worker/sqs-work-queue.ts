/** The worker's queue operations over SQS: batched fan-out into the FIFO queue, and parking with a reason. */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AccountJob, WorkQueue } from './process-message';

const SQS_BATCH = 10;
/** SQS message attributes are limited to 256 KB with the body; keep the reason readable and well inside that. */
const MAX_REASON = 8_000;

export function sqsWorkQueue(sqs: SQSClient, queueUrl: string, deadLetterQueueUrl: string): WorkQueue {
  return {
    async enqueue(jobs: readonly AccountJob[]) {
      for (let i = 0; i < jobs.length; i += SQS_BATCH) {
        const batch = jobs.slice(i, i + SQS_BATCH);
        const out = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((job, j) => ({
              Id: String(j),
              MessageGroupId: `account-${job.accountId}`,
              MessageBody: JSON.stringify(job),
            })),
          }),
        );
        if (out.Failed && out.Failed.length > 0) {
          const detail = out.Failed.map((f) => `${batch[Number(f.Id)].accountId}: ${f.Message ?? f.Code}`).join('; ');
          throw new Error(`could not queue ${out.Failed.length} account job(s): ${detail}`);
        }
      }
    },
    async park(body: string, reason: string) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: deadLetterQueueUrl,
          MessageGroupId: 'parked',
          MessageBody: body,
          MessageAttributes: {
            FailureReason: { DataType: 'String', StringValue: reason.slice(0, MAX_REASON) },
          },
        }),
      );
    },
  };
}

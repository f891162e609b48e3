/** The EKS work queue over SQS: delayed re-checks (SQS allows up to 15 minutes) and batched sweep fan-out. */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EksWorkQueue } from './messages';

const SQS_BATCH = 10;
export const MAX_DELAY_SECONDS = 900;

export function sqsEksQueue(sqs: SQSClient, queueUrl: string): EksWorkQueue {
  return {
    async send(work, delaySeconds = 0) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(work),
          DelaySeconds: Math.min(delaySeconds, MAX_DELAY_SECONDS),
        }),
      );
    },
    async sendAll(works) {
      for (let i = 0; i < works.length; i += SQS_BATCH) {
        const batch = works.slice(i, i + SQS_BATCH);
        const out = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((work, j) => ({ Id: String(j), MessageBody: JSON.stringify(work) })),
          }),
        );
        if (out.Failed && out.Failed.length > 0) {
          const detail = out.Failed.map((f) => `${JSON.stringify(batch[Number(f.Id)])}: ${f.Message ?? f.Code}`).join('; ');
          throw new Error(`could not queue ${out.Failed.length} EKS work message(s): ${detail}`);
        }
      }
    },
  };
}

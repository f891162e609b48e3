/**
 * EKS hub worker (SQS): one message is one cluster check or one account × Region sweep. Thin: builds the clients
 * once per container and hands each message to `handleWork`; results go to the log and to EventBridge.
 * A message that cannot be used is logged and dropped; a transient failure is returned for SQS to retry.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { EKS_ENV, positiveIntEnv, requiredEnv } from './config';
import { handleWork } from './handle-work';
import { memberEksAccess } from './member-access';
import { OwnFargateProfileEvent, parseWork, UnusableEventError } from './messages';
import { publishResults, resultDetails } from './results';
import { sqsEksQueue } from './sqs-queue';

const logger = new Logger({ serviceName: 'falcon-eks-hub' });
const region = requiredEnv('AWS_REGION');
const codebuild = new CodeBuildClient({ region, retryMode: 'adaptive', maxAttempts: 8 });
const events = new EventBridgeClient({ region, retryMode: 'adaptive', maxAttempts: 8 });
const queue = sqsEksQueue(new SQSClient({ region, retryMode: 'adaptive', maxAttempts: 8 }), requiredEnv(EKS_ENV.queueUrl));
const vpcProject = process.env[EKS_ENV.installerVpcProject];

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  // Assumed-role sessions live for one invocation, so a revoked trust takes effect on the next batch.
  const deps = {
    access: memberEksAccess({
      base: {},
      partition: requiredEnv(EKS_ENV.partition),
      hubRegion: region,
      executionRoleName: requiredEnv(EKS_ENV.executionRoleName),
      roleSessionName: 'falcon-eks-cluster-handler',
    }),
    codebuild,
    projects: { public: requiredEnv(EKS_ENV.installerProject), ...(vpcProject ? { vpc: vpcProject } : {}) },
    requeue: (work: Parameters<typeof queue.send>[0], delaySeconds: number) => queue.send(work, delaySeconds),
    retry: { maxAttempts: positiveIntEnv(EKS_ENV.maxLooks), delaySeconds: positiveIntEnv(EKS_ENV.retryDelaySeconds) },
    clusterConcurrency: positiveIntEnv(EKS_ENV.clusterConcurrency),
  };
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const result = await handleWork(parseWork(record.body), deps);
      const details = resultDetails(result);
      for (const detail of details) logger.info('eks result', { ...detail });
      await publishResults(events, details);
    } catch (error) {
      if (error instanceof OwnFargateProfileEvent) {
        logger.info('ignored the installer\'s own Fargate profile', { messageId: record.messageId, reason: error.message });
        continue;
      }
      if (error instanceof UnusableEventError) {
        logger.error('dropped an unusable message', { messageId: record.messageId, reason: error.message });
        continue;
      }
      logger.warn('message will be retried', { messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

/**
 * EKS hub sweeper (schedule, or invoked by hand): finds every account × Region the manifest assigns
 * eks-protection to and queues one message per pair. It lists nothing in member accounts itself, so it finishes
 * in seconds whatever the organisation's size; the worker does each pair separately, at the queue's concurrency,
 * and a failed pair is retried on its own.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SQSClient } from '@aws-sdk/client-sqs';
import { manifestSchema } from '../../manifest/schema';
import { OrganizationReader } from '../core/organization';
import { EKS_ENV, requiredEnv } from './config';
import { sqsEksQueue } from './sqs-queue';
import { planSweep } from './plan-sweep';

// Baked into the bundle at synth (stacks/eks-hub-stack.ts), like the lifecycle worker's copy.
const manifest = manifestSchema.parse(JSON.parse(process.env.FALCON_MANIFEST_JSON ?? 'null'));
const logger = new Logger({ serviceName: 'falcon-eks-sweeper' });
const region = requiredEnv('AWS_REGION');
const organizations = new OrganizationsClient({
  // Organizations is served from one Region per partition.
  region: manifest.organization.partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1',
  retryMode: 'adaptive',
  maxAttempts: 8,
});
const queue = sqsEksQueue(new SQSClient({ region, retryMode: 'adaptive', maxAttempts: 8 }), requiredEnv(EKS_ENV.queueUrl));

export async function handler(): Promise<{ queued: number }> {
  const queued = await planSweep(manifest, new OrganizationReader(organizations), queue);
  logger.info('eks sweep queued', { queued });
  return { queued };
}

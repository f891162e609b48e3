/**
 * The EKS work queue's messages: the hub rule delivers CloudTrail events as they are; the hub itself queues
 * cluster re-checks (with a delay) and sweep targets. Everything is validated on the way in.
 */
import { z } from 'zod';
import { clusterWorkFromEvent, isCloudTrailEvent, OwnFargateProfileEvent, UnusableEventError } from './cloudtrail-event';
import type { EksWork } from './types';
import { REGION } from '../../vocabulary';

const accountId = z.string().regex(/^\d{12}$/);
const region = z.string().regex(REGION);

const workSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cluster'),
    cluster: z.object({ accountId, region, clusterName: z.string().min(1).max(100) }),
    trigger: z.enum(['CreateCluster', 'CreateFargateProfile', 'sweep']),
    attempt: z.number().int().min(1),
  }),
  z.object({ kind: z.literal('sweep-target'), accountId, region }),
]);

export { OwnFargateProfileEvent, UnusableEventError };

export function parseWork(body: string): EksWork {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new UnusableEventError('message body is not JSON');
  }
  if (isCloudTrailEvent(value)) return clusterWorkFromEvent(value);
  const parsed = workSchema.safeParse(value);
  if (!parsed.success) throw new UnusableEventError(`not an EKS work message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export interface EksWorkQueue {
  send(work: EksWork, delaySeconds?: number): Promise<void>;
  sendAll(works: readonly EksWork[]): Promise<void>;
}

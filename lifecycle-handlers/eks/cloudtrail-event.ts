/**
 * A forwarded CloudTrail event (EKS `CreateCluster` / `CreateFargateProfile`) → the cluster it concerns.
 *
 * The cluster lives where the call was received (`recipientAccountId`, `awsRegion`), which is not always the
 * caller's account (`userIdentity.accountId`, which the reference used): a role from another account can create a
 * cluster here. The event's own `account` / `region` are the fallback; EventBridge keeps them when it forwards.
 */
import { FALCON_FARGATE_PROFILE_PREFIX } from '../../products/eks-protection/names';
import type { ClusterRef, ClusterTrigger, EksWork } from './types';

interface CloudTrailEventShape {
  readonly account?: string;
  readonly region?: string;
  readonly detail?: {
    readonly eventName?: string;
    readonly awsRegion?: string;
    readonly recipientAccountId?: string;
    readonly requestParameters?: Record<string, unknown> | null;
    readonly responseElements?: { readonly cluster?: { readonly name?: unknown } } | null;
  };
}

const ACCOUNT = /^\d{12}$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

export class UnusableEventError extends Error {}

/**
 * The creation of one of the installer's own Fargate profiles (on a Fargate-only cluster it is installing): the
 * install is already running, so the event is dropped rather than starting a second build.
 */
export class OwnFargateProfileEvent extends UnusableEventError {}

export function isCloudTrailEvent(value: unknown): value is CloudTrailEventShape {
  return typeof value === 'object' && value !== null && 'detail-type' in value && 'detail' in value;
}

function clusterNameOf(trigger: ClusterTrigger, event: CloudTrailEventShape): unknown {
  const request = event.detail?.requestParameters ?? {};
  if (trigger === 'CreateFargateProfile') return request.clusterName ?? request.name;
  return request.name ?? event.detail?.responseElements?.cluster?.name;
}

export function clusterWorkFromEvent(event: CloudTrailEventShape): EksWork {
  const eventName = event.detail?.eventName;
  if (eventName !== 'CreateCluster' && eventName !== 'CreateFargateProfile') {
    throw new UnusableEventError(`event ${String(eventName)} is not CreateCluster or CreateFargateProfile`);
  }
  const accountId = event.detail?.recipientAccountId ?? event.account;
  const region = event.detail?.awsRegion ?? event.region;
  const clusterName = clusterNameOf(eventName, event);
  if (typeof accountId !== 'string' || !ACCOUNT.test(accountId)) throw new UnusableEventError(`event has no account ID`);
  if (typeof region !== 'string' || region === '') throw new UnusableEventError('event has no Region');
  if (typeof clusterName !== 'string' || !CLUSTER_NAME.test(clusterName)) {
    throw new UnusableEventError(`${eventName} event names no valid cluster`);
  }
  const profile = event.detail?.requestParameters?.fargateProfileName;
  if (eventName === 'CreateFargateProfile' && typeof profile === 'string' && profile.startsWith(FALCON_FARGATE_PROFILE_PREFIX)) {
    throw new OwnFargateProfileEvent(`${profile} on ${clusterName} is a Falcon profile the installer created`);
  }
  const cluster: ClusterRef = { accountId, region, clusterName };
  return { kind: 'cluster', cluster, trigger: eventName, attempt: 1 };
}

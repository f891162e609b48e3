/**
 * What the broker's dispatcher takes beyond broker-types.ts: the caller's principal ARN and the per-account rate
 * limiter. A separate module because broker-types.ts and broker-ecr.ts are frozen (see broker-types.ts).
 */
import type { AccountRateLimiter } from './broker-rate-limit';
import type { BrokerDeps, BrokerRequest } from './broker-types';

export interface SignedBrokerRequest extends BrokerRequest {
  /** The SigV4 principal (`requestContext.authorizer.iam.userArn`): an assumed-role session ARN. */
  readonly callerArn?: string;
}

export interface GuardedBrokerDeps extends BrokerDeps {
  readonly limiter: AccountRateLimiter;
}

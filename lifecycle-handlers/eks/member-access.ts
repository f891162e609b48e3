/**
 * EKS clients in member accounts, through the EKS Protection execution role (assumed once per account and
 * invocation, refreshed before it expires). The base config lets the same code run on Lambda or in the simulator.
 */
import { EKSClient, type EKSClientConfig } from '@aws-sdk/client-eks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import { eksRoleArn } from '../../products/eks-protection/names';

export type BaseClientConfig = Pick<EKSClientConfig, 'credentials' | 'requestHandler' | 'retryStrategy'>;

export interface MemberEksAccess {
  /** Rejects when the role cannot be assumed (e.g. the product is not provisioned in that account yet). */
  eks(accountId: string, region: string): Promise<EKSClient>;
}

export interface MemberEksAccessOptions {
  readonly base: BaseClientConfig;
  readonly partition: string;
  /** Where STS is called: the hub's Region. */
  readonly hubRegion: string;
  readonly executionRoleName: string;
  readonly roleSessionName: string;
  /** A retry strategy per client (each keeps its own token bucket); defaults to adaptive, 8 attempts. */
  readonly newRetryStrategy?: () => NonNullable<BaseClientConfig['retryStrategy']>;
}

const REFRESH_MARGIN_MS = 5 * 60_000;

export function memberEksAccess(options: MemberEksAccessOptions): MemberEksAccess {
  const retry = () => options.newRetryStrategy?.() ?? options.base.retryStrategy ?? new AdaptiveRetryStrategy(8);
  const sts = new STSClient({ region: options.hubRegion, ...options.base, retryStrategy: retry() });
  const sessions = new Map<string, Promise<() => Promise<AwsCredentials>>>();
  const clients = new Map<string, EKSClient>();

  async function assume(accountId: string): Promise<AwsCredentials> {
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: eksRoleArn(options.partition, accountId, options.executionRoleName),
        RoleSessionName: options.roleSessionName,
      }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  }

  async function open(accountId: string): Promise<() => Promise<AwsCredentials>> {
    let current = await assume(accountId);
    return async () => {
      if (current.expiration && current.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS) current = await assume(accountId);
      return current;
    };
  }

  return {
    async eks(accountId, region) {
      let session = sessions.get(accountId);
      if (!session) {
        session = open(accountId);
        // A failed assume is not cached: a later message for the account tries again.
        session.catch(() => sessions.delete(accountId));
        sessions.set(accountId, session);
      }
      const credentials = await session;
      const key = `${accountId}|${region}`;
      let client = clients.get(key);
      if (!client) {
        client = new EKSClient({ ...options.base, region, credentials, retryStrategy: retry() });
        clients.set(key, client);
      }
      return client;
    },
  };
}

interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

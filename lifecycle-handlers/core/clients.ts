/**
 * AWS SDK v3 clients for one invocation, built from one base config, so the same core runs against AWS (Lambda
 * credentials, adaptive retry) or the test simulator (its request handler, credentials and retry strategy).
 *
 * Member-account clients use credentials from STS AssumeRole on the execution role, refreshed before they expire;
 * a client is made once per account and Region and reused for the invocation.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceCatalogClient, type ServiceCatalogClientConfig } from '@aws-sdk/client-service-catalog';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import type { Partition } from '../../products/registry';
import { roleArn } from './arns';

/** What the caller may set on every client; anything left out gets the production default. */
export type BaseClientConfig = Pick<ServiceCatalogClientConfig, 'credentials' | 'requestHandler' | 'retryStrategy'>;

export interface AccountClients {
  readonly accountId: string;
  serviceCatalog(region: string): ServiceCatalogClient;
}

export interface ClientsFactory {
  /** Organizations, in the partition's Organizations Region, with the base (management/hub) credentials. */
  organizations(): OrganizationsClient;
  /** Service Catalog in the hub account (base credentials), where the portfolio is created and shared. */
  hubServiceCatalog(region: string): ServiceCatalogClient;
  /** Assumes the execution role in the account; rejects when the role cannot be assumed. */
  forAccount(accountId: string): Promise<AccountClients>;
}

export interface ClientsFactoryOptions {
  readonly base: BaseClientConfig;
  readonly partition: Partition;
  readonly homeRegion: string;
  readonly executionRoleName: string;
  /** Appears in the member account's CloudTrail as the session name. */
  readonly roleSessionName?: string;
  /** Attempts per call with the default adaptive retry strategy (ignored when `base.retryStrategy` is set). */
  readonly maxAttempts?: number;
  /** A retry strategy for each new client (its own token bucket); takes precedence over `base.retryStrategy`. */
  readonly newRetryStrategy?: () => NonNullable<BaseClientConfig['retryStrategy']>;
}

/**
 * Attempts per call. Generous on purpose: in an organisation-wide reconcile hundreds of workers share one
 * Service Catalog rate limit, and a throttled call should wait its turn (backoff caps at 20 s, so 20 attempts span
 * a few minutes, inside one worker invocation) rather than fail an item into a 16-minute redelivery.
 * `npm run bench` measured 0.22 R and thousands of parked jobs with 8.
 */
export const DEFAULT_MAX_ATTEMPTS = 20;

/** Organizations is a global service served from one Region per partition. */
export function organizationsRegion(partition: Partition): string {
  return partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
}

/** Re-assume this long before the session ends, so no call starts with credentials about to expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function createClientsFactory(options: ClientsFactoryOptions): ClientsFactory {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // One adaptive strategy per client: each keeps its own token bucket, so a throttled API in one account and
  // Region slows only that client.
  const configFor = (region: string) => ({
    region,
    ...options.base,
    retryStrategy:
      options.newRetryStrategy?.() ?? options.base.retryStrategy ?? new AdaptiveRetryStrategy(maxAttempts),
  });

  let organizations: OrganizationsClient | undefined;
  const hubClients = new Map<string, ServiceCatalogClient>();
  const accounts = new Map<string, Promise<AccountClients>>();
  const sts = new STSClient(configFor(options.homeRegion));

  async function assume(accountId: string) {
    const response = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn(options.partition, accountId, options.executionRoleName),
        RoleSessionName: options.roleSessionName ?? 'falcon-catalog-lifecycle',
      }),
    );
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  }

  async function openAccount(accountId: string): Promise<AccountClients> {
    let current = await assume(accountId);
    const credentials = async () => {
      if (current.expiration && current.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS) {
        current = await assume(accountId);
      }
      return current;
    };
    const clients = new Map<string, ServiceCatalogClient>();
    return {
      accountId,
      serviceCatalog(region) {
        let client = clients.get(region);
        if (!client) {
          client = new ServiceCatalogClient({ ...configFor(region), credentials });
          clients.set(region, client);
        }
        return client;
      },
    };
  }

  return {
    organizations() {
      organizations ??= new OrganizationsClient(configFor(organizationsRegion(options.partition)));
      return organizations;
    },
    hubServiceCatalog(region) {
      let client = hubClients.get(region);
      if (!client) {
        client = new ServiceCatalogClient(configFor(region));
        hubClients.set(region, client);
      }
      return client;
    },
    forAccount(accountId) {
      let opened = accounts.get(accountId);
      if (!opened) {
        opened = openAccount(accountId);
        // A failed assume is not cached: the next trigger for this account in the same process tries again.
        opened.catch(() => accounts.delete(accountId));
        accounts.set(accountId, opened);
      }
      return opened;
    },
  };
}

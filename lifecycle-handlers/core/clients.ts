/**
 * AWS SDK v3 clients for one invocation, built from one base config, so the same core runs against AWS (Lambda
 * credentials, adaptive retry) or the test simulator (its request handler, credentials and retry strategy).
 *
 * Member-account clients use credentials from STS AssumeRole on the execution role, refreshed before they expire;
 * a client is made once per account and Region and reused for the invocation.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceCatalogClient, type ServiceCatalogClientConfig } from '@aws-sdk/client-service-catalog';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Partition } from '../../vocabulary';
import {
  type AccessPath,
  accessPathFor,
  type Hop,
  ORG_ACCESS_ROLE_NAME,
  type OrganizationAccess,
  organizationsPath,
  roleArnOfSession,
} from './access';
import { lifecycleRetryStrategy } from './retry';

/** What the caller may set on every client; anything left out gets the production default. */
export type BaseClientConfig = Pick<ServiceCatalogClientConfig, 'credentials' | 'requestHandler' | 'retryStrategy'>;

export interface AccountClients {
  readonly accountId: string;
  /** How the account was reached (shown in `plan` and `status`). */
  readonly path: AccessPath;
  /** The IAM role the core acts as in the account: associated with the portfolio for a launch path. */
  readonly principalArn: string;
  serviceCatalog(region: string): ServiceCatalogClient;
}

export interface ClientsFactory {
  /** Organizations, in the partition's Organizations Region, as the management account (see access.ts). */
  organizations(): OrganizationsClient;
  /** Service Catalog in the hub account (base credentials), where the portfolio is created and shared. */
  hubServiceCatalog(region: string): ServiceCatalogClient;
  /** Reaches the account by its access path; rejects when a role on the path cannot be assumed. */
  forAccount(accountId: string): Promise<AccountClients>;
}

export interface ClientsFactoryOptions {
  readonly base: BaseClientConfig;
  readonly organization: OrganizationAccess;
  /**
   * The role the base credentials stand for, when it has an IAM path other than `/`; otherwise it is read from
   * STS GetCallerIdentity the first time the hub account's own launch path is needed.
   */
  readonly hubPrincipalArn?: string;
  /** Appears in the member account's CloudTrail as the session name. */
  readonly roleSessionName?: string;
  /** Attempts per call with the default retry strategy (ignored when `base.retryStrategy` is set). */
  readonly maxAttempts?: number;
  /** With the default retry strategy: when true, calls stop retrying (the run is out of time). */
  readonly stopRetrying?: () => boolean;
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

class AssumeFailure extends Error {}

/** An AssumeRole failure that names the role and, for the org-access role, what creates it; keeps the error's name. */
function assumeFailure(hop: Hop, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const hint = hop.roleArn.endsWith(`:role/${ORG_ACCESS_ROLE_NAME}`)
    ? ' (the FalconManagementAccess stack creates it in the management account: README, "Where the hub lives")'
    : '';
  const failure = new AssumeFailure(`cannot assume ${hop.roleArn}${hint}: ${name}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
  failure.name = name;
  return failure;
}

/** Re-assume this long before the session ends, so no call starts with credentials about to expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Credentials of one assumed role, re-assumed before they expire; the first AssumeRole happens on first use. */
export function assumedRoleCredentials(sts: STSClient, hop: Hop, sessionName: string): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  const assume = () =>
    sts
      .send(new AssumeRoleCommand({ RoleArn: hop.roleArn, RoleSessionName: sessionName }))
      .then((response) => credentialsOf(hop, response.Credentials))
      .catch((error: unknown) => {
        current = undefined;
        throw error instanceof AssumeFailure ? error : assumeFailure(hop, error);
      });
  return async () => {
    const now = current ? await current : undefined;
    if (!now || (now.expiration && now.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS)) current = assume();
    return current!;
  };
}

function credentialsOf(hop: Hop, c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined) {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new AssumeFailure(`AssumeRole into ${hop.accountId} returned no credentials`);
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}

export function createClientsFactory(options: ClientsFactoryOptions): ClientsFactory {
  const access = options.organization;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // One strategy per client (its own retry quota), with full-jitter backoff: see retry.ts.
  const configFor = (region: string) => ({
    region,
    ...options.base,
    retryStrategy:
      options.newRetryStrategy?.() ??
      options.base.retryStrategy ??
      lifecycleRetryStrategy({ maxAttempts, ...(options.stopRetrying ? { stopRetrying: options.stopRetrying } : {}) }),
  });

  let organizations: OrganizationsClient | undefined;
  let hubPrincipal: Promise<string> | undefined;
  const hubClients = new Map<string, ServiceCatalogClient>();
  const accounts = new Map<string, Promise<AccountClients>>();
  /** Credentials per role ARN: the bridge role is assumed once and shared by every account reached through it. */
  const sessions = new Map<string, Promise<AwsCredentialIdentityProvider>>();
  const baseSts = new STSClient(configFor(access.homeRegion));

  /** A refreshing provider for the last hop of `hops`, each hop assumed with the credentials of the one before. */
  async function sessionFor(hops: readonly Hop[]): Promise<AwsCredentialIdentityProvider | undefined> {
    let previous: AwsCredentialIdentityProvider | undefined;
    for (const hop of hops) {
      let provider = sessions.get(hop.roleArn);
      if (!provider) {
        const sts = previous ? new STSClient({ ...configFor(access.homeRegion), credentials: previous }) : baseSts;
        provider = openSession(sts, hop);
        sessions.set(hop.roleArn, provider);
        // A failed assume is not kept: the next account reached through this role tries again.
        provider.catch(() => sessions.delete(hop.roleArn));
      }
      previous = await provider;
    }
    return previous;
  }

  /** Assumes at once (so a refused role fails the account that needed it), then refreshes on use. */
  async function openSession(sts: STSClient, hop: Hop): Promise<AwsCredentialIdentityProvider> {
    const provider = assumedRoleCredentials(sts, hop, options.roleSessionName ?? 'falcon-catalog-lifecycle');
    await provider();
    return provider;
  }

  async function ownPrincipal(): Promise<string> {
    if (options.hubPrincipalArn) return options.hubPrincipalArn;
    const { Arn } = await baseSts.send(new GetCallerIdentityCommand({}));
    const arn = Arn ? roleArnOfSession(Arn) : undefined;
    if (!arn) throw new Error(`the lifecycle's own credentials (${Arn ?? 'unknown'}) are not an assumed role`);
    return arn;
  }

  async function openAccount(accountId: string): Promise<AccountClients> {
    const path = accessPathFor(access, accountId);
    const credentials = await sessionFor(path.hops);
    const last = path.hops.at(-1);
    const principalArn = last ? last.roleArn : await (hubPrincipal ??= ownPrincipal());
    const clients = new Map<string, ServiceCatalogClient>();
    return {
      accountId,
      path,
      principalArn,
      serviceCatalog(region) {
        let client = clients.get(region);
        if (!client) {
          client = new ServiceCatalogClient({ ...configFor(region), ...(credentials ? { credentials } : {}) });
          clients.set(region, client);
        }
        return client;
      },
    };
  }

  const organizationsHops = organizationsPath(access).hops;
  return {
    organizations() {
      // With a separate hub the client's credentials come from the bridge role, assumed on first use.
      organizations ??= new OrganizationsClient({
        ...configFor(organizationsRegion(access.partition)),
        ...(organizationsHops.length > 0
          ? { credentials: async () => (await sessionFor(organizationsHops))!() }
          : {}),
      });
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

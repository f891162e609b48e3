/**
 * The Falcon API client of this package: the crowdstrike-falcon SDK's generated API classes, configured with
 * - the base URL from the manifest's cloud name (clouds.ts; the SDK's own map lacks us-gov-2),
 * - the retrying transport as the SDK's `fetchApi` (transport.ts), used for the token call and every API call,
 * - a token source that reuses a token until shortly before it expires (token.ts),
 * and each SDK failure turned into an error that names its cause (errors.ts).
 *
 * Requests use the SDK's named operations; responses are read from the raw body (wire-types.ts explains why).
 */
import {
  CloudAwsRegistrationApi,
  Configuration,
  FalconContainerImageApi,
  RegistryassessmentExternalRegistryPayload,
  ResponseError,
  RestCloudAWSAccountCreateExtV1,
  RestAWSAccountPatchExtV1,
} from 'crowdstrike-falcon';
import { FALCON_SCOPES, FalconScope, falconBaseUrl } from './clouds';
import {
  FalconError,
  FalconRequestError,
  FalconScopeError,
  FalconUnavailableError,
  falconErrorDetail,
} from './errors';
import { FalconCredentials, FalconTokenSource } from './token';
import { registryPayloadFor } from './registry-payload';
import { TransportOptions, retryingTransport } from './transport';
import type { CloudAwsAccount, FalconEnvelope, RegistryEntity } from './wire-types';

export interface FalconApiOptions {
  /** Falcon cloud name from the manifest (us-1, us-2, eu-1, us-gov-1, us-gov-2). */
  readonly cloud: string;
  readonly credentials: FalconCredentials;
  /** Overrides the cloud's base URL; the tests point it at the fake Falcon server on loopback. */
  readonly baseUrl?: string;
  readonly transport?: TransportOptions;
}

/** Largest page the container-security registry query accepts. */
const REGISTRY_PAGE_SIZE = 100;
/** Registry IDs per GET/DELETE by IDs, so the query string stays well under URL limits. */
const REGISTRY_ID_BATCH = 50;
/** Stops paging a misbehaving API that never reports the end. */
const MAX_REGISTRY_PAGES = 100;

type RawResponse = { readonly raw: Response };

export class FalconApi {
  readonly baseUrl: string;
  private readonly cloud: string;
  private readonly tokens: FalconTokenSource;
  private readonly cloudAws: CloudAwsRegistrationApi;
  private readonly containerImages: FalconContainerImageApi;

  constructor(options: FalconApiOptions) {
    this.cloud = options.cloud;
    this.baseUrl = options.baseUrl ?? falconBaseUrl(options.cloud);
    const fetchApi = retryingTransport(options.transport);
    this.tokens = new FalconTokenSource(this.baseUrl, fetchApi, options.credentials, options.transport?.now);
    const config = new Configuration({
      basePath: this.baseUrl,
      fetchApi,
      accessToken: () => this.tokens.bearer(),
      headers: { 'User-Agent': 'falcon-control-tower-catalog' },
    });
    this.cloudAws = new CloudAwsRegistrationApi(config);
    this.containerImages = new FalconContainerImageApi(config);
  }

  // Cloud registration (/cloud-security-registration-aws): the organisation with IOM, IOA, 1Click and Identity
  // Protection, and member accounts for the broker. The API CrowdStrike's own Terraform provider uses.

  /** The accounts' registrations; `resources` is empty when none is registered. */
  getCloudAwsAccounts(accountIds: string[]): Promise<FalconEnvelope<CloudAwsAccount>> {
    const operation = 'reading the cloud registration';
    return this.call(operation, FALCON_SCOPES.cloudAwsRegistrationRead, { absentOn404: true }, () =>
      this.cloudAws.cloudRegistrationAwsGetAccountsRaw({ ids: accountIds }),
    );
  }

  createCloudAwsAccounts(resources: RestCloudAWSAccountCreateExtV1[]): Promise<FalconEnvelope<CloudAwsAccount>> {
    return this.call('creating the cloud registration', FALCON_SCOPES.cloudAwsRegistrationWrite, {}, () =>
      this.cloudAws.cloudRegistrationAwsCreateAccountRaw({ body: { resources } }),
    );
  }

  updateCloudAwsAccounts(resources: RestAWSAccountPatchExtV1[]): Promise<FalconEnvelope<CloudAwsAccount>> {
    return this.call('updating the cloud registration', FALCON_SCOPES.cloudAwsRegistrationWrite, {}, () =>
      this.cloudAws.cloudRegistrationAwsUpdateAccountRaw({ body: { resources } }),
    );
  }

  deleteCloudAwsOrganization(organizationId: string): Promise<FalconEnvelope<unknown>> {
    const operation = 'deleting the cloud registration';
    return this.call(operation, FALCON_SCOPES.cloudAwsRegistrationWrite, { absentOn404: true }, () =>
      this.cloudAws.cloudRegistrationAwsDeleteAccountRaw({ organizationIds: [organizationId] }),
    );
  }

  // Container-security registries (ECR connections)

  /**
   * Connects a registry, with the fields a GovCloud tenant needs (registry-payload.ts). The SDK's model of the answer
   * (DomainExternalRegistryResponse) carries the one new registry in `resources`, not a list: it is returned as a
   * one-element list, so callers read every answer the same way.
   */
  async createRegistry(payload: RegistryassessmentExternalRegistryPayload): Promise<FalconEnvelope<RegistryEntity>> {
    const envelope = await this.call<RegistryEntity>('connecting a container registry', FALCON_SCOPES.containerImageWrite, {}, () =>
      this.containerImages.createRegistryEntitiesRaw({ body: registryPayloadFor(this.cloud, payload) }),
    );
    const created = envelope.resources as unknown as RegistryEntity | RegistryEntity[] | null | undefined;
    return { ...envelope, resources: Array.isArray(created) ? created : created ? [created] : [] };
  }

  /** Every registry ID of the tenant, following offset/limit paging. */
  async listRegistryIds(): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 0; page < MAX_REGISTRY_PAGES; page++) {
      const offset = ids.length;
      const envelope = await this.call<string>('listing container registries', FALCON_SCOPES.containerImageRead, {}, () =>
        this.containerImages.readRegistryEntitiesRaw({ limit: REGISTRY_PAGE_SIZE, offset }),
      );
      const batch = envelope.resources ?? [];
      ids.push(...batch);
      const total = envelope.meta?.pagination?.total;
      if (batch.length === 0 || (total !== undefined && ids.length >= total)) return ids;
    }
    throw new FalconRequestError(`listing container registries: more than ${MAX_REGISTRY_PAGES} pages; stopped`);
  }

  async getRegistries(ids: string[]): Promise<RegistryEntity[]> {
    const registries: RegistryEntity[] = [];
    for (const batch of chunks(ids, REGISTRY_ID_BATCH)) {
      const envelope = await this.call<RegistryEntity>('reading container registries', FALCON_SCOPES.containerImageRead, {}, () =>
        this.containerImages.readRegistryEntitiesByUUIDRaw({ ids: batch.join(',') }),
      );
      registries.push(...(envelope.resources ?? []));
    }
    return registries;
  }

  async deleteRegistries(ids: string[]): Promise<void> {
    for (const batch of chunks(ids, REGISTRY_ID_BATCH)) {
      await this.call('disconnecting container registries', FALCON_SCOPES.containerImageWrite, {}, () =>
        this.containerImages.deleteRegistryEntitiesRaw({ ids: batch.join(',') }),
      );
    }
  }

  /**
   * Runs one SDK call. A 401 means the API refused a token it issued (expired or revoked early): the token is
   * dropped and the call made once more. 404 on a lookup means "not registered".
   */
  private async call<T>(
    operation: string,
    scope: FalconScope,
    options: { absentOn404?: boolean },
    send: () => Promise<RawResponse>,
  ): Promise<FalconEnvelope<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await readEnvelope<T>((await send()).raw);
      } catch (err) {
        if (err instanceof FalconError) throw err;
        if (!(err instanceof ResponseError)) {
          throw new FalconUnavailableError(`Falcon API unreachable while ${operation}: ${(err as Error).message}`);
        }
        const status = err.response.status;
        if (status === 401 && attempt === 1) {
          this.tokens.invalidate();
          continue;
        }
        if (status === 404 && options.absentOn404) return { resources: [], errors: [] };
        throw await responseError(operation, scope, err.response);
      }
    }
  }
}

async function readEnvelope<T>(response: Response): Promise<FalconEnvelope<T>> {
  const text = await response.text();
  return text.trim() === '' ? {} : (JSON.parse(text) as FalconEnvelope<T>);
}

async function responseError(operation: string, scope: FalconScope, response: Response): Promise<FalconError> {
  const status = response.status;
  if (status === 403) return new FalconScopeError(operation, scope);
  const detail = await falconErrorDetail(response);
  if (status === 401) {
    return new FalconRequestError(`Falcon API refused a fresh token while ${operation} (HTTP 401): ${detail}`, status);
  }
  if (status === 429) {
    return new FalconUnavailableError(`Falcon API still rate-limited (HTTP 429) after retries while ${operation}`, status);
  }
  if (status >= 500) {
    return new FalconUnavailableError(`Falcon API still failing after retries while ${operation}: ${detail}`, status);
  }
  return new FalconRequestError(`Falcon API rejected ${operation}: ${detail}`, status);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

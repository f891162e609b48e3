/**
 * The fake's container-security registry endpoints: create (`POST /entities`), query IDs with offset/limit
 * paging (`GET /queries`), get and delete by IDs (`GET`/`DELETE /entities?ids=`). Answers have the shapes of the
 * SDK's models (DomainExternalRegistryResponse with one registry, DomainExternalQueryResponse,
 * DomainExternalRegistryListResponse); fake-contract.test.ts checks that against the crowdstrike-falcon package.
 */
import { randomUUID } from 'node:crypto';
import { FakeResponse, envelope, failure, queryList } from './envelope';

export interface Registry {
  id: string;
  type: string;
  url: string;
  state: string;
  user_defined_alias?: string;
  created_at: string;
  /** Kept like the real service keeps it: stored, never returned. */
  credential_details: Record<string, unknown>;
}

const MAX_LIMIT = 100;

export const REGISTRY_ROUTES = [
  { method: 'POST', path: '/container-security/entities/registries/v1' },
  { method: 'GET', path: '/container-security/entities/registries/v1' },
  { method: 'DELETE', path: '/container-security/entities/registries/v1' },
  { method: 'GET', path: '/container-security/queries/registries/v1' },
];

/** A registry as the API returns it (DomainExternalAPIRegistry): the stored fields, and the rest from them. */
function visible(registry: Registry): Record<string, unknown> {
  const { credential_details: _hidden, ...stored } = registry;
  const at = stored.created_at || new Date(0).toISOString();
  return {
    last_refreshed_at: at,
    next_refresh_at: at,
    refresh_interval: 0,
    state_changed_at: at,
    updated_at: at,
    url_uniqueness_alias: '',
    user_defined_alias: '',
    ...stored,
    created_at: at,
  };
}

function create(registries: Map<string, Registry>, body: unknown): FakeResponse {
  const { type, url, credential, user_defined_alias } = (body ?? {}) as Record<string, unknown>;
  if (type !== 'ecr') return failure(400, 'type must be one of the supported registry types (ecr)');
  if (typeof url !== 'string' || !url.startsWith('https://')) return failure(400, 'url must be an https URL');
  const details = (credential as { details?: Record<string, unknown> } | undefined)?.details;
  if (!details || typeof details.aws_iam_role !== 'string' || typeof details.aws_external_id !== 'string') {
    return failure(400, 'credential.details.aws_iam_role and aws_external_id are required for ecr');
  }
  if ([...registries.values()].some((r) => r.url === url)) return failure(409, `registry ${url} already exists`);
  const registry: Registry = {
    id: randomUUID(),
    type,
    url,
    state: 'pending',
    created_at: new Date().toISOString(),
    credential_details: { aws_iam_role: details.aws_iam_role },
    ...(typeof user_defined_alias === 'string' ? { user_defined_alias } : {}),
  };
  registries.set(registry.id, registry);
  // DomainExternalRegistryResponse: `resources` is the one registry, not a list.
  const answer = envelope(201, []);
  return { ...answer, body: { ...(answer.body as object), resources: visible(registry) } };
}

function query(registries: Map<string, Registry>, params: URLSearchParams): FakeResponse {
  const limit = Number(params.get('limit') ?? MAX_LIMIT);
  const offset = Number(params.get('offset') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return failure(400, `limit must be 1-${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) return failure(400, 'offset must be a non-negative integer');
  const ids = [...registries.keys()];
  return envelope(200, ids.slice(offset, offset + limit), [], { pagination: { offset, limit, total: ids.length } });
}

function byIds(registries: Map<string, Registry>, params: URLSearchParams, remove: boolean): FakeResponse {
  const ids = queryList(params, 'ids');
  if (ids.length === 0) return failure(400, 'ids is required');
  const found = ids.map((id) => registries.get(id)).filter((r): r is Registry => r !== undefined);
  if (remove) for (const r of found) registries.delete(r.id);
  const missing = ids.filter((id) => !found.some((r) => r.id === id));
  return envelope(missing.length > 0 ? 207 : 200, found.map(visible), missing.map((id) => ({ code: 404, message: `registry ${id} not found` })));
}

export function registryRoute(
  registries: Map<string, Registry>,
  method: string,
  path: string,
  params: URLSearchParams,
  body: unknown,
): FakeResponse | undefined {
  if (path === '/container-security/entities/registries/v1') {
    if (method === 'POST') return create(registries, body);
    if (method === 'GET') return byIds(registries, params, false);
    if (method === 'DELETE') return byIds(registries, params, true);
  }
  if (path === '/container-security/queries/registries/v1' && method === 'GET') return query(registries, params);
  return undefined;
}

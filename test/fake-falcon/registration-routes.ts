/**
 * The fake's cloud registration endpoints (`/cloud-security-registration-aws/entities/account/v1`), the API
 * CrowdStrike's Terraform provider uses: GET (207 with a 404 error entry when no account matches), POST (201),
 * PATCH (200; `products` add features, `disable_products` remove them, every other feature is left alone, as the
 * provider's use of the two fields implies) and DELETE (200). Every body has the shape of the SDK's models
 * (RestAWSAccountCreateResponseExtV1 / DomainCloudAWSAccountV1, MsaspecResponseFields); fake-contract.test.ts
 * checks that against the crowdstrike-falcon package.
 */
import { randomBytes } from 'node:crypto';
import { FakeResponse, envelope, failure, queryList, requestResources } from './envelope';

/** CrowdStrike's account and intermediate role, as the real commercial API returns them. */
export const FAKE_CROWDSTRIKE_ACCOUNT = '292230061137';
export const FAKE_INTERMEDIATE_ROLE = 'CrowdStrikeCSPMConnector';
export const FAKE_EVENT_BUS = 'cs-horizon-org-event-bus';
/** Go's zero time, as Falcon's API writes a `DeletedAt` that never happened. */
const NEVER = '0001-01-01T00:00:00Z';

export type Account = Record<string, unknown> & {
  account_id: string;
  organization_id?: string;
  is_master?: boolean;
  products: { product: string; features: string[] }[];
  resource_metadata: Record<string, unknown>;
};

export interface EventBus {
  readonly region: string;
  readonly name: string;
}

export interface RegistrationState {
  readonly accounts: Map<string, Account>;
  /** The buses the fake answers with: commercial tenants have one, GovCloud tenants one per Region. */
  eventBuses: EventBus[];
  nextId: number;
}

export function newRegistrationState(): RegistrationState {
  return { accounts: new Map(), eventBuses: [{ region: 'us-east-1', name: FAKE_EVENT_BUS }], nextId: 1 };
}

export const REGISTRATION_PATH = '/cloud-security-registration-aws/entities/account/v1';
export const REGISTRATION_ROUTES = ['GET', 'POST', 'PATCH', 'DELETE'].map((method) => ({ method, path: REGISTRATION_PATH }));

const matches = (query: URLSearchParams) => (account: Account) => {
  const ids = queryList(query, 'ids');
  const orgs = queryList(query, 'organization-ids');
  return (ids.length === 0 || ids.includes(account.account_id)) && (orgs.length === 0 || orgs.includes(String(account.organization_id)));
};

function lookup(state: RegistrationState, query: URLSearchParams): FakeResponse {
  const found = [...state.accounts.values()].filter(matches(query)).sort((a, b) => Number(Boolean(b.is_master)) - Number(Boolean(a.is_master)));
  if (found.length === 0) return envelope(207, [], [{ code: 404, message: 'No accounts found' }]);
  return envelope(200, found);
}

function remove(state: RegistrationState, query: URLSearchParams): FakeResponse {
  if (queryList(query, 'ids').length === 0 && queryList(query, 'organization-ids').length === 0) {
    return failure(400, 'ids or organization-ids is required');
  }
  for (const account of [...state.accounts.values()].filter(matches(query))) state.accounts.delete(account.account_id);
  // MsaspecResponseFields: meta and errors only.
  const { resources: _none, ...fields } = envelope(200, []).body as Record<string, unknown>;
  return { status: 200, body: fields };
}

function validAccount(resource: Record<string, unknown>): string | undefined {
  if (typeof resource.account_id !== 'string' || !/^\d{12}$/.test(resource.account_id)) return 'account_id must be 12 digits';
  if (resource.organization_id !== undefined && !/^o-[a-z0-9]{10,32}$/.test(String(resource.organization_id))) {
    return 'organization_id is invalid';
  }
  return undefined;
}

type Products = { product: string; features: string[] }[];

function productsOf(value: unknown): Products {
  return Array.isArray(value) ? (value as Products).map((p) => ({ product: p.product, features: [...(p.features ?? [])] })) : [];
}

/** `products` adds features; `disable` removes them; a product without features is gone. */
function mergeProducts(current: Products, add: Products, disable: Products): Products {
  const byProduct = new Map(current.map((p) => [p.product, new Set(p.features)]));
  for (const p of add) for (const f of p.features) byProduct.set(p.product, (byProduct.get(p.product) ?? new Set()).add(f));
  for (const p of disable) for (const f of p.features) byProduct.get(p.product)?.delete(f);
  return [...byProduct].filter(([, features]) => features.size > 0).map(([product, features]) => ({ product, features: [...features] }));
}

function timestamps(state: RegistrationState) {
  const now = new Date().toISOString();
  return { CreatedAt: now, DeletedAt: NEVER, ID: state.nextId++, UpdatedAt: now };
}

function create(state: RegistrationState, body: unknown): FakeResponse {
  const resources = requestResources(body);
  if (!resources || resources.length !== 1) return failure(400, 'exactly one resource is required');
  const [resource] = resources;
  const invalid = validAccount(resource);
  if (invalid) return failure(400, invalid);
  const accountId = resource.account_id as string;
  if (state.accounts.has(accountId)) return failure(409, `account ${accountId} is already registered`);
  const partition = resource.account_type === 'gov' ? 'aws-us-gov' : 'aws';
  // Without a role ARN in the request, Falcon names the reader role itself.
  const generatedRole = `arn:${partition}:iam::${accountId}:role/CrowdStrikeCSPMReader-${randomBytes(6).toString('hex')}`;
  const busArn = (bus: EventBus) => `arn:${partition}:events:${bus.region}:${FAKE_CROWDSTRIKE_ACCOUNT}:event-bus/${bus.name}`;
  const account: Account = {
    ...timestamps(state),
    account_id: accountId,
    account_type: resource.account_type ?? 'commercial',
    ...(typeof resource.organization_id === 'string' ? { organization_id: resource.organization_id } : {}),
    is_master: resource.is_master === true,
    csp_events: resource.csp_events === true,
    use_existing_cloudtrail: resource.use_existing_cloudtrail !== false,
    cspm_enabled: true,
    products: mergeProducts([], productsOf(resource.products), []),
    iam_service_permissions_status: [],
    inventory_filter: [],
    is_custom_rolename: typeof resource.iam_role_arn === 'string',
    resource_metadata: {
      ...timestamps(state),
      external_id: randomBytes(12).toString('hex'),
      iam_role_arn: (resource.iam_role_arn as string | undefined) ?? generatedRole,
      intermediate_role_arn: `arn:${partition}:iam::${FAKE_CROWDSTRIKE_ACCOUNT}:role/${FAKE_INTERMEDIATE_ROLE}`,
      eventbus_name: state.eventBuses.map((b) => b.name).join(','),
      aws_eventbus_arn: state.eventBuses.map(busArn).join(','),
      ...(typeof resource.cloudtrail_region === 'string' ? { aws_cloudtrail_region: resource.cloudtrail_region } : {}),
    },
  };
  state.accounts.set(accountId, account);
  return envelope(201, [account]);
}

function patch(state: RegistrationState, body: unknown): FakeResponse {
  const resources = requestResources(body);
  if (!resources || resources.length === 0) return failure(400, 'resources are required');
  const updated: Account[] = [];
  for (const resource of resources) {
    const current = state.accounts.get(String(resource.account_id));
    if (!current) return failure(404, `account ${String(resource.account_id)} is not registered`);
    const next: Account = {
      ...current,
      UpdatedAt: new Date().toISOString(),
      products: mergeProducts(current.products, productsOf(resource.products), productsOf(resource.disable_products)),
      resource_metadata: {
        ...current.resource_metadata,
        ...(typeof resource.cloudtrail_region === 'string' ? { aws_cloudtrail_region: resource.cloudtrail_region } : {}),
      },
    };
    for (const key of ['csp_events', 'use_existing_cloudtrail'] as const) if (typeof resource[key] === 'boolean') next[key] = resource[key];
    state.accounts.set(current.account_id, next);
    updated.push(next);
  }
  return envelope(200, updated);
}

export function registrationRoute(
  state: RegistrationState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): FakeResponse | undefined {
  if (path !== REGISTRATION_PATH) return undefined;
  if (method === 'GET') return lookup(state, query);
  if (method === 'POST') return create(state, body);
  if (method === 'PATCH') return patch(state, body);
  if (method === 'DELETE') return remove(state, query);
  return undefined;
}

/** The features of `product` the fake has registered for `accountId`. */
export function registeredFeatures(state: RegistrationState, accountId: string, product: string): string[] {
  return state.accounts.get(accountId)?.products.find((p) => p.product === product)?.features ?? [];
}

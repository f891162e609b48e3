/**
 * The fake's CSPM AWS registration (`/cloud-connect-cspm-aws/entities/account/v1`) and Cloud Security AWS
 * registration (`/cloud-security-registration-aws/entities/account/v1`) endpoints, with their status codes:
 * 207 with errors for an absent account on GET, 201 on create, 200 on update and delete.
 */
import { randomBytes } from 'node:crypto';
import { FakeResponse, envelope, failure, queryList, requestResources } from './envelope';

/** CrowdStrike's account and intermediate role, as the real commercial API returns them. */
export const FAKE_CROWDSTRIKE_ACCOUNT = '292230061137';
export const FAKE_INTERMEDIATE_ROLE = 'CrowdStrikeCSPMConnector';
export const FAKE_EVENT_BUS = 'cs-horizon-org-event-bus';

export type Account = Record<string, unknown> & { account_id: string; organization_id?: string; is_master?: boolean };

export interface RegistrationState {
  readonly cspm: Map<string, Account>;
  readonly cloudAws: Map<string, Account>;
  /** Event bus names the fake returns; GovCloud tenants return one per Region, comma-separated. */
  eventBusName: string;
}

const matches = (query: URLSearchParams) => (account: Account) => {
  const ids = queryList(query, 'ids');
  const orgs = queryList(query, 'organization-ids');
  return (ids.length === 0 || ids.includes(account.account_id)) && (orgs.length === 0 || orgs.includes(String(account.organization_id)));
};

/** GET: 200 with the accounts, or 207 with empty resources and a 404 error entry when none matches. */
function lookup(store: Map<string, Account>, query: URLSearchParams): FakeResponse {
  const found = [...store.values()].filter(matches(query)).sort((a, b) => Number(Boolean(b.is_master)) - Number(Boolean(a.is_master)));
  if (found.length === 0) return envelope(207, [], [{ code: 404, message: 'No accounts found' }]);
  return envelope(200, found);
}

function remove(store: Map<string, Account>, query: URLSearchParams): FakeResponse {
  if (queryList(query, 'ids').length === 0 && queryList(query, 'organization-ids').length === 0) {
    return failure(400, 'ids or organization-ids is required');
  }
  const gone = [...store.values()].filter(matches(query));
  for (const account of gone) store.delete(account.account_id);
  return envelope(200, gone.map((a) => ({ account_id: a.account_id })));
}

function validAccount(resource: Record<string, unknown>): string | undefined {
  if (typeof resource.account_id !== 'string' || !/^\d{12}$/.test(resource.account_id)) return 'account_id must be 12 digits';
  if (resource.organization_id !== undefined && !/^o-[a-z0-9]{10,32}$/.test(String(resource.organization_id))) {
    return 'organization_id is invalid';
  }
  return undefined;
}

function createCspm(state: RegistrationState, body: unknown): FakeResponse {
  const resources = requestResources(body);
  if (!resources || resources.length !== 1) return failure(400, 'exactly one resource is required');
  const [resource] = resources;
  const invalid = validAccount(resource);
  if (invalid) return failure(400, invalid);
  const accountId = resource.account_id as string;
  if (state.cspm.has(accountId)) return failure(409, `account ${accountId} is already registered`);
  const partition = resource.account_type === 'gov' ? 'aws-us-gov' : 'aws';
  // Without a role ARN in the request, Falcon names the reader role itself.
  const generatedRole = `arn:${partition}:iam::${accountId}:role/CrowdStrikeCSPMReader-${randomBytes(6).toString('hex')}`;
  const readerRole = (resource.iam_role_arn as string | undefined) ?? generatedRole;
  const account: Account = {
    ...resource,
    account_id: accountId,
    external_id: randomBytes(12).toString('hex'),
    iam_role_arn: readerRole,
    intermediate_role_arn: `arn:${partition}:iam::${FAKE_CROWDSTRIKE_ACCOUNT}:role/${FAKE_INTERMEDIATE_ROLE}`,
    eventbus_name: state.eventBusName,
    status: 'Event_DiscoverAccountStatusProvisioned',
    ...(resource.use_existing_cloudtrail === false ? { aws_cloudtrail_bucket_name: `cs-horizon-org-trail-${accountId}` } : {}),
  };
  state.cspm.set(accountId, account);
  return envelope(201, [account]);
}

/** Fields a CSPM PATCH may change. */
const CSPM_PATCHABLE = [
  'behavior_assessment_enabled',
  'sensor_management_enabled',
  'dspm_enabled',
  'cloudtrail_region',
  'vulnerability_scanning_enabled',
  'iam_role_arn',
];

function patchCspm(state: RegistrationState, body: unknown): FakeResponse {
  const resources = requestResources(body);
  if (!resources || resources.length === 0) return failure(400, 'resources are required');
  const updated: Account[] = [];
  for (const resource of resources) {
    const current = state.cspm.get(String(resource.account_id));
    if (!current) return failure(404, `account ${String(resource.account_id)} is not registered`);
    const next = { ...current };
    for (const key of CSPM_PATCHABLE) if (resource[key] !== undefined) next[key] = resource[key];
    state.cspm.set(current.account_id, next);
    updated.push(next);
  }
  return envelope(200, updated);
}

function upsertCloudAws(state: RegistrationState, body: unknown, create: boolean): FakeResponse {
  const resources = requestResources(body);
  if (!resources || resources.length !== 1) return failure(400, 'exactly one resource is required');
  const [resource] = resources;
  const invalid = validAccount(resource);
  if (invalid) return failure(400, invalid);
  const accountId = resource.account_id as string;
  const current = state.cloudAws.get(accountId);
  if (create && current) return failure(409, `account ${accountId} is already registered`);
  if (!create && !current) return failure(404, `account ${accountId} is not registered`);
  const account: Account = { ...current, ...resource, account_id: accountId };
  state.cloudAws.set(accountId, account);
  return envelope(create ? 201 : 200, [account]);
}

export function registrationRoute(
  state: RegistrationState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): FakeResponse | undefined {
  if (path === '/cloud-connect-cspm-aws/entities/account/v1') {
    if (method === 'GET') return lookup(state.cspm, query);
    if (method === 'POST') return createCspm(state, body);
    if (method === 'PATCH') return patchCspm(state, body);
    if (method === 'DELETE') return remove(state.cspm, query);
  }
  if (path === '/cloud-security-registration-aws/entities/account/v1') {
    if (method === 'GET') return lookup(state.cloudAws, query);
    if (method === 'POST') return upsertCloudAws(state, body, true);
    if (method === 'PATCH') return upsertCloudAws(state, body, false);
    if (method === 'DELETE') return remove(state.cloudAws, query);
  }
  return undefined;
}

import { notFound } from '../core/errors';
import { paginate, shuffled } from '../core/pagination';
import type { InputReader } from '../transport/input';
import { SC_PAGE, type ScContext, type ScOperation } from './context';
import type { ProvisionedProduct } from './model';
import { recordDetail } from './records';

function detail(p: ProvisionedProduct) {
  return {
    Name: p.name,
    Arn: p.arn,
    Type: 'CFN_STACK',
    Id: p.id,
    Status: p.status,
    StatusMessage: p.statusMessage,
    CreatedTime: p.createdAt,
    IdempotencyToken: p.idempotencyToken,
    LastRecordId: p.lastRecordId,
    LastProvisioningRecordId: p.lastProvisioningRecordId,
    LastSuccessfulProvisioningRecordId: p.lastSuccessfulProvisioningRecordId,
    ProductId: p.productId,
    ProvisioningArtifactId: p.artifactId,
    LaunchRoleArn: p.launchRoleArn,
  };
}

function attribute(p: ProvisionedProduct) {
  return {
    ...detail(p),
    Tags: p.tags,
    PhysicalId: p.physicalId,
    ProductName: p.productName,
    ProvisioningArtifactName: p.artifactName,
    UserArn: p.userArn,
    UserArnSession: p.userArnSession,
  };
}

type AccessLevel = 'Account' | 'Role' | 'User';

/**
 * AccessLevelFilter as AWS applies it: `Account` sees everything of the account, `Role` what the caller's role
 * did, and `User` only what the caller's own session did. The default differs per API (see each operation).
 */
function accessFilter(r: InputReader, ctx: ScContext, defaultLevel: AccessLevel): (userArn: string) => boolean {
  const filter = r.optionalObject('AccessLevelFilter');
  const level = typeof filter?.Key === 'string' ? filter.Key : defaultLevel;
  if (level !== 'Account' && level !== 'Role' && level !== 'User') throw r.invalid(`AccessLevelFilter.Key must be Account, Role or User, got ${level}`);
  if (level === 'Account') return () => true;
  if (level === 'User') return (userArn) => userArn === ctx.caller.arn;
  const rolePrefix = ctx.caller.arn.slice(0, ctx.caller.arn.lastIndexOf('/') + 1);
  return (userArn) => userArn.startsWith(rolePrefix);
}

function accessible(r: InputReader, ctx: ScContext, defaultLevel: AccessLevel): ProvisionedProduct[] {
  const allowed = accessFilter(r, ctx, defaultLevel);
  return [...ctx.state.provisioned.values()].filter((p) => allowed(p.userArn));
}

const SORT_FIELDS: Record<string, (p: ProvisionedProduct) => string> = {
  arn: (p) => p.arn,
  id: (p) => p.id,
  name: (p) => p.name,
  lastRecordId: (p) => p.lastRecordId,
};

/**
 * SearchProvisionedProducts' order. API reference: "SortBy: The sort field. If no value is specified, the results are
 * not sorted." Without SortBy every page is cut from a fresh arbitrary order, so a walk across pages can miss an
 * item or see one twice (the strictest reading of "not sorted" for a paged listing); with SortBy the order is stable.
 */
function searchOrder(r: InputReader, ctx: ScContext, found: ProvisionedProduct[]): ProvisionedProduct[] {
  const sortBy = r.optionalString('SortBy');
  if (sortBy === undefined) return shuffled(found, ctx.store.random);
  const field = SORT_FIELDS[sortBy];
  if (!field) throw r.invalid(`SortBy must be one of ${Object.keys(SORT_FIELDS).join(', ')}, got ${sortBy}`);
  const order = r.optionalString('SortOrder') ?? 'ASCENDING';
  if (order !== 'ASCENDING' && order !== 'DESCENDING') throw r.invalid(`SortOrder must be ASCENDING or DESCENDING, got ${order}`);
  const sorted = [...found].sort((a, b) => field(a).localeCompare(field(b)) || a.id.localeCompare(b.id));
  return order === 'ASCENDING' ? sorted : sorted.reverse();
}

const SEARCH_FIELDS: Record<string, (p: ProvisionedProduct) => string | undefined> = {
  name: (p) => p.name,
  id: (p) => p.id,
  arn: (p) => p.arn,
  status: (p) => p.status,
  productId: (p) => p.productId,
  productName: (p) => p.productName,
  provisioningArtifactId: (p) => p.artifactId,
  provisioningArtifactName: (p) => p.artifactName,
  idempotencyToken: (p) => p.idempotencyToken,
  lastRecordId: (p) => p.lastRecordId,
  physicalId: (p) => p.physicalId,
  type: () => 'CFN_STACK',
  userArn: (p) => p.userArn,
};

/** `SearchQuery` terms: `field:value` must equal the field; a bare term must appear in the name. All terms must match. */
function matchesQuery(p: ProvisionedProduct, terms: string[]): boolean {
  return terms.every((term) => {
    const colon = term.indexOf(':');
    const field = colon > 0 ? SEARCH_FIELDS[term.slice(0, colon)] : undefined;
    if (field) return field(p) === term.slice(colon + 1);
    return p.name.includes(term);
  });
}

export const provisionedQueryOperations: Record<string, ScOperation> = {
  DescribeRecord: (r, ctx) => {
    const id = r.string('Id');
    const record = ctx.state.records.get(id);
    if (!record) throw notFound(`Record ${id} not found in account ${ctx.caller.account}, Region ${ctx.region}.`);
    return { RecordDetail: recordDetail(ctx.store, record), RecordOutputs: [] };
  },
  DescribeProvisionedProduct: (r, ctx) => {
    const id = r.optionalString('Id');
    const name = r.optionalString('Name');
    if ((id === undefined) === (name === undefined)) throw r.invalid('Provide exactly one of Id or Name.');
    const resolved = id ?? ctx.state.provisionedByName.get(name!);
    const product = resolved ? ctx.state.provisioned.get(resolved) : undefined;
    if (!product) throw notFound(`Provisioned product ${id ?? name} not found in account ${ctx.caller.account}, Region ${ctx.region}.`);
    return { ProvisionedProductDetail: detail(product), CloudWatchDashboards: [] };
  },
  // API reference: AccessLevelFilter "The default is Account."
  SearchProvisionedProducts: (r, ctx) => {
    const filters = r.optionalObject('Filters') ?? {};
    const terms = Array.isArray(filters.SearchQuery) ? filters.SearchQuery.map(String) : [];
    const found = searchOrder(r, ctx, accessible(r, ctx, 'Account').filter((p) => matchesQuery(p, terms)));
    const scope = `SearchPP:${terms.join(',')}:${r.optionalString('SortBy') ?? ''}:${r.optionalString('SortOrder') ?? ''}`;
    const page = paginate(found, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope });
    return { ProvisionedProducts: page.items.map(attribute), TotalResultsCount: found.length, NextPageToken: page.nextToken };
  },
  // API reference: AccessLevelFilter "The default is User."
  ScanProvisionedProducts: (r, ctx) => {
    const page = paginate(accessible(r, ctx, 'User'), r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, maxSize: 20, scope: 'ScanPP' });
    return { ProvisionedProducts: page.items.map(detail), NextPageToken: page.nextToken };
  },
  /**
   * Every record of the account and Region, of terminated products too, "in reverse chronological order" (API
   * reference), filtered by AccessLevelFilter (default User) and SearchFilter `product` / `provisionedproduct`.
   */
  ListRecordHistory: (r, ctx) => {
    const allowed = accessFilter(r, ctx, 'User');
    const filter = r.optionalObject('SearchFilter');
    const key = filter?.Key;
    const value = typeof filter?.Value === 'string' ? filter.Value : undefined;
    if (filter && ((key !== 'product' && key !== 'provisionedproduct') || value === undefined)) {
      throw r.invalid(`SearchFilter needs Key product or provisionedproduct and a Value, got ${JSON.stringify(filter)}`);
    }
    const records = [...ctx.state.records.values()]
      .filter((record) => !ctx.state.forgottenRecords.has(record.id) && allowed(record.userArn))
      .filter((record) => !filter || (key === 'product' ? record.productId : record.provisionedProductId) === value)
      .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
    const page = paginate(records, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, maxSize: 20, scope: `ListRecordHistory:${key ?? ''}:${value ?? ''}` });
    return { RecordDetails: page.items.map((record) => recordDetail(ctx.store, record)), NextPageToken: page.nextToken };
  },
};

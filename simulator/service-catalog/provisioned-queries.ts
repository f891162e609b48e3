import { notFound } from '../core/errors';
import { paginate } from '../core/pagination';
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

/**
 * AccessLevelFilter as AWS applies it: `Account` sees every provisioned product of the account, `Role` those
 * launched by the caller's role, and `User` (the default) only those launched by the caller's own session.
 */
function accessible(r: InputReader, ctx: ScContext): ProvisionedProduct[] {
  const filter = r.optionalObject('AccessLevelFilter');
  const level = typeof filter?.Key === 'string' ? filter.Key : 'User';
  if (level !== 'Account' && level !== 'Role' && level !== 'User') throw r.invalid(`AccessLevelFilter.Key must be Account, Role or User, got ${level}`);
  const all = [...ctx.state.provisioned.values()];
  if (level === 'Account') return all;
  if (level === 'User') return all.filter((p) => p.userArn === ctx.caller.arn);
  const rolePrefix = ctx.caller.arn.slice(0, ctx.caller.arn.lastIndexOf('/') + 1);
  return all.filter((p) => p.userArn.startsWith(rolePrefix));
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
  SearchProvisionedProducts: (r, ctx) => {
    const filters = r.optionalObject('Filters') ?? {};
    const terms = Array.isArray(filters.SearchQuery) ? filters.SearchQuery.map(String) : [];
    const found = accessible(r, ctx).filter((p) => matchesQuery(p, terms));
    const page = paginate(found, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `SearchPP:${terms.join(',')}` });
    return { ProvisionedProducts: page.items.map(attribute), TotalResultsCount: found.length, NextPageToken: page.nextToken };
  },
  ScanProvisionedProducts: (r, ctx) => {
    const page = paginate(accessible(r, ctx), r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: 'ScanPP' });
    return { ProvisionedProducts: page.items.map(detail), NextPageToken: page.nextToken };
  },
};

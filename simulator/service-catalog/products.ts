import { invalidParameters, notFound } from '../core/errors';
import { paginate } from '../core/pagination';
import type { InputReader } from '../transport/input';
import { launchPaths, pathIdOf, visiblePortfolios, type VisiblePortfolio } from './access';
import { SC_PAGE, type ScContext, type ScOperation } from './context';
import type { ArtifactParameter, Product, ProvisioningArtifact, ScRegionState } from './model';
import type { ScStore } from './store';

export interface ArtifactFields {
  name: string;
  description?: string;
  active?: boolean;
  guidance?: 'DEFAULT' | 'DEPRECATED';
  parameters?: ArtifactParameter[];
}

export function createProduct(
  store: ScStore,
  state: ScRegionState,
  fields: { name: string; owner: string; description?: string; distributor?: string; supportEmail?: string; supportUrl?: string },
): Product {
  const id = store.newId('prod');
  const product: Product = {
    id,
    viewId: `prodview-${id.slice('prod-'.length)}`,
    arn: `arn:${store.partition}:catalog:${state.region}:${state.account}:product/${id}`,
    name: fields.name,
    owner: fields.owner,
    description: fields.description ?? '',
    distributor: fields.distributor ?? '',
    supportEmail: fields.supportEmail,
    supportUrl: fields.supportUrl,
    createdAt: store.clock.date(),
    artifacts: new Map(),
  };
  store.registerProduct(state, product);
  return product;
}

export function addArtifact(store: ScStore, product: Product, fields: ArtifactFields): ProvisioningArtifact {
  for (const existing of product.artifacts.values()) {
    if (existing.name === fields.name) throw invalidParameters(`Product ${product.id} already has a provisioning artifact named ${fields.name}.`);
  }
  const artifact: ProvisioningArtifact = {
    id: store.newId('pa'),
    name: fields.name,
    description: fields.description ?? '',
    createdAt: store.clock.date(),
    active: fields.active ?? true,
    guidance: fields.guidance ?? 'DEFAULT',
    parameters: fields.parameters,
  };
  product.artifacts.set(artifact.id, artifact);
  return artifact;
}

/** A product the caller can see: its own, or one in a portfolio that reaches it. */
export function resolveProduct(ctx: ScContext, r: InputReader, idKey: string, nameKey: string): { product: Product; portfolios: VisiblePortfolio[] } {
  const id = r.optionalString(idKey);
  const name = r.optionalString(nameKey);
  if ((id === undefined) === (name === undefined)) throw r.invalid(`Provide exactly one of ${idKey} or ${nameKey}.`);
  const visible = visiblePortfolios(ctx.store, ctx.state);
  let product = id !== undefined ? ctx.store.productById(id)?.product : undefined;
  if (name !== undefined) {
    product = [...ctx.state.products.values()].find((p) => p.name === name);
    for (const v of visible) {
      if (product) break;
      product = [...v.portfolio.productIds].map((pid) => v.home.products.get(pid)!).find((p) => p.name === name);
    }
  }
  const portfolios = product ? visible.filter((v) => v.portfolio.productIds.has(product!.id)) : [];
  if (!product || (portfolios.length === 0 && !ctx.state.products.has(product.id))) {
    throw notFound(`Product ${id ?? name} not found for account ${ctx.caller.account} in ${ctx.region}.`);
  }
  return { product, portfolios };
}

export function resolveArtifact(r: InputReader, product: Product, idKey: string, nameKey: string): ProvisioningArtifact {
  const id = r.optionalString(idKey);
  const name = r.optionalString(nameKey);
  if ((id === undefined) === (name === undefined)) throw r.invalid(`Provide exactly one of ${idKey} or ${nameKey}.`);
  const artifact = id !== undefined ? product.artifacts.get(id) : [...product.artifacts.values()].find((a) => a.name === name);
  if (!artifact) throw notFound(`Provisioning artifact ${id ?? name} not found for product ${product.id}.`);
  return artifact;
}

export function productViewSummary(product: Product, hasDefaultPath: boolean) {
  return {
    Id: product.viewId,
    ProductId: product.id,
    Name: product.name,
    Owner: product.owner,
    ShortDescription: product.description,
    Type: 'CLOUD_FORMATION_TEMPLATE',
    Distributor: product.distributor,
    HasDefaultPath: hasDefaultPath,
    SupportEmail: product.supportEmail,
    SupportUrl: product.supportUrl,
  };
}

function artifactDetail(a: ProvisioningArtifact) {
  return { Id: a.id, Name: a.name, Description: a.description, Type: 'CLOUD_FORMATION_TEMPLATE', CreatedTime: a.createdAt, Active: a.active, Guidance: a.guidance };
}

function launchPathSummary(v: VisiblePortfolio, productId: string) {
  const constraint = v.portfolio.launchConstraints.get(productId);
  return {
    Id: pathIdOf(v.portfolio.id),
    Name: v.portfolio.displayName,
    ConstraintSummaries: constraint ? [{ Type: 'LAUNCH', Description: constraint.localRoleName ? `Local role ${constraint.localRoleName}` : `Role ${constraint.roleArn}` }] : [],
    Tags: [],
  };
}

function ownProduct(ctx: ScContext, r: InputReader, key: string): Product {
  const id = r.string(key);
  const product = ctx.state.products.get(id);
  if (!product) throw notFound(`Product ${id} not found in account ${ctx.caller.account}, Region ${ctx.region}.`);
  return product;
}

function readArtifactFields(r: InputReader, key: string): ArtifactFields {
  const p = r.optionalObject(key);
  if (!p || typeof p.Name !== 'string') throw r.invalid(`${key}.Name is required.`);
  return { name: p.Name, description: typeof p.Description === 'string' ? p.Description : undefined };
}

export const productOperations: Record<string, ScOperation> = {
  CreateProduct: (r, ctx) => {
    const product = createProduct(ctx.store, ctx.state, {
      name: r.string('Name'),
      owner: r.string('Owner'),
      description: r.optionalString('Description'),
      distributor: r.optionalString('Distributor'),
      supportEmail: r.optionalString('SupportEmail'),
      supportUrl: r.optionalString('SupportUrl'),
    });
    const artifact = addArtifact(ctx.store, product, readArtifactFields(r, 'ProvisioningArtifactParameters'));
    return {
      ProductViewDetail: { ProductViewSummary: productViewSummary(product, false), Status: 'CREATED', ProductARN: product.arn, CreatedTime: product.createdAt },
      ProvisioningArtifactDetail: artifactDetail(artifact),
      Tags: r.list('Tags'),
    };
  },
  CreateProvisioningArtifact: (r, ctx) => {
    const product = ownProduct(ctx, r, 'ProductId');
    const artifact = addArtifact(ctx.store, product, readArtifactFields(r, 'Parameters'));
    return { ProvisioningArtifactDetail: artifactDetail(artifact), Info: {}, Status: 'AVAILABLE' };
  },
  UpdateProvisioningArtifact: (r, ctx) => {
    const product = ownProduct(ctx, r, 'ProductId');
    const artifact = resolveArtifact(r, product, 'ProvisioningArtifactId', 'ProvisioningArtifactName');
    const active = r.optionalBoolean('Active');
    const guidance = r.optionalString('Guidance');
    if (guidance !== undefined && guidance !== 'DEFAULT' && guidance !== 'DEPRECATED') throw r.invalid(`Guidance must be DEFAULT or DEPRECATED, got ${guidance}`);
    if (active !== undefined) artifact.active = active;
    if (guidance !== undefined) artifact.guidance = guidance;
    const name = r.optionalString('Name');
    if (name !== undefined) artifact.name = name;
    return { ProvisioningArtifactDetail: artifactDetail(artifact), Info: {}, Status: 'AVAILABLE' };
  },
  ListProvisioningArtifacts: (r, ctx) => {
    const { product } = resolveProduct(ctx, r, 'ProductId', 'ProductName');
    return { ProvisioningArtifactDetails: [...product.artifacts.values()].map(artifactDetail) };
  },
  DescribeProvisioningArtifact: (r, ctx) => {
    const { product } = resolveProduct(ctx, r, 'ProductId', 'ProductName');
    const artifact = resolveArtifact(r, product, 'ProvisioningArtifactId', 'ProvisioningArtifactName');
    return { ProvisioningArtifactDetail: artifactDetail(artifact), Info: {}, Status: 'AVAILABLE' };
  },
  DescribeProductAsAdmin: (r, ctx) => {
    const { product, portfolios } = resolveProduct(ctx, r, 'Id', 'Name');
    const tagOptions = portfolios.flatMap((v) => [...v.portfolio.tagOptionIds].map((t) => v.home.tagOptions.get(t)!));
    return {
      ProductViewDetail: { ProductViewSummary: productViewSummary(product, portfolios.length === 1), Status: 'CREATED', ProductARN: product.arn, CreatedTime: product.createdAt },
      ProvisioningArtifactSummaries: [...product.artifacts.values()].map((a) => ({ Id: a.id, Name: a.name, Description: a.description, CreatedTime: a.createdAt })),
      Tags: [],
      TagOptions: tagOptions.map((t) => ({ Key: t.key, Value: t.value, Active: t.active, Id: t.id, Owner: t.owner })),
      Budgets: [],
    };
  },
  DescribeProduct: (r, ctx) => {
    // API reference: "Running this operation with administrator access results in a failure. DescribeProductAsAdmin
    // should be used instead." No error code is named; this one is among those the page lists.
    if (ctx.store.iam.getRole(ctx.caller.account, ctx.caller.role)?.administratorAccess) {
      throw invalidParameters(`DescribeProduct with administrator access (${ctx.caller.arn}) fails; use DescribeProductAsAdmin.`);
    }
    const { product } = resolveProduct(ctx, r, 'Id', 'Name');
    const paths = launchPaths(ctx.store, ctx.state, product.id, ctx.caller);
    if (paths.length === 0) throw notFound(`Product ${product.id} has no launch path for ${ctx.caller.arn}.`);
    return {
      ProductViewSummary: productViewSummary(product, paths.length === 1),
      ProvisioningArtifacts: [...product.artifacts.values()]
        .filter((a) => a.active)
        .map((a) => ({ Id: a.id, Name: a.name, Description: a.description, CreatedTime: a.createdAt, Guidance: a.guidance })),
      Budgets: [],
      LaunchPaths: paths.map((v) => ({ Id: pathIdOf(v.portfolio.id), Name: v.portfolio.displayName })),
    };
  },
  /**
   * Administrator view (SearchProductsAsAdmin): the caller's own products, or with PortfolioId those of one
   * portfolio the caller owns. Only the FullTextSearch filter on the name is modelled.
   */
  SearchProductsAsAdmin: (r, ctx) => {
    const filters = r.optionalObject('Filters') ?? {};
    const text = Array.isArray(filters.FullTextSearch) ? String(filters.FullTextSearch[0] ?? '').toLowerCase() : '';
    const portfolioId = r.optionalString('PortfolioId');
    let products = [...ctx.state.products.values()];
    if (portfolioId !== undefined) {
      const portfolio = ctx.state.portfolios.get(portfolioId);
      if (!portfolio) throw notFound(`Portfolio ${portfolioId} not found in account ${ctx.caller.account}, Region ${ctx.region}.`);
      products = [...portfolio.productIds].map((id) => ctx.state.products.get(id)).filter((p): p is Product => p !== undefined);
    }
    products = products.filter((p) => p.name.toLowerCase().includes(text));
    const page = paginate(products, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `SearchProductsAsAdmin:${portfolioId ?? ''}:${text}` });
    return {
      ProductViewDetails: page.items.map((p) => ({ ProductViewSummary: productViewSummary(p, false), Status: 'CREATED', ProductARN: p.arn, CreatedTime: p.createdAt })),
      NextPageToken: page.nextToken,
    };
  },
  SearchProducts: (r, ctx) => {
    const filters = r.optionalObject('Filters') ?? {};
    const text = Array.isArray(filters.FullTextSearch) ? String(filters.FullTextSearch[0] ?? '').toLowerCase() : '';
    const seen = new Map<string, { product: Product; paths: number }>();
    for (const v of visiblePortfolios(ctx.store, ctx.state)) {
      for (const productId of v.portfolio.productIds) {
        if (seen.has(productId)) continue;
        const paths = launchPaths(ctx.store, ctx.state, productId, ctx.caller).length;
        const product = v.home.products.get(productId)!;
        if (paths > 0 && product.name.toLowerCase().includes(text)) seen.set(productId, { product, paths });
      }
    }
    const page = paginate([...seen.values()], r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `SearchProducts:${text}` });
    return { ProductViewSummaries: page.items.map((e) => productViewSummary(e.product, e.paths === 1)), ProductViewAggregations: {}, NextPageToken: page.nextToken };
  },
  ListLaunchPaths: (r, ctx) => {
    const productId = r.string('ProductId');
    if (!ctx.store.productById(productId)) throw notFound(`Product ${productId} not found.`);
    const paths = launchPaths(ctx.store, ctx.state, productId, ctx.caller);
    const page = paginate(paths, r.raw('PageToken'), r.raw('PageSize'), { ...SC_PAGE, scope: `ListLaunchPaths:${productId}` });
    return { LaunchPathSummaries: page.items.map((v) => launchPathSummary(v, productId)), NextPageToken: page.nextToken };
  },
  DescribeProvisioningParameters: (r, ctx) => {
    const { product } = resolveProduct(ctx, r, 'ProductId', 'ProductName');
    const artifact = resolveArtifact(r, product, 'ProvisioningArtifactId', 'ProvisioningArtifactName');
    const paths = launchPaths(ctx.store, ctx.state, product.id, ctx.caller);
    if (paths.length === 0) throw invalidParameters(`No launch paths found for resource: ${product.id}`);
    const tagOptions = new Map<string, string[]>();
    for (const v of paths) {
      for (const t of v.portfolio.tagOptionIds) {
        const option = v.home.tagOptions.get(t)!;
        tagOptions.set(option.key, [...(tagOptions.get(option.key) ?? []), option.value]);
      }
    }
    return {
      ProvisioningArtifactParameters: (artifact.parameters ?? []).map((p) => ({ ParameterKey: p.key, DefaultValue: p.defaultValue, Description: p.description, IsNoEcho: p.isNoEcho ?? false, ParameterType: 'String' })),
      ConstraintSummaries: paths.flatMap((v) => launchPathSummary(v, product.id).ConstraintSummaries),
      UsageInstructions: [],
      TagOptions: [...tagOptions].map(([Key, Values]) => ({ Key, Values })),
      ProvisioningArtifactPreferences: {},
      ProvisioningArtifactOutputs: [],
      ProvisioningArtifactOutputKeys: [],
    };
  },
};

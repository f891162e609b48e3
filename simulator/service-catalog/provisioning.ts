import { AwsApiError, duplicateResource, invalidParameters, notFound } from '../core/errors';
import type { InputReader } from '../transport/input';
import { launchPaths, pathIdOf, portfolioIdOfPath, type VisiblePortfolio } from './access';
import type { ScContext, ScOperation } from './context';
import { checkTagOptions, launchRole, readTags, resolveParameters } from './launch-checks';
import type { Product, ProvisionedProduct, ProvisioningArtifact, RecordOutcome } from './model';
import { resolveArtifact, resolveProduct } from './products';
import { recordDetail, startRecord } from './records';

type ParameterInput = { Key?: string; Value?: string; UsePreviousValue?: boolean };

/** PathId / PathName, or the only launch path; more than one path and none chosen is an error, as in AWS. */
function choosePath(r: InputReader, ctx: ScContext, product: Product, current?: string): VisiblePortfolio {
  const paths = launchPaths(ctx.store, ctx.state, product.id, ctx.caller);
  if (paths.length === 0) throw invalidParameters(`No launch paths found for resource: ${product.id}`);
  const pathId = r.optionalString('PathId') ?? current;
  const pathName = r.optionalString('PathName');
  if (pathId !== undefined) {
    const chosen = paths.find((v) => v.portfolio.id === portfolioIdOfPath(pathId));
    if (!chosen) throw invalidParameters(`Launch path ${pathId} is not available to ${ctx.caller.arn} for product ${product.id}.`);
    return chosen;
  }
  if (pathName !== undefined) {
    const chosen = paths.find((v) => v.portfolio.displayName === pathName);
    if (!chosen) throw invalidParameters(`Launch path ${pathName} is not available for product ${product.id}.`);
    return chosen;
  }
  if (paths.length > 1) throw invalidParameters(`Product ${product.id} has ${paths.length} launch paths; specify PathId.`);
  return paths[0];
}

/** The record's end state: launch-role and parameter problems fail it, then any test hook. */
function decideOutcome(
  ctx: ScContext,
  product: Product,
  problems: Array<string | undefined>,
  kind: 'provision' | 'update',
): RecordOutcome {
  const failedStatus = kind === 'provision' ? 'ERROR' : 'TAINTED';
  const problem = problems.find((p) => p !== undefined);
  if (problem) return { status: 'FAILED', message: problem, productStatus: failedStatus };
  const hook = ctx.store.takeFailHook(ctx.caller.account, ctx.region, product.name);
  if (hook) return { status: 'FAILED', message: hook.message, productStatus: hook.status === 'TAINTED' ? 'TAINTED' : failedStatus };
  return { status: 'SUCCEEDED', productStatus: 'AVAILABLE' };
}

function requireActive(artifact: ProvisioningArtifact, product: Product): void {
  if (!artifact.active) throw invalidParameters(`Provisioning artifact ${artifact.id} (${artifact.name}) of product ${product.id} is not active.`);
}

/**
 * "Users are able to make updates to a provisioned product of a deprecated version but cannot launch new provisioned
 * products using a deprecated version" (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_UpdateProvisioningArtifact.html).
 */
function requireLaunchable(artifact: ProvisioningArtifact, product: Product): void {
  if (artifact.guidance === 'DEPRECATED') {
    throw invalidParameters(`Provisioning artifact ${artifact.id} (${artifact.name}) of product ${product.id} is deprecated: it cannot launch new provisioned products.`);
  }
}

function findProvisioned(r: InputReader, ctx: ScContext, idKey: string, nameKey: string): ProvisionedProduct {
  const id = r.optionalString(idKey);
  const name = r.optionalString(nameKey);
  if ((id === undefined) === (name === undefined)) throw r.invalid(`Provide exactly one of ${idKey} or ${nameKey}.`);
  const resolvedId = id ?? ctx.state.provisionedByName.get(name!);
  const product = resolvedId ? ctx.state.provisioned.get(resolvedId) : undefined;
  if (!product) throw notFound(`Provisioned product ${id ?? name} not found in account ${ctx.caller.account}, Region ${ctx.region}.`);
  return product;
}

/**
 * A product whose record is still running takes no other request. AWS names no error code for this; the simulator
 * answers with one each API reference lists: InvalidParametersException for UpdateProvisionedProduct, and the common
 * ValidationError for TerminateProvisionedProduct, whose page lists ResourceNotFoundException only.
 */
function assertNotChanging(product: ProvisionedProduct, operation: 'update' | 'terminate'): void {
  if (product.status === 'UNDER_CHANGE' || product.status === 'PLAN_IN_PROGRESS') {
    const message = `Provisioned product ${product.id} is ${product.status}; wait for its current record (${product.lastRecordId}) to finish.`;
    throw operation === 'update' ? invalidParameters(message) : new AwsApiError('ValidationError', message);
  }
}

/**
 * Same idempotency token → the record the first request created, and nothing new. AWS states no retention period,
 * so the simulator keeps every token for good: the strictest reading for a caller that reuses one.
 */
function replay(ctx: ScContext, token: string) {
  const recordId = ctx.state.tokens.get(token);
  return recordId ? { RecordDetail: recordDetail(ctx.store, ctx.state.records.get(recordId)!) } : undefined;
}

export const provisioningOperations: Record<string, ScOperation> = {
  ProvisionProduct: (r, ctx) => {
    const token = r.string('ProvisionToken');
    const replayed = replay(ctx, token);
    if (replayed) return replayed;
    const { product } = resolveProduct(ctx, r, 'ProductId', 'ProductName');
    const artifact = resolveArtifact(r, product, 'ProvisioningArtifactId', 'ProvisioningArtifactName');
    requireActive(artifact, product);
    requireLaunchable(artifact, product);
    const path = choosePath(r, ctx, product);
    const name = r.string('ProvisionedProductName');
    if (ctx.state.provisionedByName.has(name)) {
      throw duplicateResource(`A provisioned product named ${name} already exists in account ${ctx.caller.account}, Region ${ctx.region}.`);
    }
    const tags = readTags(r);
    checkTagOptions(ctx.store, ctx.state, path, tags);
    const parameters = resolveParameters(artifact, r.list<ParameterInput>('ProvisioningParameters'));
    const role = launchRole(ctx.store, ctx.state, path, product.id);
    const outcome = decideOutcome(ctx, product, [role.problem, parameters.problem], 'provision');

    const { store, state } = ctx;
    const id = store.newId('pp');
    const provisioned: ProvisionedProduct = {
      id,
      arn: `arn:${ctx.partition}:servicecatalog:${ctx.region}:${ctx.caller.account}:stack/${name}/${id}`,
      name,
      status: 'UNDER_CHANGE',
      createdAt: store.clock.date(),
      productId: product.id,
      productName: product.name,
      artifactId: artifact.id,
      artifactName: artifact.name,
      pathId: pathIdOf(path.portfolio.id),
      parameters: parameters.values,
      tags,
      idempotencyToken: token,
      lastRecordId: '',
      lastProvisioningRecordId: '',
      physicalId: `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.caller.account}:stack/SC-${ctx.caller.account}-${id}/${store.newId('stack', 12)}`,
      userArn: ctx.caller.arn,
      userArnSession: ctx.caller.arn,
      launchRoleArn: role.arn,
      terminated: false,
    };
    state.provisioned.set(id, provisioned);
    state.provisionedByName.set(name, id);
    const record = startRecord(store, state, provisioned, {
      type: 'PROVISION_PRODUCT', token, outcome, productId: product.id, artifactId: artifact.id, pathId: provisioned.pathId, tags, launchRoleArn: role.arn,
      userArn: ctx.caller.arn,
    });
    return { RecordDetail: recordDetail(store, record) };
  },

  UpdateProvisionedProduct: (r, ctx) => {
    const token = r.string('UpdateToken');
    const replayed = replay(ctx, token);
    if (replayed) return replayed;
    const provisioned = findProvisioned(r, ctx, 'ProvisionedProductId', 'ProvisionedProductName');
    assertNotChanging(provisioned, 'update');
    const hasProduct = r.optionalString('ProductId') !== undefined || r.optionalString('ProductName') !== undefined;
    const product = hasProduct ? resolveProduct(ctx, r, 'ProductId', 'ProductName').product : ctx.store.productById(provisioned.productId)?.product;
    if (!product) throw notFound(`Product ${provisioned.productId} of provisioned product ${provisioned.id} no longer exists.`);
    const hasArtifact = r.optionalString('ProvisioningArtifactId') !== undefined || r.optionalString('ProvisioningArtifactName') !== undefined;
    const artifact = hasArtifact ? resolveArtifact(r, product, 'ProvisioningArtifactId', 'ProvisioningArtifactName') : product.artifacts.get(provisioned.artifactId);
    if (!artifact) throw notFound(`Provisioning artifact ${provisioned.artifactId} no longer exists.`);
    requireActive(artifact, product);
    const path = choosePath(r, ctx, product, provisioned.pathId);
    const tagsGiven = r.list('Tags').length > 0;
    const tags = tagsGiven ? readTags(r) : undefined;
    if (tags) checkTagOptions(ctx.store, ctx.state, path, tags);
    const parameters = resolveParameters(artifact, r.list<ParameterInput>('ProvisioningParameters'), provisioned.parameters);
    const role = launchRole(ctx.store, ctx.state, path, product.id);
    // CloudFormation refuses to update a stack whose creation rolled back.
    const stackProblem = provisioned.status === 'ERROR' ? `Stack ${provisioned.physicalId} is in ROLLBACK_COMPLETE state and can not be updated.` : undefined;
    const outcome = decideOutcome(ctx, product, [stackProblem, role.problem, parameters.problem], 'update');
    if (stackProblem) outcome.productStatus = 'ERROR';
    outcome.apply = {
      artifactId: artifact.id, artifactName: artifact.name, productId: product.id, productName: product.name,
      pathId: pathIdOf(path.portfolio.id), parameters: parameters.values, ...(tags ? { tags } : {}),
    };
    const record = startRecord(ctx.store, ctx.state, provisioned, {
      type: 'UPDATE_PROVISIONED_PRODUCT', token, outcome, productId: product.id, artifactId: artifact.id, pathId: outcome.apply.pathId, tags: tags ?? provisioned.tags, launchRoleArn: role.arn,
      userArn: ctx.caller.arn,
    });
    return { RecordDetail: recordDetail(ctx.store, record) };
  },

  TerminateProvisionedProduct: (r, ctx) => {
    const token = r.string('TerminateToken');
    // API reference (TerminateToken): "This token is only valid during the termination process. After the provisioned
    // product is terminated, subsequent requests to terminate the same provisioned product always return
    // ResourceNotFound." So a known token replays only while its product still exists.
    const replayed = replay(ctx, token);
    if (replayed && ctx.state.provisioned.has(replayed.RecordDetail.ProvisionedProductId)) return replayed;
    const provisioned = findProvisioned(r, ctx, 'ProvisionedProductId', 'ProvisionedProductName');
    assertNotChanging(provisioned, 'terminate');
    const record = startRecord(ctx.store, ctx.state, provisioned, {
      type: 'TERMINATE_PROVISIONED_PRODUCT',
      token,
      outcome: { status: 'SUCCEEDED', productStatus: 'AVAILABLE' },
      productId: provisioned.productId,
      artifactId: provisioned.artifactId,
      pathId: provisioned.pathId,
      tags: provisioned.tags,
      launchRoleArn: provisioned.launchRoleArn,
      userArn: ctx.caller.arn,
    });
    return { RecordDetail: recordDetail(ctx.store, record) };
  },
};

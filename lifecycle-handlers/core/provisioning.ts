/**
 * One planned action against Service Catalog in one account and Region: provision, update or terminate with a
 * deterministic idempotency token, then poll DescribeRecord (with the injected sleep) until the record reaches a
 * final state. Never throws: every failure becomes an `ItemResult` with the reason, so one item cannot stop others.
 */
import {
  DescribeProvisionedProductCommand,
  DescribeRecordCommand,
  ListRecordHistoryCommand,
  ProvisionProductCommand,
  type RecordDetail,
  ResourceNotFoundException,
  type ServiceCatalogClient,
  TerminateProvisionedProductCommand,
  UpdateProvisionedProductCommand,
} from '@aws-sdk/client-service-catalog';
import { findProduct } from '../../products/registry';
import { idempotencyToken } from './identity';
import type { LaunchTarget } from './launch-target';
import { lifecycleTags } from './parameter-tags';
import type { ItemResult, Outcome, PlannedAction } from './types';

export interface PollingOptions {
  /** Wait between DescribeRecord calls. */
  readonly intervalMs: number;
  /** Give up waiting (the record keeps running; the next delivery sees UNDER_CHANGE and then the outcome). */
  readonly maxWaitMs: number;
}

export const DEFAULT_POLLING: PollingOptions = { intervalMs: 10_000, maxWaitMs: 30 * 60_000 };

export interface ProvisioningContext {
  readonly client: ServiceCatalogClient;
  /** Needed for provision and update; terminate works on the provisioned product ID alone. */
  readonly launchTarget?: LaunchTarget;
  readonly sleep: (ms: number) => Promise<void>;
  readonly polling: PollingOptions;
}

/**
 * SUCCEEDED and FAILED end a record. IN_PROGRESS_IN_ERROR already means failure, but CloudFormation is still
 * rolling back: waiting for FAILED lets the result say what state the product was left in (TAINTED or ERROR).
 */
const FINAL = new Set(['SUCCEEDED', 'FAILED']);
const FAILED = new Set(['FAILED', 'IN_PROGRESS_IN_ERROR']);

const SUCCESS_OUTCOME: Record<Exclude<PlannedAction['kind'], 'skip'>, Outcome> = {
  provision: 'provisioned',
  update: 'updated',
  terminate: 'terminated',
};

export function resultOf(action: PlannedAction, outcome: Outcome, reason: string, recordId?: string): ItemResult {
  return {
    accountId: action.accountId,
    region: action.region,
    productId: action.productId,
    provisionedProductName: action.provisionedProductName,
    action: action.kind,
    outcome,
    reason,
    ...(action.version ? { version: action.version } : {}),
    parameterDiff: action.parameterDiff,
    ...(recordId ? { recordId } : {}),
    ...(action.held ? { held: true as const } : {}),
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function toProvisioningParameters(action: PlannedAction) {
  return Object.entries(action.parameters ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

function tokenFor(action: PlannedAction, operation: 'provision' | 'update' | 'terminate'): string {
  return idempotencyToken({
    operation,
    accountId: action.accountId,
    region: action.region,
    productId: action.productId,
    version: action.version ?? '',
    parameters: action.parameters ?? {},
    ...(action.provisionedProductId ? { provisionedProductId: action.provisionedProductId } : {}),
    ...(action.lastRecordId ? { lastRecordId: action.lastRecordId } : {}),
  });
}

async function launchIds(action: PlannedAction, ctx: ProvisioningContext) {
  const product = findProduct(action.productId);
  if (!product) throw new Error(`product ${action.productId} is not in this package's registry`);
  if (!ctx.launchTarget) throw new Error('no launch target was prepared for this Region');
  if (!action.version) throw new Error(`no version planned for ${action.productId}`);
  return ctx.launchTarget.resolve(product.id, action.version);
}

/** Terminates a provisioned product in ERROR before it is provisioned again under the same name. */
async function removeBroken(action: PlannedAction, ctx: ProvisioningContext): Promise<void> {
  const { RecordDetail: started } = await ctx.client.send(
    new TerminateProvisionedProductCommand({
      ProvisionedProductId: action.provisionedProductId,
      TerminateToken: tokenFor(action, 'terminate'),
    }),
  );
  const record = started?.RecordId ? await waitForRecord(started.RecordId, ctx) : undefined;
  if (record?.Status !== 'SUCCEEDED') {
    const errors = (record?.RecordErrors ?? []).map((e) => e.Description ?? e.Code).join('; ');
    throw new Error(`the broken product could not be terminated before replacing it (${record?.Status ?? 'no record'}${errors ? `: ${errors}` : ''})`);
  }
}

/**
 * The newest record that terminated an earlier product of this name (ListRecordHistory returns the records of
 * terminated products too), or undefined when there was none.
 */
async function newestTerminateRecord(client: ServiceCatalogClient, productId: string, name: string): Promise<string | undefined> {
  let newest: RecordDetail | undefined;
  let PageToken: string | undefined;
  do {
    const page = await client.send(
      new ListRecordHistoryCommand({
        // Account level: an earlier generation may have been launched or terminated by another principal.
        AccessLevelFilter: { Key: 'Account', Value: 'self' },
        SearchFilter: { Key: 'product', Value: productId },
        PageToken,
      }),
    );
    for (const record of page.RecordDetails ?? []) {
      const ended = record.RecordType === 'TERMINATE_PROVISIONED_PRODUCT' && record.Status === 'SUCCEEDED';
      if (!ended || !record.RecordId || record.ProvisionedProductName !== name) continue;
      const later = (record.CreatedTime?.getTime() ?? 0) - (newest?.CreatedTime?.getTime() ?? 0);
      if (!newest || later > 0 || (later === 0 && record.RecordId > (newest.RecordId ?? ''))) newest = record;
    }
    PageToken = page.NextPageToken || undefined;
  } while (PageToken);
  return newest?.RecordId;
}

/**
 * A new request starts a new record; a record that has already ended came back for a token Service Catalog
 * remembers. That is the expected answer to a redelivery, unless its product no longer exists: then the token is an
 * earlier generation's and nothing was provisioned now.
 */
async function assertNotStale(ctx: ProvisioningContext, record: RecordDetail | undefined): Promise<void> {
  if (!record?.ProvisionedProductId || !record.Status || !FINAL.has(record.Status)) return;
  try {
    await ctx.client.send(new DescribeProvisionedProductCommand({ Id: record.ProvisionedProductId }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(
      `Service Catalog answered with record ${record.RecordId ?? 'unknown'} of product ${record.ProvisionedProductId}, ` +
        'which no longer exists (a replayed request); nothing was provisioned',
    );
  }
}

/**
 * A ProvisionToken "uniquely identifies the provisioning request" (ProvisionProduct API reference) and AWS states no
 * time after which one may be reused, so a product terminated and provisioned again needs a new one. The token
 * therefore also hashes the newest terminate record of this name: the same for concurrent deliveries of one
 * generation (so they still converge on one product), different after every terminate. Should AWS still answer with
 * an earlier generation's record (say its record history was gone), the item fails with that reason, never
 * "provisioned".
 */
async function provision(action: PlannedAction, ctx: ProvisioningContext): Promise<RecordDetail | undefined> {
  const ids = await launchIds(action, ctx);
  if (action.provisionedProductId) await removeBroken(action, ctx);
  const newestTerminate = await newestTerminateRecord(ctx.client, ids.productId, action.provisionedProductName);
  const generation = { ...action, ...(newestTerminate ? { lastRecordId: newestTerminate } : {}) };
  const response = await ctx.client.send(
    new ProvisionProductCommand({
      ProductId: ids.productId,
      PathId: ids.pathId,
      ProvisioningArtifactId: ids.provisioningArtifactId,
      ProvisionedProductName: action.provisionedProductName,
      ProvisioningParameters: toProvisioningParameters(action),
      ProvisionToken: tokenFor(generation, 'provision'),
      Tags: lifecycleTags(action.parameters ?? {}),
    }),
  );
  await assertNotStale(ctx, response.RecordDetail);
  return response.RecordDetail;
}

async function start(action: PlannedAction, ctx: ProvisioningContext): Promise<RecordDetail | undefined> {
  switch (action.kind) {
    case 'provision':
      return provision(action, ctx);
    case 'update': {
      const ids = await launchIds(action, ctx);
      const response = await ctx.client.send(
        new UpdateProvisionedProductCommand({
          ProvisionedProductId: action.provisionedProductId,
          ProductId: ids.productId,
          PathId: ids.pathId,
          ProvisioningArtifactId: ids.provisioningArtifactId,
          ProvisioningParameters: toProvisioningParameters(action),
          UpdateToken: tokenFor(action, 'update'),
          Tags: lifecycleTags(action.parameters ?? {}),
        }),
      );
      return response.RecordDetail;
    }
    case 'terminate': {
      const response = await ctx.client.send(
        new TerminateProvisionedProductCommand({
          ProvisionedProductId: action.provisionedProductId,
          TerminateToken: tokenFor(action, 'terminate'),
        }),
      );
      return response.RecordDetail;
    }
    case 'skip':
      return undefined;
  }
}

async function waitForRecord(recordId: string, ctx: ProvisioningContext): Promise<RecordDetail | undefined> {
  let waited = 0;
  for (;;) {
    const { RecordDetail: record } = await ctx.client.send(new DescribeRecordCommand({ Id: recordId }));
    if (record?.Status && FINAL.has(record.Status)) return record;
    if (waited >= ctx.polling.maxWaitMs) return record;
    await ctx.sleep(ctx.polling.intervalMs);
    waited += ctx.polling.intervalMs;
  }
}

/** After a failed record: a failed update leaves the product TAINTED (old version still running), say so. */
async function statusAfterFailure(ctx: ProvisioningContext, provisionedProductId: string | undefined) {
  if (!provisionedProductId) return '';
  try {
    const described = await ctx.client.send(new DescribeProvisionedProductCommand({ Id: provisionedProductId }));
    const status = described.ProvisionedProductDetail?.Status;
    if (status === 'TAINTED') {
      return '; the product is now TAINTED (the previous version keeps running) and the next delivery re-applies it';
    }
    return status ? `; the product is now ${status}` : '';
  } catch (error) {
    return `; its status could not be read (${describeError(error)})`;
  }
}

export async function runAction(action: PlannedAction, ctx: ProvisioningContext): Promise<ItemResult> {
  if (action.kind === 'skip') return resultOf(action, 'skipped', action.reason);
  try {
    const started = await start(action, ctx);
    if (!started?.RecordId) return resultOf(action, 'failed', `${action.kind} returned no record to follow`);
    const record = await waitForRecord(started.RecordId, ctx);
    const status = record?.Status ?? 'unknown';
    if (status === 'SUCCEEDED') return resultOf(action, SUCCESS_OUTCOME[action.kind], action.reason, started.RecordId);
    if (!FAILED.has(status)) {
      const reason = `record ${started.RecordId} still ${status} after ${ctx.polling.maxWaitMs} ms; the next delivery sees its outcome`;
      return resultOf(action, 'failed', reason, started.RecordId);
    }
    const rollingBack = status === 'IN_PROGRESS_IN_ERROR' ? ' (rollback still running when the wait ended)' : '';
    const errors = (record?.RecordErrors ?? []).map((e) => e.Description ?? e.Code).filter(Boolean);
    const after = await statusAfterFailure(ctx, record?.ProvisionedProductId ?? action.provisionedProductId);
    const reason = `${action.kind} ${status}${rollingBack}${errors.length > 0 ? `: ${errors.join('; ')}` : ''}${after}`;
    return resultOf(action, 'failed', reason, started.RecordId);
  } catch (error) {
    return resultOf(action, 'failed', `${action.kind} failed: ${describeError(error)}`);
  }
}

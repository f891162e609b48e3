/**
 * One planned action against Service Catalog in one account and Region: provision, update or terminate with a
 * deterministic idempotency token, then poll DescribeRecord (with the injected sleep) until the record reaches a
 * final state, or until the run must stop waiting (its deadline): then the item is `pending`, never done. Never
 * throws: every failure becomes an `ItemResult` with the reason, so one item cannot stop others.
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
import { describeError } from './errors';
import { idempotencyToken } from './identity';
import type { LaunchTarget } from './launch-target';
import { lifecycleTags } from './parameter-tags';
import { resultOf } from './results';
import type { ItemResult, Outcome, PlannedAction } from './types';

export interface PollingOptions {
  /** Wait between DescribeRecord calls. */
  readonly intervalMs: number;
  /** Stop waiting (the record keeps running; the item is pending and the next delivery waits for it again). */
  readonly maxWaitMs: number;
}

export const DEFAULT_POLLING: PollingOptions = { intervalMs: 10_000, maxWaitMs: 30 * 60_000 };

export interface ProvisioningContext {
  readonly client: ServiceCatalogClient;
  /** Needed for provision and update; terminate works on the provisioned product ID alone. */
  readonly launchTarget?: LaunchTarget;
  readonly sleep: (ms: number) => Promise<void>;
  readonly polling: PollingOptions;
  /** True once the run must stop waiting (a Lambda near its deadline): records still running leave items pending. */
  readonly shouldStop?: () => boolean;
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

/** What a record of each type did (DescribeRecord `RecordType`). */
const RECORD_KIND: Record<string, Exclude<PlannedAction['kind'], 'skip'>> = {
  PROVISION_PRODUCT: 'provision',
  UPDATE_PROVISIONED_PRODUCT: 'update',
  TERMINATE_PROVISIONED_PRODUCT: 'terminate',
};

/** A record that was still running when the run had to stop waiting. */
class StillRunning extends Error {
  constructor(readonly recordId: string, readonly status: string) {
    super(`record ${recordId} still ${status}`);
  }
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

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
  if (started?.RecordId && record?.Status && !FINAL.has(record.Status)) throw new StillRunning(started.RecordId, record.Status);
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

/** One look at the record; a look refused for throttling (after the client's retries) is simply a look missed. */
async function describeRecord(recordId: string, ctx: ProvisioningContext, last: RecordDetail | undefined): Promise<RecordDetail | undefined> {
  try {
    return (await ctx.client.send(new DescribeRecordCommand({ Id: recordId }))).RecordDetail;
  } catch (error) {
    if (error instanceof Error && THROTTLING.has(error.name)) return last ?? { RecordId: recordId, Status: 'IN_PROGRESS' };
    throw error;
  }
}

/**
 * Polls until the record ends, or until the run must stop waiting (then the record is returned as it is). Items of
 * one account and Region are polled at the same time, so a throttled look is skipped, not fatal: the next one
 * comes an interval later.
 */
async function waitForRecord(recordId: string, ctx: ProvisioningContext): Promise<RecordDetail | undefined> {
  let waited = 0;
  let record: RecordDetail | undefined;
  for (;;) {
    record = await describeRecord(recordId, ctx, record);
    if (record?.Status && FINAL.has(record.Status)) return record;
    if (waited >= ctx.polling.maxWaitMs || ctx.shouldStop?.()) return record;
    await ctx.sleep(ctx.polling.intervalMs);
    waited += ctx.polling.intervalMs;
    if (ctx.shouldStop?.()) return record;
  }
}

function stillRunningReason(recordId: string, status: string): string {
  return `record ${recordId} still ${status} when this run stopped waiting; the next delivery waits for it again`;
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

/** The result of a record that has ended, or is left running when the run stops waiting. */
async function resultOfRecord(
  action: PlannedAction,
  kind: Exclude<PlannedAction['kind'], 'skip'>,
  recordId: string,
  record: RecordDetail | undefined,
  ctx: ProvisioningContext,
  reason: string,
): Promise<ItemResult> {
  const status = record?.Status ?? 'unknown';
  const as = { ...action, kind };
  if (status === 'SUCCEEDED') return resultOf(as, SUCCESS_OUTCOME[kind], reason, recordId);
  if (!FINAL.has(status) && !FAILED.has(status)) return resultOf(as, 'pending', stillRunningReason(recordId, status), recordId);
  const rollingBack = status === 'IN_PROGRESS_IN_ERROR' ? ' (rollback still running when the wait ended)' : '';
  const errors = (record?.RecordErrors ?? []).map((e) => e.Description ?? e.Code).filter(Boolean);
  const after = await statusAfterFailure(ctx, record?.ProvisionedProductId ?? action.provisionedProductId);
  return resultOf(as, 'failed', `${kind} ${status}${rollingBack}${errors.length > 0 ? `: ${errors.join('; ')}` : ''}${after}`, recordId);
}

export async function runAction(action: PlannedAction, ctx: ProvisioningContext): Promise<ItemResult> {
  if (action.kind === 'skip') return resultOf(action, 'skipped', action.reason);
  try {
    const started = await start(action, ctx);
    if (!started?.RecordId) return resultOf(action, 'failed', `${action.kind} returned no record to follow`);
    const record = await waitForRecord(started.RecordId, ctx);
    return await resultOfRecord(action, action.kind, started.RecordId, record, ctx, action.reason);
  } catch (error) {
    if (error instanceof StillRunning) return resultOf(action, 'pending', stillRunningReason(error.recordId, error.status), error.recordId);
    // A throttled call the retry strategy stopped retrying because the run is out of time: not started, not failed.
    if (ctx.shouldStop?.() && error instanceof Error && THROTTLING.has(error.name)) {
      return resultOf(action, 'pending', `not started before this run's deadline (${error.name}); the next delivery starts it`);
    }
    return resultOf(action, 'failed', `${action.kind} failed: ${describeError(error)}`);
  }
}

/**
 * An item whose record an earlier delivery started (`inProgress`): waits for that record, and reports what it did.
 * Its outcome is the record's, so an item handed on from one delivery to the next is reported once, when it ends.
 */
export async function awaitRecord(action: PlannedAction, ctx: ProvisioningContext): Promise<ItemResult> {
  const recordId = action.lastRecordId;
  if (!recordId) return resultOf(action, 'skipped', action.reason);
  try {
    const record = await waitForRecord(recordId, ctx);
    const kind = RECORD_KIND[record?.RecordType ?? ''];
    if (!kind) return resultOf(action, 'skipped', `${action.reason} (record ${recordId} is of type ${record?.RecordType ?? 'unknown'})`, recordId);
    return await resultOfRecord(action, kind, recordId, record, ctx, `the ${kind} an earlier delivery started (record ${recordId}) ended`);
  } catch (error) {
    return resultOf(action, 'failed', `waiting for record ${recordId} failed: ${describeError(error)}`, recordId);
  }
}

import type { ProvisionedProduct, ProvisioningRecord, RecordOutcome, RecordType, ScRegionState, Tag } from './model';
import type { ScStore } from './store';

/** Creates a record whose status moves CREATED → IN_PROGRESS → outcome over virtual time. */
export function startRecord(
  store: ScStore,
  state: ScRegionState,
  product: ProvisionedProduct,
  fields: {
    type: RecordType;
    token: string;
    outcome: RecordOutcome;
    productId: string;
    artifactId: string;
    pathId: string;
    tags: Tag[];
    launchRoleArn?: string;
    userArn: string;
  },
): ProvisioningRecord {
  const now = store.clock.now();
  const record: ProvisioningRecord = {
    id: store.newId('rec'),
    type: fields.type,
    provisionedProductId: product.id,
    provisionedProductName: product.name,
    productId: fields.productId,
    artifactId: fields.artifactId,
    pathId: fields.pathId,
    createdAt: now,
    inProgressAt: now + store.timing.recordInProgressAfterMs,
    finishedAt: now + store.timing.recordCompletesAfterMs,
    outcome: fields.outcome,
    settled: false,
    tags: fields.tags,
    launchRoleArn: fields.launchRoleArn,
    userArn: fields.userArn,
  };
  state.records.set(record.id, record);
  state.pendingRecords.add(record.id);
  state.tokens.set(fields.token, record.id);
  product.status = 'UNDER_CHANGE';
  product.statusMessage = undefined;
  product.lastRecordId = record.id;
  product.idempotencyToken = fields.token;
  if (fields.type !== 'TERMINATE_PROVISIONED_PRODUCT') product.lastProvisioningRecordId = record.id;
  return record;
}

export function recordStatus(store: ScStore, record: ProvisioningRecord): string {
  const now = store.clock.now();
  if (now < record.inProgressAt) return 'CREATED';
  if (now < record.finishedAt) {
    // A failing stack spends the second half of its run rolling back.
    const rollingBack = record.outcome.status === 'FAILED' && now >= (record.inProgressAt + record.finishedAt) / 2;
    return rollingBack ? 'IN_PROGRESS_IN_ERROR' : 'IN_PROGRESS';
  }
  return record.outcome.status;
}

export function recordDetail(store: ScStore, record: ProvisioningRecord) {
  const status = recordStatus(store, record);
  const failed = status === 'FAILED' || status === 'IN_PROGRESS_IN_ERROR';
  return {
    RecordId: record.id,
    ProvisionedProductName: record.provisionedProductName,
    Status: status,
    CreatedTime: new Date(record.createdAt),
    UpdatedTime: new Date(Math.min(store.clock.now(), record.finishedAt)),
    ProvisionedProductType: 'CFN_STACK',
    RecordType: record.type,
    ProvisionedProductId: record.provisionedProductId,
    ProductId: record.productId,
    ProvisioningArtifactId: record.artifactId,
    PathId: record.pathId,
    RecordErrors: failed && record.outcome.message ? [{ Code: 'StackFailed', Description: record.outcome.message }] : [],
    RecordTags: record.tags,
    LaunchRoleArn: record.launchRoleArn,
  };
}

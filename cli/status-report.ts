/**
 * What is provisioned, account × product × Region, next to what the manifest wants: the provisioned product's
 * status and version, its latest record's status, and whether it matches (read-only: the same assessment the
 * lifecycle plans from, nothing executed).
 */
import { DescribeRecordCommand } from '@aws-sdk/client-service-catalog';
import { assessAccount, type AccountAssessment } from '../lifecycle-handlers/core/account-state';
import { hubCatalogCache } from '../lifecycle-handlers/core/hub-catalog';
import { mapWithConcurrency } from '../lifecycle-handlers/core/concurrency';
import { OrganizationReader } from '../lifecycle-handlers/core/organization';
import { describeError } from '../lifecycle-handlers/core/errors';
import type { LifecycleDeps } from '../lifecycle-handlers/core/reconcile';
import type { AccountContext, ActualItem } from '../lifecycle-handlers/core/types';

export interface StatusRow {
  readonly account: string;
  readonly accountName?: string;
  readonly accountStatus: string;
  readonly access?: string;
  readonly product: string;
  readonly region: string;
  /** The provisioned product's status, or NOT_PROVISIONED / UNREADABLE. */
  readonly status: string;
  readonly version: string | null;
  readonly lastRecordStatus: string | null;
  /** The version the manifest wants here, or null when it wants nothing here. */
  readonly wantedVersion: string | null;
  readonly matchesManifest: boolean;
  /**
   * `ok`: as the manifest wants. `skipped`: deliberately left as it is (a suspended account whose products are
   * retained, a product not offered in the Region, one the lifecycle does not own). `drift`: the lifecycle would
   * provision, update or terminate it (or holds a termination). `unreadable`: its Region could not be read.
   */
  readonly state: 'ok' | 'skipped' | 'drift' | 'unreadable';
  /** Why it does not match (the plan's reason), or "up to date". */
  readonly detail: string;
}

const place = (item: { region: string; productId: string }) => `${item.region}/${item.productId}`;

async function lastRecordStatus(assessment: AccountAssessment, item: ActualItem): Promise<string | null> {
  if (!item.lastRecordId || !assessment.clients) return null;
  try {
    const { RecordDetail } = await assessment.clients.serviceCatalog(item.region).send(new DescribeRecordCommand({ Id: item.lastRecordId }));
    return RecordDetail?.Status ?? null;
  } catch (error) {
    return `unknown (${describeError(error)})`;
  }
}

async function rowsFor(assessment: AccountAssessment): Promise<StatusRow[]> {
  const { account } = assessment;
  const common = {
    account: account.id,
    ...(account.name ? { accountName: account.name } : {}),
    accountStatus: account.status,
    // How it was read: the hub's own credentials, or the roles assumed (absent when it could not be reached).
    ...(assessment.clients ? { access: assessment.clients.path.description } : {}),
  };
  const actual = new Map(assessment.actual.map((a) => [place(a), a]));
  const desired = new Map(assessment.desired.items.map((d) => [place(d), d]));
  const rows: StatusRow[] = [];
  for (const action of assessment.actions) {
    const have = actual.get(place(action));
    const want = desired.get(place(action));
    // A skip on an AVAILABLE product the manifest wants is exactly "up to date" (see core/plan.ts).
    const matches = action.kind === 'skip' && want !== undefined && have?.status === 'AVAILABLE';
    rows.push({
      ...common,
      product: action.productId,
      region: action.region,
      status: have?.status ?? 'NOT_PROVISIONED',
      version: have?.version ?? null,
      lastRecordStatus: have ? await lastRecordStatus(assessment, have) : null,
      wantedVersion: want?.version ?? null,
      matchesManifest: matches,
      state: matches ? 'ok' : action.kind === 'skip' && !action.held ? 'skipped' : 'drift',
      detail: matches ? 'up to date' : action.reason,
    });
  }
  for (const item of assessment.unplanned) {
    const reason = assessment.unreadable.find((u) => u.region === item.region || u.region === undefined)?.reason ?? 'not readable';
    rows.push({
      ...common,
      product: item.productId,
      region: item.region,
      status: 'UNREADABLE',
      version: null,
      lastRecordStatus: null,
      wantedVersion: item.version,
      matchesManifest: false,
      state: 'unreadable',
      detail: reason,
    });
  }
  return rows;
}

export async function statusRows(
  deps: LifecycleDeps,
  options: { accounts?: readonly AccountContext[]; onRead?: (done: number, total: number) => void } = {},
): Promise<StatusRow[]> {
  const accounts = options.accounts ?? (await new OrganizationReader(deps.clients.organizations()).allAccounts());
  let done = 0;
  const registration = await deps.registration?.();
  const hubCatalog = hubCatalogCache((region) => deps.clients.hubServiceCatalog(region), deps.manifest.portfolio.name);
  const perAccount = await mapWithConcurrency(accounts, deps.concurrency?.accounts ?? 8, async (account) => {
    const rows = await rowsFor(await assessAccount(deps.manifest, account, deps.clients, deps.concurrency?.regions ?? 4, hubCatalog, registration));
    options.onRead?.((done += 1), accounts.length);
    return rows;
  });
  return perAccount.flat();
}

/** `falcon-catalog status` as a terminal table. */
import type { StatusRow } from './status-report';
import { renderTable } from './table';

export function renderStatus(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return 'No Falcon product is provisioned or wanted in any account.';
  const table = renderTable(
    ['ACCOUNT', 'NAME', 'PRODUCT', 'REGION', 'STATUS', 'VERSION', 'LAST RECORD', 'MANIFEST', 'MATCH', 'DETAIL'],
    rows.map((r) => [
      r.account,
      r.accountName ?? '',
      r.product,
      r.region,
      r.status,
      r.version ?? '-',
      r.lastRecordStatus ?? '-',
      r.wantedVersion ?? '-',
      r.matchesManifest ? 'yes' : 'no',
      r.matchesManifest ? '' : r.detail,
    ]),
  );
  const matching = rows.filter((r) => r.matchesManifest).length;
  return `${table}\n${matching} of ${rows.length} account × product × Region entries match the manifest.`;
}

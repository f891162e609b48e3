/** `falcon-catalog status` as a terminal table, with what is as wanted, skipped on purpose, drifted or unreadable. */
import { plural } from './manifest-summary';
import type { StatusRow } from './status-report';
import { renderTable } from './table';

export function statusCounts(rows: readonly StatusRow[]): Record<StatusRow['state'], number> {
  const counts = { ok: 0, skipped: 0, drift: 0, unreadable: 0 };
  for (const row of rows) counts[row.state] += 1;
  return counts;
}

export function renderStatus(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return 'No Falcon product is provisioned or wanted in any account.';
  const table = renderTable(
    ['ACCOUNT', 'NAME', 'PRODUCT', 'REGION', 'STATUS', 'VERSION', 'LAST RECORD', 'MANIFEST', 'STATE', 'DETAIL'],
    rows.map((r) => [
      r.account,
      r.accountName ?? '',
      r.product,
      r.region,
      r.status,
      r.version ?? '-',
      r.lastRecordStatus ?? '-',
      r.wantedVersion ?? '-',
      r.state,
      r.state === 'ok' ? '' : r.detail,
    ]),
  );
  const c = statusCounts(rows);
  const parts = [
    `${c.ok} of ${plural(rows.length, 'account × product × Region entry', 'account × product × Region entries')} match the manifest`,
    `${c.skipped} left as they are on purpose (suspended accounts, products not offered in a Region, waiting for the hub: see DETAIL)`,
    `${c.drift} drifted (falcon-catalog reconcile would change them)`,
    ...(c.unreadable > 0 ? [`${c.unreadable} unreadable`] : []),
  ];
  return `${table}\n${parts.join('; ')}.`;
}

/** The outcome of an applied run as a table: every item that did something or failed, then the totals. */
import type { TriggerReport } from '../lifecycle-handlers/core/reconcile';
import { renderTable } from './table';

export function renderResults(report: TriggerReport): string {
  const rows = report.accounts.flatMap((a) =>
    a.results
      .filter((r) => r.outcome !== 'skipped' || r.held)
      .map((r) => [r.accountId, a.account.name ?? '', r.region, r.productId, r.held ? 'held' : r.outcome, r.version ?? '', r.reason]),
  );
  const lines: string[] = [];
  if (report.note) lines.push(report.note);
  if (rows.length > 0) lines.push(renderTable(['ACCOUNT', 'NAME', 'REGION', 'PRODUCT', 'OUTCOME', 'VERSION', 'REASON'], rows));
  for (const cause of report.held.causes) lines.push(`held: ${cause}`);
  const totals = Object.entries(report.counts).map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  lines.push(`Done: ${totals}.`);
  return lines.join('\n');
}

/** One stderr line per finished account: `[12/40] 222222222222 app-prod: 2 provisioned, 1 skipped`. */
import type { ProgressUpdate } from '../lifecycle-handlers/core/reconcile';
import { countOutcomes } from '../lifecycle-handlers/core/results';

export function progressLine(update: ProgressUpdate): string {
  const { account, results, unreadable } = update.account;
  const counts = Object.entries(countOutcomes(results))
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${n} ${outcome}`);
  const summary = counts.length > 0 ? counts.join(', ') : 'nothing to do';
  const problems = unreadable.length > 0 ? ` (${unreadable.length} unreadable: ${unreadable.map((u) => u.reason).join('; ')})` : '';
  const width = String(update.total).length;
  return `[${String(update.done).padStart(width)}/${update.total}] ${account.id}${account.name ? ` ${account.name}` : ''}: ${summary}${problems}`;
}

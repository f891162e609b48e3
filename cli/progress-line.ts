/** Progress on stderr: one line per finished account for runs, and every tenth of a long read for plans. */
import type { ProgressUpdate } from '../lifecycle-handlers/core/reconcile';
import { countOutcomes } from '../lifecycle-handlers/core/results';

/** `[12/40] 222222222222 app-prod: 2 provisioned, 1 skipped`. */
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

/** Below this many accounts a read is quick enough to need no progress. */
export const PROGRESS_THRESHOLD = 50;

/**
 * A reporter for `done of total` that writes `verb 120/1200 accounts (10%)` each time another tenth is done, on runs
 * of at least PROGRESS_THRESHOLD accounts, so a long plan is never silent and a short one stays quiet.
 */
export function tenthsProgress(verb: string, write: (line: string) => void): (done: number, total: number) => void {
  let lastTenth = 0;
  return (done, total) => {
    if (total < PROGRESS_THRESHOLD) return;
    const tenth = Math.floor((done * 10) / total);
    if (tenth <= lastTenth) return;
    lastTenth = tenth;
    write(`${verb} ${done}/${total} accounts (${tenth * 10}%)`);
  };
}

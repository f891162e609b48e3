/** A plan as one JSON document and as a terminal table (with each parameter change under its row). */
import type { TriggerReport } from '../lifecycle-handlers/core/reconcile';
import { missingTargetReason } from '../lifecycle-handlers/core/termination-guard';
import type { ParameterChange } from '../lifecycle-handlers/core/types';
import { plural } from './manifest-summary';
import { renderTable } from './table';

export interface PlanAction {
  readonly account: string;
  readonly accountName?: string;
  readonly ouPath?: string;
  /** How the lifecycle reaches the account: its own hub credentials, or the roles it assumes. */
  readonly access: string;
  readonly region: string;
  readonly product: string;
  readonly action: string;
  readonly version?: string;
  readonly reason: string;
  /** `from`/`to` are null where the parameter is absent, so the JSON says so explicitly. */
  readonly parameterDiff: readonly { key: string; from: string | null; to: string | null }[];
}

export function planActions(report: TriggerReport): PlanAction[] {
  return report.accounts.flatMap((a) =>
    a.actions.map((x) => ({
      account: a.account.id,
      ...(a.account.name ? { accountName: a.account.name } : {}),
      ouPath: a.account.ancestors[a.account.ancestors.length - 1]?.path,
      access: a.access,
      region: x.region,
      product: x.productId,
      // A termination the blast-radius guard held shows as `hold`, so it cannot be mistaken for an ordinary skip.
      action: x.held ? 'hold' : x.kind,
      ...(x.version ? { version: x.version } : {}),
      reason: x.reason,
      parameterDiff: x.parameterDiff.map((c: ParameterChange) => ({ key: c.key, from: c.from ?? null, to: c.to ?? null })),
    })),
  );
}

/** What the plan's JSON says about the guard: missing targets (errors) and why terminations are held. */
export function guardOf(report: TriggerReport) {
  return {
    missingTargets: report.missingTargets.map((m) => ({ ...m, message: missingTargetReason(m) })),
    heldTerminations: report.held.held,
    heldBecause: report.held.causes,
  };
}

export function unreadableOf(report: TriggerReport) {
  return report.accounts.flatMap((a) => a.unreadable.map((u) => ({ account: a.account.id, ...u })));
}

const show = (value: string | null) => (value === null ? '(none)' : value);

export function renderPlan(report: TriggerReport): string {
  const actions = planActions(report);
  const rows: string[][] = [];
  for (const a of actions) {
    rows.push([a.account, a.accountName ?? '', a.region, a.product, a.action, a.version ?? '', a.reason]);
    if (a.action === 'provision' || a.action === 'update') {
      for (const c of a.parameterDiff) rows.push(['', '', '', '', '', '', `  ${c.key}: ${show(c.from)} → ${show(c.to)}`]);
    }
  }
  const lines: string[] = [];
  if (report.note) lines.push(report.note);
  if (rows.length > 0) lines.push(renderTable(['ACCOUNT', 'NAME', 'REGION', 'PRODUCT', 'ACTION', 'VERSION', 'REASON'], rows));
  // Only the accounts not reached the ordinary way (the execution role) say how: the hub and the management account.
  const special = [...new Map(actions.map((a) => [a.account, a.access])).entries()].filter(
    ([, access]) => access.includes('credentials') || access.includes('management account'),
  );
  for (const [account, access] of special) lines.push(`account ${account} is reached with ${access}`);
  for (const u of unreadableOf(report)) lines.push(`cannot plan account ${u.account}${u.region ? ` in ${u.region}` : ''}: ${u.reason}`);
  for (const m of report.missingTargets) lines.push(`error: ${missingTargetReason(m)}; its terminations are held`);
  for (const cause of report.held.causes) lines.push(`held: ${cause}`);
  const count = (kind: string) => actions.filter((a) => a.action === kind).length;
  const held = count('hold') > 0 ? `${count('hold')} termination${count('hold') === 1 ? '' : 's'} held, ` : '';
  lines.push(
    `Plan: ${count('provision')} to provision, ${count('update')} to update, ${count('terminate')} to terminate, ` +
      `${held}${count('skip')} unchanged or skipped, across ${plural(report.accounts.length, 'account')}.`,
  );
  return lines.join('\n');
}

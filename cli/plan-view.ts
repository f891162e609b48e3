/**
 * A plan as one JSON document and as a terminal listing a person can read at thousands of accounts: one line per
 * account × product × Region (and one for each account with nothing to do, saying why), parameter changes only
 * with `--details`, then the totals, overall and per product.
 */
import type { TriggerReport } from '../lifecycle-handlers/core/reconcile';
import { missingTargetReason } from '../lifecycle-handlers/core/termination-guard';
import type { ParameterChange } from '../lifecycle-handlers/core/types';
import type { Manifest } from '../manifest/schema';
import { idleReason } from './idle-reason';
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

export interface IdleAccount {
  readonly account: string;
  readonly accountName?: string;
  readonly ouPath?: string;
  readonly reason: string;
}

const ACTIONS = ['provision', 'update', 'terminate', 'hold', 'skip'] as const;
export type PlanTotals = Record<(typeof ACTIONS)[number], number> & {
  readonly accounts: number;
  readonly idleAccounts: number;
  readonly byProduct: Record<string, Record<(typeof ACTIONS)[number], number>>;
};

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

export function idleAccounts(report: TriggerReport, manifest: Manifest): IdleAccount[] {
  return report.accounts
    .filter((a) => a.actions.length === 0 && a.unreadable.length === 0)
    .map((a) => ({
      account: a.account.id,
      ...(a.account.name ? { accountName: a.account.name } : {}),
      ouPath: a.account.ancestors[a.account.ancestors.length - 1]?.path,
      reason: idleReason(manifest, a.account),
    }));
}

export function planTotals(report: TriggerReport, manifest: Manifest): PlanTotals {
  const zero = () => ({ provision: 0, update: 0, terminate: 0, hold: 0, skip: 0 });
  const totals = zero();
  const byProduct: Record<string, ReturnType<typeof zero>> = {};
  for (const a of planActions(report)) {
    const action = a.action as (typeof ACTIONS)[number];
    totals[action] += 1;
    (byProduct[a.product] ??= zero())[action] += 1;
  }
  return { ...totals, accounts: report.accounts.length, idleAccounts: idleAccounts(report, manifest).length, byProduct };
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

function totalsLines(totals: PlanTotals): string[] {
  const held = totals.hold > 0 ? `${totals.hold} termination${totals.hold === 1 ? '' : 's'} held, ` : '';
  const idle = totals.idleAccounts > 0 ? ` (${totals.idleAccounts} with nothing to do)` : '';
  const products = Object.entries(totals.byProduct);
  const lines: string[] = [];
  if (products.length > 1) {
    lines.push(
      renderTable(
        ['PRODUCT', ...ACTIONS.map((a) => a.toUpperCase())],
        products.map(([product, counts]) => [product, ...ACTIONS.map((a) => String(counts[a]))]),
      ),
    );
  }
  lines.push(
    `Plan: ${totals.provision} to provision, ${totals.update} to update, ${totals.terminate} to terminate, ` +
      `${held}${totals.skip} unchanged or skipped, across ${plural(totals.accounts, 'account')}${idle}.`,
  );
  return lines;
}

export function renderPlan(report: TriggerReport, manifest: Manifest, options: { details?: boolean } = {}): string {
  const actions = planActions(report);
  const rows: string[][] = [];
  let hiddenChanges = 0;
  for (const a of actions) {
    rows.push([a.account, a.accountName ?? '', a.region, a.product, a.action, a.version ?? '', a.reason]);
    if ((a.action === 'provision' || a.action === 'update') && a.parameterDiff.length > 0) {
      if (!options.details) hiddenChanges += 1;
      else for (const c of a.parameterDiff) rows.push(['', '', '', '', '', '', `  ${c.key}: ${show(c.from)} → ${show(c.to)}`]);
    }
  }
  for (const idle of idleAccounts(report, manifest)) rows.push([idle.account, idle.accountName ?? '', '-', '-', 'none', '', idle.reason]);
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
  if (hiddenChanges > 0) lines.push(`--details shows the parameters of each of the ${plural(hiddenChanges, 'provision or update', 'provisions and updates')}`);
  lines.push(...totalsLines(planTotals(report, manifest)));
  return lines.join('\n');
}

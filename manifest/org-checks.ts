/**
 * Checks of a manifest against the organisation it is for, where that organisation is known (`falcon-catalog plan`,
 * `reconcile`, `status`, the scheduled reconcile): every OU and account the manifest names must exist (with the
 * closest existing name when one does not), every assignment should cover at least one active account, and, when
 * `portfolio.shareWith` names OUs by ID (which `validate` cannot resolve), the share should reach the accounts the
 * assignments cover. Warnings: the run goes on, and the blast-radius guard holds what a missing target could mean.
 *
 * Pure: the caller reads the organisation (lifecycle-handlers/core/organization.ts) and hands over this view.
 */
import { closest } from './closest';
import { type Finding, type PathSegment, warning } from './diagnostics';
import { hubAccountOf } from './hub-account';
import { OU_ID } from '../vocabulary';
import type { Assignment, Manifest } from './schema';

export interface OrgNode {
  readonly id: string;
  /** `Root`, `Root/Workloads`, …: names from the root down. */
  readonly path: string;
}

export interface OrgAccount {
  readonly id: string;
  readonly name?: string;
  readonly status: string;
  /** Root first, the account's parent last. */
  readonly ancestors: readonly OrgNode[];
}

export interface OrganizationView {
  /** Every OU, and the root (path `Root`). */
  readonly nodes: readonly OrgNode[];
  readonly accounts: readonly OrgAccount[];
}

const refCovers = (ref: string, ancestors: readonly OrgNode[]) =>
  ancestors.some((node) => (OU_ID.test(ref) || ref.startsWith('r-') ? node.id === ref : node.path === ref));

function covers(assignment: Assignment, account: OrgAccount): boolean {
  const { targets } = assignment;
  if (targets.exclude.accounts.includes(account.id)) return false;
  if (targets.exclude.organizationalUnits.some((ref) => refCovers(ref, account.ancestors))) return false;
  return targets.accounts.includes(account.id) || targets.organizationalUnits.some((ref) => refCovers(ref, account.ancestors));
}

const accountLabel = (account: OrgAccount) => `${account.id}${account.name ? ` (${account.name})` : ''}`;
const parentPath = (account: OrgAccount) => account.ancestors[account.ancestors.length - 1]?.path ?? 'Root';

class Lookup {
  private readonly byId = new Map<string, OrgNode>();
  private readonly byPath = new Map<string, OrgNode>();
  private readonly accounts = new Map<string, OrgAccount>();

  constructor(org: OrganizationView) {
    for (const node of org.nodes) {
      this.byId.set(node.id, node);
      this.byPath.set(node.path, node);
    }
    for (const account of org.accounts) this.accounts.set(account.id, account);
  }

  /** Why an OU reference does not resolve, with the closest existing OU, or undefined when it does. */
  missingOu(ref: string): string | undefined {
    if (OU_ID.test(ref) || ref.startsWith('r-')) {
      if (this.byId.has(ref)) return undefined;
      const near = closest(ref, [...this.byId.keys()], true);
      const hint = near ? `; the closest OU ID is ${near} (${this.byId.get(near)!.path})` : '';
      return `the organisation has no OU ${ref}${hint}`;
    }
    if (this.byPath.has(ref)) return undefined;
    const near = closest(ref, [...this.byPath.keys()], true);
    return `the organisation has no OU ${ref}${near ? `; did you mean ${near}?` : ''}`;
  }

  missingAccount(id: string): string | undefined {
    if (this.accounts.has(id)) return undefined;
    const near = closest(id, [...this.accounts.keys()], true);
    return `the organisation has no account ${id}${near ? `; the closest is ${accountLabel(this.accounts.get(near)!)}` : ''}`;
  }
}

function referenceFindings(lookup: Lookup, ous: readonly string[], accounts: readonly string[], path: readonly PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  ous.forEach((ref, i) => {
    const problem = lookup.missingOu(ref);
    if (problem) findings.push(warning([...path, 'organizationalUnits', i], problem));
  });
  accounts.forEach((id, i) => {
    const problem = lookup.missingAccount(id);
    if (problem) findings.push(warning([...path, 'accounts', i], problem));
  });
  return findings;
}

/** Why an assignment covers no active account: what did not match, or what the targets hold. */
function emptyReason(assignment: Assignment, org: OrganizationView, lookup: Lookup): string {
  const { targets } = assignment;
  const missing = [
    ...targets.organizationalUnits.filter((ref) => lookup.missingOu(ref)).map((ref) => `OU ${ref}`),
    ...targets.accounts.filter((id) => lookup.missingAccount(id)).map((id) => `account ${id}`),
  ];
  const reached = org.accounts.filter(
    (a) => targets.accounts.includes(a.id) || targets.organizationalUnits.some((ref) => refCovers(ref, a.ancestors)),
  );
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist`);
  if (reached.length === 0 && missing.length < targets.organizationalUnits.length + targets.accounts.length) {
    parts.push('the OUs it names hold no account');
  } else if (reached.length > 0) {
    const excluded = reached.filter((a) => !covers(assignment, a)).length;
    const inactive = reached.filter((a) => covers(assignment, a) && a.status !== 'ACTIVE').length;
    if (excluded > 0) parts.push(`${excluded} account${excluded === 1 ? ' is' : 's are'} excluded`);
    if (inactive > 0) parts.push(`${inactive} account${inactive === 1 ? ' is' : 's are'} not ACTIVE`);
  }
  return parts.join('; ');
}

function coverageFindings(manifest: Manifest, org: OrganizationView, lookup: Lookup): Finding[] {
  const findings: Finding[] = [];
  const { shareWith } = manifest.portfolio;
  // With OU IDs in the share, `validate` cannot tell which accounts it reaches; the organisation can.
  const checkShare = !shareWith.organization && shareWith.organizationalUnits.some((ref) => OU_ID.test(ref));
  const hub = hubAccountOf(manifest);
  manifest.assignments.forEach((assignment, index) => {
    const path = ['assignments', index, 'targets'];
    const covered = org.accounts.filter((a) => a.status === 'ACTIVE' && covers(assignment, a));
    if (covered.length === 0) {
      findings.push(
        warning(path, `assignment ${assignment.name} covers no active account of the organisation: ${emptyReason(assignment, org, lookup)}`),
      );
      return;
    }
    if (!checkShare) return;
    const unshared = covered.filter(
      (a) =>
        a.id !== hub &&
        !shareWith.accounts.includes(a.id) &&
        !shareWith.organizationalUnits.some((ref) => refCovers(ref, a.ancestors)),
    );
    if (unshared.length === 0) return;
    const example = unshared[0];
    findings.push(
      warning(
        path,
        `the portfolio is not shared with ${unshared.length} account${unshared.length === 1 ? '' : 's'} assignment ` +
          `${assignment.name} covers (for example ${accountLabel(example)} under ${parentPath(example)}), so ` +
          `${unshared.length === 1 ? 'it' : 'they'} cannot launch ${assignment.product}: add ${parentPath(example)} ` +
          'or the accounts to portfolio.shareWith',
      ),
    );
  });
  return findings;
}

export function organizationChecks(manifest: Manifest, org: OrganizationView): Finding[] {
  const lookup = new Lookup(org);
  const { shareWith } = manifest.portfolio;
  return [
    ...referenceFindings(lookup, shareWith.organizationalUnits, shareWith.accounts, ['portfolio', 'shareWith']),
    ...manifest.assignments.flatMap((a, i) => [
      ...referenceFindings(lookup, a.targets.organizationalUnits, a.targets.accounts, ['assignments', i, 'targets']),
      ...referenceFindings(lookup, a.targets.exclude.organizationalUnits, a.targets.exclude.accounts, ['assignments', i, 'targets', 'exclude']),
    ]),
    ...coverageFindings(manifest, org, lookup),
  ];
}

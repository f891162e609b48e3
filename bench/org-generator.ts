/**
 * Generated organisations for the benchmark: the example organisation's OU tree (manifest/org-model.example.yaml,
 * so the example manifest's OU paths and shares resolve unchanged) with any number of accounts, spread evenly over
 * its OUs, plus the example's accounts that a manifest names by ID. The same size and manifest always give the same
 * organisation.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { AccountContext, OuNode } from '../lifecycle-handlers/core/types';
import type { Manifest } from '../manifest/schema';
import type { OrgModelInput } from '../simulator';

const EXAMPLE_ORG_MODEL = path.join(__dirname, '..', 'manifest', 'org-model.example.yaml');

export const MANAGEMENT_ACCOUNT = '111111111111';
export const ROOT_ID = 'r-exmp';

/** The example's OUs (id, name, parent). */
export const EXAMPLE_OUS = [
  { id: 'ou-exmp-11111111', name: 'Workloads', parent: ROOT_ID },
  { id: 'ou-exmp-11112222', name: 'Prod', parent: 'ou-exmp-11111111' },
  { id: 'ou-exmp-22222222', name: 'Sandbox', parent: ROOT_ID },
  { id: 'ou-exmp-44444444', name: 'Security', parent: ROOT_ID },
  { id: 'ou-exmp-33333333', name: 'Shared', parent: ROOT_ID },
] as const;

export const PROD_OU = 'ou-exmp-11112222';

/** Member account IDs start with 2 so they never collide with the management account or a vended one. */
export function generatedAccountId(index: number): string {
  return `2${String(index).padStart(11, '0')}`;
}

export interface NamedAccount {
  readonly id: string;
  readonly name: string;
  readonly parent: string;
}

/**
 * `size` accounts in total: the management account at the root, the `named` accounts where they belong, and the rest
 * generated members round-robin over the OUs.
 */
export function generateOrganization(size: number, named: readonly NamedAccount[] = []): OrgModelInput {
  if (!Number.isInteger(size) || size < 1) throw new Error(`organisation size must be a positive integer, got ${size}`);
  const extra = named.filter((a) => a.id !== MANAGEMENT_ACCOUNT);
  if (extra.length > size - 1) throw new Error(`an organisation of ${size} accounts cannot hold ${extra.length} named accounts`);
  const members = Array.from({ length: size - 1 - extra.length }, (_, index) => ({
    id: generatedAccountId(index + 1),
    name: `member-${index + 1}`,
    parent: EXAMPLE_OUS[index % EXAMPLE_OUS.length].id,
  }));
  return {
    organization: { id: 'o-exampleorgid', managementAccountId: MANAGEMENT_ACCOUNT, rootId: ROOT_ID, partition: 'aws' },
    organizationalUnits: EXAMPLE_OUS.map((ou) => ({ ...ou })),
    accounts: [{ id: MANAGEMENT_ACCOUNT, name: 'management', parent: ROOT_ID }, ...extra.map((a) => ({ ...a })), ...members],
  };
}

/**
 * The accounts a manifest names by ID (shares, targets, exclusions), placed where the example organisation has them:
 * a generated organisation must hold them, or sharing the portfolio with one fails as it would in AWS.
 */
export function namedAccounts(manifest: Manifest, example: OrgModelInput): NamedAccount[] {
  const ids = new Set([
    ...manifest.portfolio.shareWith.accounts,
    ...manifest.assignments.flatMap((a) => [...a.targets.accounts, ...a.targets.exclude.accounts]),
  ]);
  return (example.accounts ?? [])
    .filter((a) => ids.has(a.id) && a.id !== MANAGEMENT_ACCOUNT)
    .map((a) => ({ id: a.id, name: a.name ?? a.id, parent: a.parent }));
}

/** The benchmark's organisation of `size` accounts for `manifest`, from the example organisation model. */
export function organizationFor(manifest: Manifest, size: number): OrgModelInput {
  const example = parse(readFileSync(EXAMPLE_ORG_MODEL, 'utf8')) as OrgModelInput;
  return generateOrganization(size, namedAccounts(manifest, example));
}

/** What `OrganizationReader` would report for every account: status and ancestry (root first), from the model. */
export function accountContexts(model: OrgModelInput): AccountContext[] {
  const ous = new Map((model.organizationalUnits ?? []).map((ou) => [ou.id, ou]));
  const ancestryCache = new Map<string, OuNode[]>();
  const ancestry = (nodeId: string): OuNode[] => {
    const cached = ancestryCache.get(nodeId);
    if (cached) return cached;
    const ou = ous.get(nodeId);
    const nodes: OuNode[] = ou
      ? [...ancestry(ou.parent), { id: ou.id, path: `${ancestry(ou.parent).at(-1)!.path}/${ou.name}` }]
      : [{ id: nodeId, path: 'Root' }];
    ancestryCache.set(nodeId, nodes);
    return nodes;
  };
  return (model.accounts ?? []).map((account) => ({
    id: account.id,
    name: account.name,
    status: account.status ?? 'ACTIVE',
    ancestors: ancestry(account.parent),
  }));
}

/**
 * Generated organisations for the benchmark: the example organisation's OU tree (manifest/org-model.example.yaml,
 * so the example manifest's OU paths and shares resolve unchanged) with any number of accounts, spread evenly over
 * its OUs. Pure: the same size always gives the same organisation.
 */
import type { AccountContext, OuNode } from '../lifecycle-handlers/core/types';
import type { OrgModelInput } from '../simulator';

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

/** `size` accounts in total: the management account at the root and `size - 1` members round-robin over the OUs. */
export function generateOrganization(size: number): OrgModelInput {
  if (!Number.isInteger(size) || size < 1) throw new Error(`organisation size must be a positive integer, got ${size}`);
  const members = Array.from({ length: size - 1 }, (_, index) => ({
    id: generatedAccountId(index + 1),
    name: `member-${index + 1}`,
    parent: EXAMPLE_OUS[index % EXAMPLE_OUS.length].id,
  }));
  return {
    organization: { id: 'o-exampleorgid', managementAccountId: MANAGEMENT_ACCOUNT, rootId: ROOT_ID, partition: 'aws' },
    organizationalUnits: EXAMPLE_OUS.map((ou) => ({ ...ou })),
    accounts: [{ id: MANAGEMENT_ACCOUNT, name: 'management', parent: ROOT_ID }, ...members],
  };
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

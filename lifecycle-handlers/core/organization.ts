/**
 * The organisation as the lifecycle core needs it: an account's ancestry (OU IDs and the `Root/Workloads/Prod`
 * path), the accounts under an OU (descendants included), account status, and manifest OU paths resolved to IDs.
 *
 * One reader lives for one invocation: its caches make a run consistent and cheap, and a new invocation sees
 * moves and closures that happened since.
 */
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  type Account,
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListRoots,
} from '@aws-sdk/client-organizations';
import { isOuId } from './ou-refs';
import type { AccountContext, AccountStatus, OuNode } from './types';

const ROOT_PATH = 'Root';

/** The newer `State` knows CLOSED; the older `Status` is the fallback for accounts or SDKs without it. */
export function accountStatusOf(account: Pick<Account, 'State' | 'Status'>): AccountStatus {
  const value = account.State ?? account.Status;
  if (value === undefined) throw new Error('Organizations returned an account with neither State nor Status');
  return value;
}

export class OrganizationReader {
  private readonly ancestryCache = new Map<string, Promise<OuNode[]>>();
  private readonly childOus = new Map<string, Promise<{ id: string; name: string }[]>>();
  private rootIds?: Promise<string[]>;

  constructor(private readonly client: OrganizationsClient) {}

  /** One account with its status and ancestry, root first. */
  async account(accountId: string): Promise<AccountContext> {
    const described = await this.client.send(new DescribeAccountCommand({ AccountId: accountId }));
    if (!described.Account) throw new Error(`DescribeAccount returned nothing for account ${accountId}`);
    const parentId = await this.parentOf(accountId);
    return {
      id: accountId,
      ...(described.Account.Name ? { name: described.Account.Name } : {}),
      status: accountStatusOf(described.Account),
      ancestors: await this.ancestry(parentId),
    };
  }

  /** Every account under an OU or root, at any depth. */
  async accountsUnder(parentId: string): Promise<AccountContext[]> {
    return this.walk(parentId, await this.ancestry(parentId));
  }

  /** Every account in the organisation, walked top-down (no per-account ListParents call). */
  async allAccounts(): Promise<AccountContext[]> {
    const accounts: AccountContext[] = [];
    for (const rootId of await this.roots()) accounts.push(...(await this.accountsUnder(rootId)));
    return accounts;
  }

  /** Every account, and every OU with the root (as `{ id, path }` nodes): one walk of the tree. */
  async view(): Promise<{ nodes: OuNode[]; accounts: AccountContext[] }> {
    const accounts = await this.allAccounts();
    const nodes: OuNode[] = [];
    const visit = async (id: string, path: string): Promise<void> => {
      nodes.push({ id, path });
      for (const child of await this.childrenOf(id)) await visit(child.id, `${path}/${child.name}`);
    };
    for (const rootId of await this.roots()) await visit(rootId, ROOT_PATH);
    return { nodes, accounts };
  }

  /** A manifest OU reference (ID or path from the root) → OU ID. */
  async resolveOuRef(ref: string): Promise<string> {
    if (isOuId(ref)) return ref;
    const [first, ...names] = ref.split('/');
    if (first !== ROOT_PATH) throw new Error(`OU path ${ref} must start with ${ROOT_PATH}/`);
    const roots = await this.roots();
    if (roots.length !== 1) throw new Error(`expected one organisation root, found ${roots.length}`);
    let current = roots[0];
    let path = ROOT_PATH;
    for (const name of names) {
      const children = await this.childrenOf(current);
      const child = children.find((ou) => ou.name === name);
      if (!child) {
        const known = children.map((ou) => ou.name).sort().join(', ') || 'none';
        throw new Error(`OU path ${ref}: ${path} has no child OU named "${name}" (it has: ${known})`);
      }
      current = child.id;
      path = `${path}/${name}`;
    }
    return current;
  }

  /** Root first, `nodeId` last. */
  ancestry(nodeId: string): Promise<OuNode[]> {
    let cached = this.ancestryCache.get(nodeId);
    if (!cached) {
      cached = this.loadAncestry(nodeId);
      this.ancestryCache.set(nodeId, cached);
    }
    return cached;
  }

  private async loadAncestry(nodeId: string): Promise<OuNode[]> {
    if (nodeId.startsWith('r-')) return [{ id: nodeId, path: ROOT_PATH }];
    const [parentId, described] = await Promise.all([
      this.parentOf(nodeId),
      this.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: nodeId })),
    ]);
    const name = described.OrganizationalUnit?.Name;
    if (!name) throw new Error(`DescribeOrganizationalUnit returned no name for ${nodeId}`);
    const above = await this.ancestry(parentId);
    return [...above, { id: nodeId, path: `${above[above.length - 1].path}/${name}` }];
  }

  private async parentOf(childId: string): Promise<string> {
    for await (const page of paginateListParents({ client: this.client }, { ChildId: childId })) {
      const parent = page.Parents?.[0]?.Id;
      if (parent) return parent;
    }
    throw new Error(`Organizations lists no parent for ${childId}`);
  }

  private roots(): Promise<string[]> {
    this.rootIds ??= (async () => {
      const ids: string[] = [];
      for await (const page of paginateListRoots({ client: this.client }, {})) {
        for (const root of page.Roots ?? []) if (root.Id) ids.push(root.Id);
      }
      return ids;
    })();
    return this.rootIds;
  }

  private childrenOf(parentId: string): Promise<{ id: string; name: string }[]> {
    let cached = this.childOus.get(parentId);
    if (!cached) {
      cached = (async () => {
        const children: { id: string; name: string }[] = [];
        const pages = paginateListOrganizationalUnitsForParent({ client: this.client }, { ParentId: parentId });
        for await (const page of pages) {
          for (const ou of page.OrganizationalUnits ?? []) {
            if (ou.Id && ou.Name) children.push({ id: ou.Id, name: ou.Name });
          }
        }
        return children;
      })();
      this.childOus.set(parentId, cached);
    }
    return cached;
  }

  private async walk(parentId: string, ancestors: OuNode[]): Promise<AccountContext[]> {
    const accounts: AccountContext[] = [];
    for await (const page of paginateListAccountsForParent({ client: this.client }, { ParentId: parentId })) {
      for (const account of page.Accounts ?? []) {
        if (!account.Id) continue;
        accounts.push({
          id: account.Id,
          ...(account.Name ? { name: account.Name } : {}),
          status: accountStatusOf(account),
          ancestors,
        });
      }
    }
    for (const child of await this.childrenOf(parentId)) {
      const childAncestry = [...ancestors, { id: child.id, path: `${ancestors[ancestors.length - 1].path}/${child.name}` }];
      this.ancestryCache.set(child.id, Promise.resolve(childAncestry));
      accounts.push(...(await this.walk(child.id, childAncestry)));
    }
    return accounts;
  }
}

/**
 * Resolves manifest OU references (an ID, or a path from the root such as `Root/Workloads/Prod`) to OU IDs.
 * A path that names no OU is an error that lists what exists at the level where the path broke.
 */
import {
  ListRootsCommand,
  OrganizationsClient,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';

export class UnknownOuPath extends Error {}

export async function resolveOuReferences(client: OrganizationsClient, refs: readonly string[]): Promise<string[]> {
  const paths = refs.filter((r) => r.startsWith('Root'));
  if (paths.length === 0) return [...refs];

  const roots = await client.send(new ListRootsCommand({}));
  const rootId = roots.Roots?.[0]?.Id;
  if (!rootId) throw new UnknownOuPath('the organisation has no root (is AWS Organizations enabled?)');

  const childrenCache = new Map<string, Map<string, string>>();
  const childrenOf = async (parentId: string): Promise<Map<string, string>> => {
    let children = childrenCache.get(parentId);
    if (!children) {
      children = new Map();
      for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
        for (const ou of page.OrganizationalUnits ?? []) {
          if (ou.Name && ou.Id) children.set(ou.Name, ou.Id);
        }
      }
      childrenCache.set(parentId, children);
    }
    return children;
  };

  const resolved: string[] = [];
  for (const ref of refs) {
    if (!ref.startsWith('Root')) {
      resolved.push(ref);
      continue;
    }
    let current = rootId;
    const names = ref.split('/').slice(1);
    for (const [depth, name] of names.entries()) {
      const children = await childrenOf(current);
      const next = children.get(name);
      if (!next) {
        const where = ['Root', ...names.slice(0, depth)].join('/');
        const known = [...children.keys()].sort().join(', ') || 'none';
        throw new UnknownOuPath(`OU path ${ref}: ${where} has no child OU named "${name}" (it has: ${known})`);
      }
      current = next;
    }
    resolved.push(current);
  }
  return resolved;
}

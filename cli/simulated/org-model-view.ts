/**
 * An org model (simulator/organizations/org-model.ts) as the organisation view the manifest's organisation checks
 * read, so a simulated landing zone can be checked before it is booted.
 */
import type { OrganizationView, OrgNode } from '../../manifest/org-checks';
import type { OrgModel } from '../../simulator';

export function orgModelView(model: OrgModel): OrganizationView {
  const root: OrgNode = { id: model.organization.rootId, path: 'Root' };
  const nodes = new Map<string, OrgNode>([[root.id, root]]);
  const ancestry = (id: string, seen = new Set<string>()): OrgNode[] => {
    if (id === root.id) return [root];
    const ou = model.organizationalUnits.find((o) => o.id === id);
    if (!ou || seen.has(id)) return [root];
    const above = ancestry(ou.parent, new Set([...seen, id]));
    const node = { id, path: `${above[above.length - 1].path}/${ou.name}` };
    nodes.set(id, node);
    return [...above, node];
  };
  for (const ou of model.organizationalUnits) ancestry(ou.id);
  const accounts = model.accounts.map((a) => ({ id: a.id, name: a.name, status: a.status, ancestors: ancestry(a.parent) }));
  return { nodes: [...nodes.values()], accounts };
}

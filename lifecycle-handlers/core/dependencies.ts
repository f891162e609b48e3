/**
 * Which items of one account's plan must end before another may start (pure): the plan's dependency graph
 * (docs/decisions.md#one-record-before-the-products). Every item not named here starts at once, every Region and
 * product in parallel.
 *
 * - A launch (provision or update) of a product that carries the `LocalRoleName` launch constraint waits for the
 *   launch role being provisioned or updated in this plan: Service Catalog resolves the constraint to that role
 *   when the launch starts, and an update may be what gives the role the rights the new version needs.
 * - A launch of a version that reads the Falcon directory waits for the directory of its Region being provisioned
 *   or updated: CloudFormation resolves the SSM-typed parameters when it creates or updates the stack.
 * - The directory of a Region is terminated only after the other products terminated there, and the launch role
 *   only after everything else terminated in the account (both are "kept" when one of those could not go).
 *
 * A record still running from an earlier delivery (`inProgress`) counts as the launch it is: what depends on it
 * waits for its end. Skips are never waited for.
 */
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { launchesWithLaunchRole, LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import { readsDirectory } from './foundation';
import type { PlannedAction } from './types';

/** `launch-role` / `directory`: must have SUCCEEDED. `terminated-first`: must have been terminated. */
export type DependencyKind = 'launch-role' | 'directory' | 'terminated-first';

export interface Dependency {
  readonly on: PlannedAction;
  readonly kind: DependencyKind;
}

const isLaunch = (a: PlannedAction) => a.kind === 'provision' || a.kind === 'update';
/** A launch of this plan, or one an earlier delivery started that is still running. */
const launchesOrRuns = (a: PlannedAction) => isLaunch(a) || (a.kind === 'skip' && a.inProgress === true);
const isLaunchRole = (a: PlannedAction) => a.productId === LAUNCH_ROLE_PRODUCT_ID;
const isDirectory = (a: PlannedAction) => a.productId === DIRECTORY_PRODUCT_ID;

/** Whether the launch of `action` goes through the launch constraint (and so needs the launch role). */
export function usesLaunchRole(action: PlannedAction): boolean {
  return launchesWithLaunchRole(action.productId);
}

/** Whether the launch of `action` reads the Falcon directory of its Region. */
export function readsDirectoryAt(action: PlannedAction): boolean {
  return action.version !== undefined && readsDirectory(action.productId, action.version);
}

/** For each action of the plan, what must end before it starts (an empty list: it starts at once). */
export function dependenciesOf(actions: readonly PlannedAction[]): Map<PlannedAction, Dependency[]> {
  const launchRole = actions.filter((a) => isLaunchRole(a) && launchesOrRuns(a));
  const directoryIn = (region: string) => actions.filter((a) => isDirectory(a) && a.region === region && launchesOrRuns(a));
  const terminations = actions.filter((a) => a.kind === 'terminate');

  const graph = new Map<PlannedAction, Dependency[]>();
  for (const action of actions) {
    const deps: Dependency[] = [];
    // A record already running waits for nothing; only launches this plan starts have prerequisites.
    if (isLaunch(action)) {
      if (!isLaunchRole(action) && usesLaunchRole(action)) deps.push(...launchRole.map((on) => ({ on, kind: 'launch-role' as const })));
      if (!isDirectory(action) && readsDirectoryAt(action)) {
        deps.push(...directoryIn(action.region).map((on) => ({ on, kind: 'directory' as const })));
      }
    }
    if (action.kind === 'terminate' && isDirectory(action)) {
      const others = terminations.filter((a) => a.region === action.region && !isDirectory(a) && !isLaunchRole(a));
      deps.push(...others.map((on) => ({ on, kind: 'terminated-first' as const })));
    }
    if (action.kind === 'terminate' && isLaunchRole(action)) {
      deps.push(...terminations.filter((a) => a !== action).map((on) => ({ on, kind: 'terminated-first' as const })));
    }
    graph.set(action, deps);
  }
  return graph;
}

/**
 * The longest chain of records in the graph: what no execution can beat, whatever its speed (each record takes a
 * record time, and a record can start only when the one before it in the chain has ended). Items are listed in the
 * order they must run; skips that are not awaited take no record and are left out.
 */
export function longestChain(actions: readonly PlannedAction[]): PlannedAction[] {
  const graph = dependenciesOf(actions);
  const takesRecord = (a: PlannedAction) => a.kind !== 'skip' || a.inProgress === true;
  const memo = new Map<PlannedAction, PlannedAction[]>();
  const chainTo = (action: PlannedAction, seen: Set<PlannedAction>): PlannedAction[] => {
    const known = memo.get(action);
    if (known) return known;
    if (seen.has(action)) throw new Error(`internal: the plan's dependencies form a cycle at ${action.productId} in ${action.region}`);
    seen.add(action);
    let longest: PlannedAction[] = [];
    for (const dep of graph.get(action) ?? []) {
      const chain = chainTo(dep.on, seen);
      if (chain.length > longest.length) longest = chain;
    }
    seen.delete(action);
    const chain = takesRecord(action) ? [...longest, action] : longest;
    memo.set(action, chain);
    return chain;
  };
  let best: PlannedAction[] = [];
  for (const action of actions) {
    const chain = chainTo(action, new Set());
    if (chain.length > best.length) best = chain;
  }
  return best;
}

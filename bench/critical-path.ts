/**
 * A vend's critical path (which items, in which order) and the lower bound its dependency graph allows, from the
 * plan and the times the simulator saw. Pure, so it is unit-tested.
 *
 * - Critical path: start from the item whose record ended last, step to the dependency (lifecycle-handlers/core/
 *   dependencies.ts) whose record ended last, and so on back to an item that depended on nothing.
 * - Lower bound: what must pass before the first record can start (a new account's principal association must
 *   propagate before it has launch paths), then the graph's longest chain of records × the record time. No execution,
 *   however fast its calls and however often it polls, can have every product requested sooner than that wait plus
 *   (chain − 1) record times after the event, nor SUCCEEDED sooner than the wait plus chain record times.
 */
import { dependenciesOf, longestChain } from '../lifecycle-handlers/core/dependencies';
import type { PlannedAction } from '../lifecycle-handlers/core/types';

export interface ItemTimes {
  /** When its accepted provisioning call arrived (ms after the event). */
  readonly requestedMs: number;
  /** When its record ended SUCCEEDED (ms after the event). */
  readonly succeededMs: number;
}

export interface PathStep extends ItemTimes {
  readonly item: string;
}

export const itemName = (a: Pick<PlannedAction, 'productId' | 'region'>) => `${a.productId}@${a.region}`;

export function criticalPath(actions: readonly PlannedAction[], times: ReadonlyMap<PlannedAction, ItemTimes>): PathStep[] {
  const graph = dependenciesOf(actions);
  const timed = actions.filter((a) => times.has(a));
  if (timed.length === 0) return [];
  const lastEnded = (items: readonly PlannedAction[]) =>
    items.reduce((best, a) => (times.get(a)!.succeededMs > times.get(best)!.succeededMs ? a : best));
  const path: PlannedAction[] = [lastEnded(timed)];
  for (;;) {
    const deps = (graph.get(path[0]) ?? []).map((d) => d.on).filter((a) => times.has(a));
    if (deps.length === 0) break;
    path.unshift(lastEnded(deps));
  }
  return path.map((a) => ({ item: itemName(a), ...times.get(a)! }));
}

export interface LowerBound {
  /** The graph's longest chain of records, in the order they must run. */
  readonly chain: readonly string[];
  /** The wait before any record can start. */
  readonly beforeFirstRecordMs: number;
  readonly requestedMs: number;
  readonly succeededMs: number;
}

export function lowerBound(actions: readonly PlannedAction[], recordMs: number, beforeFirstRecordMs = 0): LowerBound {
  const chain = longestChain(actions);
  return {
    chain: chain.map(itemName),
    beforeFirstRecordMs,
    requestedMs: beforeFirstRecordMs + Math.max(0, chain.length - 1) * recordMs,
    succeededMs: beforeFirstRecordMs + chain.length * recordMs,
  };
}

/**
 * The blast-radius guard over one run's plan (pure): terminations are held, never executed, when
 * - an assignment names a target (OU or account) the organisation does not have: a typo or a renamed OU would
 *   otherwise read as "these accounts left scope", so every termination of that assignment's product is held; or
 * - the run would terminate more provisioned products than `lifecycle.maxTerminationsPerRun`, and the operator has
 *   not confirmed that exact number: then every termination of the run is held.
 * A held termination becomes a skip with `held: true` and the reason, so `plan`, the result events and the
 * `terminationsHeld` metric all show it.
 */
import type { Manifest } from '../../manifest/schema';
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import type { AccountContext, PlannedAction } from './types';

/** A target of an assignment that could not be found in the organisation. */
export interface MissingTarget {
  readonly assignment: string;
  readonly product: string;
  readonly target: string;
  readonly reason: string;
}

export interface GuardInput {
  readonly limit: number;
  /** The number of terminations the operator confirmed (`--confirm-terminations`), if any. */
  readonly confirmed?: number;
  /** Why the limit is what it is, for the reason text (default `lifecycle.maxTerminationsPerRun`). */
  readonly limitSource?: string;
  readonly missingTargets: readonly MissingTarget[];
}

export interface GuardSummary {
  /** Terminations the plan held, with one line per cause. */
  readonly held: number;
  readonly causes: readonly string[];
}

interface Plan {
  readonly account: AccountContext;
  readonly actions: readonly PlannedAction[];
}

const hold = (action: PlannedAction, reason: string): PlannedAction => ({ ...action, kind: 'skip', held: true, reason });
const isInternal = (a: PlannedAction) => a.productId === LAUNCH_ROLE_PRODUCT_ID || a.productId === DIRECTORY_PRODUCT_ID;

/** The launch role and directory stay while anything else of the account is held: the held products use them. */
function holdInternalsToo(actions: readonly PlannedAction[]): PlannedAction[] {
  if (!actions.some((a) => a.held && !isInternal(a))) return [...actions];
  return actions.map((a) =>
    a.kind === 'terminate' && isInternal(a) ? hold(a, 'held: kept while other terminations in this account are held') : a,
  );
}

export function missingTargetReason(missing: MissingTarget): string {
  return `assignment ${missing.assignment} targets ${missing.target}, which ${missing.reason}`;
}

export function guardTerminations<P extends Plan>(plans: readonly P[], input: GuardInput): { plans: P[]; summary: GuardSummary } {
  const causes: string[] = [];
  const missingByProduct = new Map<string, MissingTarget[]>();
  for (const m of input.missingTargets) missingByProduct.set(m.product, [...(missingByProduct.get(m.product) ?? []), m]);

  let guarded = plans.map((plan) => {
    const actions = plan.actions.map((a) => {
      const missing = a.kind === 'terminate' ? missingByProduct.get(a.productId) : undefined;
      if (!missing) return a;
      return hold(a, `held: ${missing.map(missingTargetReason).join('; ')}; fix the manifest (nothing that assignment could cover is terminated until then)`);
    });
    return { ...plan, actions: holdInternalsToo(actions) };
  });
  const heldByTargets = guarded.flatMap((p) => p.actions).filter((a) => a.held).length;
  if (heldByTargets > 0) causes.push(...input.missingTargets.map(missingTargetReason));

  const terminations = guarded.flatMap((p) => p.actions).filter((a) => a.kind === 'terminate').length;
  if (terminations > input.limit && input.confirmed !== terminations) {
    const setting = input.limitSource ?? `lifecycle.maxTerminationsPerRun (${input.limit})`;
    const confirmation =
      input.confirmed === undefined
        ? ''
        : ` (--confirm-terminations ${input.confirmed} was given, but this run would terminate ${terminations})`;
    const cause =
      `this run would terminate ${terminations} provisioned products, more than ${setting}${confirmation}; ` +
      `check falcon-catalog plan, then run falcon-catalog reconcile --confirm-terminations ${terminations}, or raise the limit`;
    causes.push(cause);
    guarded = guarded.map((p) => ({
      ...p,
      actions: p.actions.map((a) => (a.kind === 'terminate' ? hold(a, `held: ${cause}`) : a)),
    }));
  }
  const held = guarded.flatMap((p) => p.actions).filter((a) => a.held).length;
  return { plans: guarded, summary: { held, causes } };
}

/**
 * Every OU and account an assignment targets that the organisation does not have (or that could not be looked up,
 * which is held the same way). `resolve` throws with the reason when a target is missing.
 */
export async function findMissingTargets(
  manifest: Manifest,
  resolve: { ou(ref: string): Promise<unknown>; account(id: string): Promise<unknown> },
): Promise<MissingTarget[]> {
  const missing: MissingTarget[] = [];
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  for (const assignment of manifest.assignments) {
    for (const ref of assignment.targets.organizationalUnits) {
      try {
        await resolve.ou(ref);
      } catch (error) {
        missing.push({ assignment: assignment.name, product: assignment.product, target: `OU ${ref}`, reason: `does not exist in the organisation (${describe(error)})` });
      }
    }
    for (const id of assignment.targets.accounts) {
      try {
        await resolve.account(id);
      } catch (error) {
        missing.push({ assignment: assignment.name, product: assignment.product, target: `account ${id}`, reason: `does not exist in the organisation (${describe(error)})` });
      }
    }
  }
  return missing;
}

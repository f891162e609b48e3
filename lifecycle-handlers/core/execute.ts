/**
 * Carries out one account's plan as a dependency graph (`dependencies.ts`): each item starts the moment what it
 * depends on has ended well, and everything else at once, every Region and product in parallel (the API limits are
 * the retry strategy's business). In practice: the launch role and the Falcon directories start together; each
 * product starts when the launch role and its Region's directory have SUCCEEDED; the directory of a Region is
 * terminated after the products there, the launch role last.
 *
 * A failure is contained to its item and what depends on it (or, when a Region cannot be prepared, to that Region's
 * launches). When the run must stop (its deadline), records still running and the items waiting for them are
 * `pending`, never done. Every planned action comes back as exactly one result, in plan order.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Manifest } from '../../manifest/schema';
import { LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import type { AccountClients } from './clients';
import { type Dependency, dependenciesOf, usesLaunchRole } from './dependencies';
import { type LaunchTarget, prepareLaunchTarget } from './launch-target';
import { type HubCatalog } from './hub-catalog';
import { type ShareKind } from './share-kind';
import { awaitRecord, type PollingOptions, runAction } from './provisioning';
import { describeError } from './errors';
import { resultOf } from './results';
import type { AccountContext, ItemResult, PlannedAction } from './types';

export interface ExecuteAccountInput {
  readonly manifest: Manifest;
  readonly account: AccountContext;
  readonly actions: readonly PlannedAction[];
  readonly clients: AccountClients;
  /** How the portfolio reaches this account; undefined when the manifest does not share it with the account. */
  readonly shareKind: ShareKind | undefined;
  /** The hub portfolio of a Region: ID and product IDs (cached by the caller across accounts). */
  readonly hubCatalog: (region: string) => Promise<HubCatalog>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly polling: PollingOptions;
  readonly logger: Logger;
  /** Set when the launch role cannot be in place (e.g. its Region was unreadable): its users are not launched. */
  readonly launchesBlockedBy?: string;
  /** True once the run must stop waiting and starting (a Lambda near its deadline). */
  readonly shouldStop?: () => boolean;
}

const needsLaunchPath = (action: PlannedAction) => action.kind === 'provision' || action.kind === 'update';
const where = (a: PlannedAction) => `${a.productId} in ${a.region}`;

function logResult(logger: Logger, result: ItemResult) {
  const line = logger.createChild({
    persistentKeys: { account: result.accountId, region: result.region, product: result.productId },
  });
  const detail = { action: result.action, outcome: result.outcome, reason: result.reason, recordId: result.recordId };
  if (result.outcome === 'failed') line.error('provisioning item failed', detail);
  else line.info(`provisioning item ${result.outcome}`, detail);
}

/** Why `action` cannot start after its dependencies ended as they did: a result instead of a start, or undefined. */
function blockedResult(action: PlannedAction, ended: readonly { dep: Dependency; result: ItemResult }[]): ItemResult | undefined {
  const pending = ended.find((e) => e.result.outcome === 'pending');
  if (pending) {
    const reason = `waits for ${where(pending.dep.on)}, still running when this run stopped waiting; the next delivery starts it`;
    return resultOf(action, 'pending', reason);
  }
  const launchBlocker = ended.find((e) => e.dep.kind !== 'terminated-first' && e.result.outcome === 'failed');
  if (launchBlocker) {
    const what = launchBlocker.dep.kind === 'launch-role' ? 'the launch-role product' : 'the Falcon directory';
    return resultOf(action, 'failed', `not attempted: ${what} failed first (${launchBlocker.result.reason})`);
  }
  const stuck = ended.filter((e) => e.dep.kind === 'terminated-first' && e.result.outcome !== 'terminated').map((e) => e.dep.on);
  if (stuck.length === 0) return undefined;
  const reason =
    action.productId === LAUNCH_ROLE_PRODUCT_ID
      ? `kept: ${stuck.map(where).join(', ')} could not be terminated and still need its role`
      : `kept: ${stuck.map((a) => a.productId).join(', ')} could not be terminated in ${action.region}`;
  return resultOf(action, 'skipped', reason);
}

export async function executeAccountPlan(input: ExecuteAccountInput): Promise<ItemResult[]> {
  const { manifest, actions } = input;
  const graph = dependenciesOf(actions);

  // One preparation per Region, shared by that Region's launches; a failure there fails only those launches.
  const targets = new Map<string, Promise<LaunchTarget>>();
  const launchTargetFor = (region: string): Promise<LaunchTarget> => {
    let target = targets.get(region);
    if (!target) {
      const shareKind = input.shareKind;
      target =
        shareKind === undefined
          ? Promise.reject(new Error(`portfolio "${manifest.portfolio.name}" is not shared with this account (portfolio.shareWith)`))
          : prepareLaunchTarget({
              client: input.clients.serviceCatalog(region),
              portfolioName: manifest.portfolio.name,
              shareKind,
              principalArn: input.clients.principalArn,
              hubCatalog: () => input.hubCatalog(region),
              sleep: input.sleep,
            });
      target.catch(() => undefined); // observed by every caller below; never an unhandled rejection
      targets.set(region, target);
    }
    return target;
  };
  const blockedBy = (action: PlannedAction) => (usesLaunchRole(action) ? input.launchesBlockedBy : undefined);

  // Launch paths and product look-ups do not depend on any record: made while the records they wait for run, so a
  // product starts the moment its dependencies end. Failures here surface (and are retried) when the item starts.
  for (const action of actions) {
    if (!needsLaunchPath(action) || !action.version || blockedBy(action)) continue;
    const version = action.version;
    launchTargetFor(action.region)
      .then((target) => target.resolve(action.productId, version))
      .catch(() => undefined);
  }

  const start = async (action: PlannedAction): Promise<ItemResult> => {
    const ctx = {
      client: input.clients.serviceCatalog(action.region),
      sleep: input.sleep,
      polling: input.polling,
      ...(input.shouldStop ? { shouldStop: input.shouldStop } : {}),
    };
    if (action.kind === 'skip') return action.inProgress ? awaitRecord(action, ctx) : resultOf(action, 'skipped', action.reason);
    const blocked = blockedBy(action);
    if (blocked && needsLaunchPath(action)) return resultOf(action, 'failed', blocked);
    if (input.shouldStop?.()) return resultOf(action, 'pending', "not started before this run's deadline; the next delivery starts it");
    let launchTarget: LaunchTarget | undefined;
    if (needsLaunchPath(action)) {
      try {
        launchTarget = await launchTargetFor(action.region);
      } catch (error) {
        return resultOf(action, 'failed', `${action.region} could not be prepared for launches: ${describeError(error)}`);
      }
    }
    return runAction(action, { ...ctx, ...(launchTarget ? { launchTarget } : {}) });
  };

  const running = new Map<PlannedAction, Promise<ItemResult>>();
  const resultOfItem = (action: PlannedAction): Promise<ItemResult> => {
    let result = running.get(action);
    if (!result) {
      result = (async () => {
        const deps = graph.get(action) ?? [];
        const ended = await Promise.all(deps.map(async (dep) => ({ dep, result: await resultOfItem(dep.on) })));
        const outcome = blockedResult(action, ended) ?? (await start(action));
        logResult(input.logger, outcome);
        return outcome;
      })();
      running.set(action, result);
    }
    return result;
  };
  return Promise.all(actions.map(resultOfItem));
}

/**
 * Carries out one account's plan.
 *
 * Order: the launch-role product first (the other products' launch constraint uses the role it creates), then the
 * rest of the home Region (global resources live there), then the other Regions in parallel with a limit, and a
 * launch-role termination last. Within a Region the Falcon directory is provisioned before, and terminated after,
 * the products there. A failure is contained to its item (or, when a Region cannot be prepared, to
 * that Region's launches); every planned action comes back as exactly one result.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Manifest } from '../../manifest/schema';
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import { readsDirectory } from './foundation';
import type { AccountClients } from './clients';
import { mapWithConcurrency } from './concurrency';
import { type HubCatalog, type LaunchTarget, prepareLaunchTarget, type ShareKind } from './launch-target';
import { describeError, type PollingOptions, resultOf, runAction } from './provisioning';
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
  readonly regionConcurrency: number;
  readonly logger: Logger;
  /** Set when the launch role cannot be in place (e.g. its Region was unreadable): launches are not attempted. */
  readonly launchesBlockedBy?: string;
}

const needsLaunchPath = (action: PlannedAction) => action.kind === 'provision' || action.kind === 'update';

function logResult(logger: Logger, result: ItemResult) {
  const line = logger.createChild({
    persistentKeys: { account: result.accountId, region: result.region, product: result.productId },
  });
  const detail = { action: result.action, outcome: result.outcome, reason: result.reason, recordId: result.recordId };
  if (result.outcome === 'failed') line.error('provisioning item failed', detail);
  else line.info(`provisioning item ${result.outcome}`, detail);
}

export async function executeAccountPlan(input: ExecuteAccountInput): Promise<ItemResult[]> {
  const { manifest, actions } = input;
  const home = manifest.organization.homeRegion;
  const results = new Map<PlannedAction, ItemResult>();
  const record = (action: PlannedAction, result: ItemResult) => {
    results.set(action, result);
    logResult(input.logger, result);
  };

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

  const run = async (action: PlannedAction, blockedBy?: string): Promise<void> => {
    if (action.kind === 'skip') return record(action, resultOf(action, 'skipped', action.reason));
    if (blockedBy && needsLaunchPath(action)) return record(action, resultOf(action, 'failed', blockedBy));
    let launchTarget: LaunchTarget | undefined;
    if (needsLaunchPath(action)) {
      try {
        launchTarget = await launchTargetFor(action.region);
      } catch (error) {
        const reason = `${action.region} could not be prepared for launches: ${describeError(error)}`;
        return record(action, resultOf(action, 'failed', reason));
      }
    }
    const client = input.clients.serviceCatalog(action.region);
    record(action, await runAction(action, { client, launchTarget, sleep: input.sleep, polling: input.polling }));
  };

  const isLaunchRole = (a: PlannedAction) => a.productId === LAUNCH_ROLE_PRODUCT_ID;
  const isDirectory = (a: PlannedAction) => a.productId === DIRECTORY_PRODUCT_ID;
  const launchRoleFirst = actions.filter((a) => isLaunchRole(a) && a.kind !== 'terminate');
  const launchRoleLast = actions.filter((a) => isLaunchRole(a) && a.kind === 'terminate');
  const others = actions.filter((a) => !isLaunchRole(a));

  for (const action of launchRoleFirst) await run(action);
  const launchRoleFailure = launchRoleFirst.map((a) => results.get(a)).find((r) => r?.outcome === 'failed');
  const blockedBy = launchRoleFailure
    ? `not attempted: the launch-role product failed first (${launchRoleFailure.reason})`
    : input.launchesBlockedBy;

  // In each Region the directory goes first (the products there read it at launch) and is terminated last.
  const runRegion = async (region: string) => {
    const inRegion = others.filter((a) => a.region === region);
    const directoryFirst = inRegion.filter((a) => isDirectory(a) && a.kind !== 'terminate');
    const directoryLast = inRegion.filter((a) => isDirectory(a) && a.kind === 'terminate');
    const products = inRegion.filter((a) => !isDirectory(a));
    for (const action of directoryFirst) await run(action, blockedBy);
    const directoryFailure = directoryFirst.map((a) => results.get(a)).find((r) => r?.outcome === 'failed');
    for (const action of products) {
      const waitsForDirectory = directoryFailure && action.version && readsDirectory(action.productId, action.version);
      const reason = waitsForDirectory ? `not attempted: the Falcon directory failed first (${directoryFailure.reason})` : undefined;
      await run(action, blockedBy ?? reason);
    }
    const stuck = products.filter((a) => a.kind === 'terminate' && results.get(a)?.outcome !== 'terminated');
    for (const action of directoryLast) {
      if (stuck.length > 0) {
        const names = stuck.map((a) => a.productId).join(', ');
        record(action, resultOf(action, 'skipped', `kept: ${names} could not be terminated in ${region}`));
      } else {
        await run(action);
      }
    }
  };
  if (others.some((a) => a.region === home)) await runRegion(home);
  const otherRegions = [...new Set(others.filter((a) => a.region !== home).map((a) => a.region))];
  await mapWithConcurrency(otherRegions, input.regionConcurrency, runRegion);

  const leftBehind = others.filter((a) => a.kind === 'terminate' && results.get(a)?.outcome !== 'terminated');
  for (const action of launchRoleLast) {
    if (leftBehind.length > 0) {
      const names = leftBehind.map((a) => `${a.productId} in ${a.region}`).join(', ');
      record(action, resultOf(action, 'skipped', `kept: ${names} could not be terminated and still need its role`));
    } else {
      await run(action);
    }
  }

  return actions.map((action) => {
    const result = results.get(action);
    if (!result) throw new Error(`internal: no result recorded for ${action.productId} in ${action.region}`);
    return result;
  });
}

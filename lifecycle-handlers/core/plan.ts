/**
 * Desired vs actual → one action per account × product × Region, each with the reason an operator reads in
 * `falcon-catalog plan` and in the result events (pure).
 */
import type { Manifest } from '../../manifest/schema';
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { compareVersions, currentVersionName, findProduct, findVersion, LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import { parametersDigest } from './identity';
import type {
  AccountContext,
  ActualItem,
  DesiredItem,
  DesiredState,
  ParameterChange,
  ParameterValues,
  PlannedAction,
} from './types';

export type LifecycleChoices = Pick<Manifest['lifecycle'], 'onAccountLeavesScope' | 'onAccountSuspended'>;

export function parameterDiff(from: ParameterValues | undefined, to: ParameterValues): ParameterChange[] {
  const before = from ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(to)])].sort();
  return keys.filter((key) => before[key] !== to[key]).map((key) => ({ key, from: before[key], to: to[key] }));
}

const placeOf = (item: { region: string; productId: string }) => `${item.region}/${item.productId}`;

function base(item: DesiredItem | ActualItem) {
  return {
    accountId: item.accountId,
    region: item.region,
    productId: item.productId,
    provisionedProductName: item.provisionedProductName,
  };
}

const IN_PROGRESS = 'in progress, will converge on the next delivery';

/** An UNDER_CHANGE product with a known record: the core waits for that record rather than skipping past it. */
function inProgress(actual: ActualItem): { inProgress?: true } {
  return actual.status === 'UNDER_CHANGE' && actual.lastRecordId ? { inProgress: true } : {};
}

/** Why the parameters differ, or undefined when they match. Knows only a digest when the values were too long. */
function parameterDrift(desired: DesiredItem, actual: ActualItem): string | undefined {
  if (actual.parameters !== undefined) {
    const changes = parameterDiff(actual.parameters, desired.parameters);
    return changes.length > 0 ? `parameters changed: ${changes.map((c) => c.key).join(', ')}` : undefined;
  }
  if (actual.parametersDigest === undefined) {
    return 'parameters were never recorded on this provisioned product; re-applying records them';
  }
  return actual.parametersDigest === parametersDigest(desired.parameters)
    ? undefined
    : 'parameters changed (only their digest was recorded, the previous values are not known)';
}

/** Why an internal product (no assignment names it) is wanted, in the words of the plan's reasons. */
function internalPurpose(productId: string): string {
  return productId === DIRECTORY_PRODUCT_ID ? 'Falcon directory' : productId === LAUNCH_ROLE_PRODUCT_ID ? 'launch role' : 'internal';
}

function planDesired(desired: DesiredItem, actual: ActualItem | undefined): PlannedAction {
  const common = { ...base(desired), version: desired.version, parameters: desired.parameters };
  if (actual === undefined) {
    const why = desired.assignments.length > 0 ? `assignment ${desired.assignments.join(', ')}` : internalPurpose(desired.productId);
    return {
      ...common,
      kind: 'provision',
      reason: `not provisioned yet (${why})`,
      parameterDiff: parameterDiff(undefined, desired.parameters),
    };
  }
  const existing = {
    ...common,
    provisionedProductId: actual.provisionedProductId,
    ...(actual.lastRecordId ? { lastRecordId: actual.lastRecordId } : {}),
  };
  const diff = parameterDiff(actual.parameters, desired.parameters);
  const detail = actual.statusMessage ? `: ${actual.statusMessage}` : '';

  switch (actual.status) {
    case 'UNDER_CHANGE':
    case 'PLAN_IN_PROGRESS':
      return { ...existing, kind: 'skip', reason: `${actual.status}: ${IN_PROGRESS}`, parameterDiff: [], ...inProgress(actual) };
    case 'TAINTED':
      return {
        ...existing,
        kind: 'update',
        reason: `TAINTED (its last update failed${detail}); re-applying ${desired.version}`,
        parameterDiff: diff,
      };
    case 'ERROR':
      // An ERROR product has no running stack (a failed create ends in ROLLBACK_COMPLETE), and CloudFormation
      // cannot update such a stack: it is replaced, i.e. terminated and provisioned again.
      return {
        ...existing,
        kind: 'provision',
        reason: `ERROR (its last provisioning failed${detail}); replacing it with ${desired.version}`,
        parameterDiff: diff,
      };
    case 'AVAILABLE': {
      // A retired version is never the first launchable one, so this always moves the product.
      const step = desired.firstLaunchable;
      const product = findProduct(desired.productId);
      const onRetired = actual.version !== undefined && product !== undefined && findVersion(product, actual.version)?.retired !== undefined;
      if (step && onRetired) {
        return {
          ...existing,
          kind: 'update',
          version: step.version,
          parameters: step.parameters,
          reason:
            `version ${actual.version} → ${step.version}, retired → first launchable (the product boundary goes on the ` +
            `roles before their policies change); ${desired.version} on the next run`,
          parameterDiff: parameterDiff(actual.parameters, step.parameters),
        };
      }
      const reasons: string[] = [];
      if (actual.version !== desired.version) {
        reasons.push(`version ${actual.version ?? '(unknown)'} → ${desired.version}`);
      }
      const drift = parameterDrift(desired, actual);
      if (drift) reasons.push(drift);
      if (reasons.length === 0) return { ...existing, kind: 'skip', reason: 'up to date', parameterDiff: [] };
      return { ...existing, kind: 'update', reason: reasons.join('; '), parameterDiff: diff };
    }
  }
}

function planUnwanted(
  actual: ActualItem,
  choice: 'terminate' | 'retain',
  why: string,
  setting: string,
): PlannedAction {
  const common = {
    ...base(actual),
    version: actual.version,
    provisionedProductId: actual.provisionedProductId,
    ...(actual.lastRecordId ? { lastRecordId: actual.lastRecordId } : {}),
    parameterDiff: [],
  };
  if (actual.status === 'UNDER_CHANGE' || actual.status === 'PLAN_IN_PROGRESS') {
    return { ...common, kind: 'skip', reason: `${why}, but ${actual.status}: ${IN_PROGRESS}`, ...inProgress(actual) };
  }
  return choice === 'terminate'
    ? { ...common, kind: 'terminate', reason: `${why} (lifecycle.${setting}: terminate)` }
    : { ...common, kind: 'skip', reason: `${why}; retained (lifecycle.${setting}: retain)` };
}

/**
 * The launch role can go only when nothing else of ours stays in the account: every other product's launch
 * constraint names the role it creates, and Service Catalog needs it to terminate them too.
 */
function keepLaunchRoleIfStillUsed(actions: PlannedAction[]): PlannedAction[] {
  const othersRemain = actions.some(
    (a) => a.productId !== LAUNCH_ROLE_PRODUCT_ID && a.provisionedProductId !== undefined && a.kind !== 'terminate',
  );
  if (!othersRemain) return actions;
  return actions.map((a) =>
    a.productId === LAUNCH_ROLE_PRODUCT_ID && a.kind === 'terminate'
      ? { ...a, kind: 'skip', reason: `${a.reason}; kept because other Falcon products in this account still use it` }
      : a,
  );
}

/**
 * The directory of a Region stays while any other Falcon product of ours stays there, not only a version that reads
 * it: a reading version resolves its SSM-typed parameters from it on every update, and a product being moved to an
 * older version may fail that update and stay on the reading one. A few SSM parameters left in place cost nothing;
 * a stack that can no longer update costs an incident. (The launch role has the same rule for the whole account.)
 */
function keepDirectoryIfStillUsed(actions: PlannedAction[]): PlannedAction[] {
  const remainsIn = (region: string) =>
    actions.some(
      (a) =>
        a.region === region &&
        a.productId !== DIRECTORY_PRODUCT_ID &&
        a.productId !== LAUNCH_ROLE_PRODUCT_ID &&
        a.provisionedProductId !== undefined &&
        a.kind !== 'terminate',
    );
  return actions.map((a) =>
    a.productId === DIRECTORY_PRODUCT_ID && a.kind === 'terminate' && remainsIn(a.region)
      ? { ...a, kind: 'skip', reason: `${a.reason}; kept because other Falcon products in ${a.region} still read it` }
      : a,
  );
}

export const BLUEPRINT_MANAGED_REASON = 'managed by the Account Factory blueprint';
export const NOT_OURS_REASON =
  'not provisioned by the lifecycle (no falcon-catalog:managed-by tag, or not a product of the hub portfolio): ' +
  'never changed, and nothing is launched in its place';

/** The launch-role version a product version needs (the registry's `minimumLaunchRole`), if any. */
function requiredLaunchRole(productId: string, version: string | undefined): string | undefined {
  const product = findProduct(productId);
  return version === undefined || !product ? undefined : findVersion(product, version)?.minimumLaunchRole;
}

/** Where the launch role the account's launches will use comes from, and its version then. */
interface LaunchRoleInPlace {
  /** undefined: not known (e.g. a blueprint role whose version was never recorded). */
  readonly version: string | undefined;
  readonly why: string;
}

/**
 * The launch role the account's launches will run with. The core provisions or updates the launch-role product
 * before anything else and launches nothing when that fails (execute.ts), so a planned launch-role provision or
 * update counts as done; a blueprint's launch role is never updated by the core; the hub and the management account
 * of a separate hub get theirs from the install, built from the newest version (foundation.ts).
 */
function launchRoleInPlace(actions: readonly PlannedAction[], actual: readonly ActualItem[]): LaunchRoleInPlace {
  const planned = actions.find((a) => a.productId === LAUNCH_ROLE_PRODUCT_ID && a.kind !== 'terminate');
  if (planned && (planned.kind === 'provision' || planned.kind === 'update')) {
    return { version: planned.version, why: `the launch role is ${planned.kind === 'provision' ? 'provisioned' : 'updated'} first, at ${planned.version}` };
  }
  const existing = actual.find((a) => a.productId === LAUNCH_ROLE_PRODUCT_ID);
  if (existing) {
    const owner = existing.managedBy === 'blueprint' ? ` (${BLUEPRINT_MANAGED_REASON}, never updated by the lifecycle)` : '';
    return { version: existing.version, why: `this account's launch role is at ${existing.version ?? 'an unknown version'}${owner}` };
  }
  const launchRole = findProduct(LAUNCH_ROLE_PRODUCT_ID)!;
  return { version: currentVersionName(launchRole), why: 'the launch role comes with the install' };
}

/**
 * No product version is launched (provisioned or updated) into an account whose launch role will be older than the
 * version it needs: it waits, with the reason, and everything else goes ahead.
 */
function waitForLaunchRole(actions: PlannedAction[], actual: readonly ActualItem[]): PlannedAction[] {
  const inPlace = launchRoleInPlace(actions, actual);
  const launchRole = findProduct(LAUNCH_ROLE_PRODUCT_ID)!;
  return actions.map((a) => {
    if (a.kind !== 'provision' && a.kind !== 'update') return a;
    const needed = requiredLaunchRole(a.productId, a.version);
    if (needed === undefined) return a;
    if (inPlace.version !== undefined && compareVersions(launchRole, inPlace.version, needed) >= 0) return a;
    const reason = `waits for launch role ${needed} or newer, which ${a.productId} ${a.version} needs: ${inPlace.why}`;
    return { ...a, kind: 'skip', reason, parameterDiff: [] };
  });
}

/**
 * Products the Account Factory blueprint (falcon-baseline) provisioned are its stack's resources, and products
 * someone else launched are theirs: the core never updates or terminates either, and never provisions a second
 * copy of the same product in the same place.
 */
export function planAccount(
  account: AccountContext,
  desired: DesiredState,
  actual: readonly ActualItem[],
  lifecycle: LifecycleChoices,
): PlannedAction[] {
  const ownPlaces = new Set(actual.filter((a) => a.managedBy === undefined).map(placeOf));
  // Where the lifecycle has its own product, it keeps managing it whatever else is there; elsewhere it stays out.
  const blueprintPlaces = new Set(
    actual.filter((a) => a.managedBy !== undefined && !ownPlaces.has(placeOf(a))).map(placeOf),
  );
  if (actual.every((a) => a.managedBy === undefined)) return waitForLaunchRole(planOwned(account, desired, actual, lifecycle), actual);
  const untouched: PlannedAction[] = actual
    .filter((a) => a.managedBy !== undefined)
    .map((a) => ({
      ...base(a),
      kind: 'skip',
      reason: a.managedBy === 'blueprint' ? BLUEPRINT_MANAGED_REASON : NOT_OURS_REASON,
      version: a.version,
      provisionedProductId: a.provisionedProductId,
      parameterDiff: [],
    }));
  const owned = planOwned(
    account,
    {
      items: desired.items.filter((i) => !blueprintPlaces.has(placeOf(i))),
      conflicts: desired.conflicts.filter((c) => !blueprintPlaces.has(placeOf(c))),
    },
    actual.filter((a) => a.managedBy === undefined && !blueprintPlaces.has(placeOf(a))),
    lifecycle,
  );
  const blueprintLaunchRole = actual.filter((a) => a.managedBy === 'blueprint' && a.productId === LAUNCH_ROLE_PRODUCT_ID);
  return [...untouched, ...waitForLaunchRole(owned, [...actual.filter((a) => a.managedBy === undefined), ...blueprintLaunchRole])];
}

function planOwned(
  account: AccountContext,
  desired: DesiredState,
  actual: readonly ActualItem[],
  lifecycle: LifecycleChoices,
): PlannedAction[] {
  const actualByPlace = new Map(actual.map((item) => [placeOf(item), item]));
  const desiredPlaces = new Set(desired.items.map(placeOf));
  const conflictPlaces = new Set(desired.conflicts.map(placeOf));
  const actions: PlannedAction[] = [];

  if (account.status !== 'ACTIVE') {
    const why = `account is ${account.status}`;
    for (const item of desired.items) {
      if (actualByPlace.has(placeOf(item))) continue;
      actions.push({
        ...base(item),
        kind: 'skip',
        version: item.version,
        reason: `${why}: nothing is provisioned into it`,
        parameterDiff: [],
      });
    }
    for (const item of actual) {
      actions.push(planUnwanted(item, lifecycle.onAccountSuspended, why, 'onAccountSuspended'));
    }
    return keepLaunchRoleIfStillUsed(keepDirectoryIfStillUsed(actions));
  }

  for (const item of desired.items) actions.push(planDesired(item, actualByPlace.get(placeOf(item))));
  for (const conflict of desired.conflicts) {
    const existing = actualByPlace.get(placeOf(conflict));
    actions.push({
      accountId: conflict.accountId,
      region: conflict.region,
      productId: conflict.productId,
      provisionedProductName: existing?.provisionedProductName ?? `falcon-${conflict.productId}`,
      kind: 'skip',
      reason:
        conflict.kind === 'conflict'
          ? `conflict: ${conflict.reason}; fix the manifest (nothing is changed until then)`
          : `blocked: ${conflict.reason}`,
      version: existing?.version,
      provisionedProductId: existing?.provisionedProductId,
      parameterDiff: [],
    });
  }
  for (const item of actual) {
    const place = placeOf(item);
    if (desiredPlaces.has(place) || conflictPlaces.has(place)) continue;
    const why = 'no assignment covers this account and Region any more';
    actions.push(planUnwanted(item, lifecycle.onAccountLeavesScope, why, 'onAccountLeavesScope'));
  }
  return keepLaunchRoleIfStillUsed(keepDirectoryIfStillUsed(actions));
}

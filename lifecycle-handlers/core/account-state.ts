/**
 * Desired and actual state of one account, and the plan between them: everything short of changing anything.
 *
 * A suspended or closing account whose products are retained is planned without a single AWS call (its role
 * usually cannot be assumed any more). Otherwise actual state is read in every Region that is desired or governed
 * (a product can linger in a Region the manifest no longer names); a Region that cannot be read is reported and
 * left out of the plan instead of being mistaken for "nothing provisioned there".
 */
import type { Manifest } from '../../manifest/schema';
import { accessPathFor } from './access';
import { readActualState } from './actual-state';
import type { AccountClients, ClientsFactory } from './clients';
import type { HubCatalog } from './hub-catalog';
import { mapWithConcurrency } from './concurrency';
import type { RegistrationOutputs } from '../../vocabulary';
import { desiredStateFor } from './desired-state';
import { planAccount } from './plan';
import { describeError } from './errors';
import type { AccountContext, ActualItem, DesiredItem, DesiredState, PlannedAction } from './types';

/** A Region (or, with region undefined, the whole account) whose actual state could not be read. */
export interface Unreadable {
  readonly region?: string;
  readonly reason: string;
}

export interface AccountAssessment {
  readonly account: AccountContext;
  readonly desired: DesiredState;
  readonly actions: PlannedAction[];
  /** What was read in the readable Regions (empty when nothing was read); `falcon-catalog status` shows it. */
  readonly actual: readonly ActualItem[];
  readonly unreadable: Unreadable[];
  /** Desired items in unreadable Regions: reported as failed, never planned blind. */
  readonly unplanned: DesiredItem[];
  /** Clients for the account, when its execution role could be assumed. */
  readonly clients?: AccountClients;
}

export async function assessAccount(
  manifest: Manifest,
  account: AccountContext,
  clients: ClientsFactory,
  regionConcurrency: number,
  hubCatalog: (region: string) => Promise<HubCatalog>,
  registration?: RegistrationOutputs,
): Promise<AccountAssessment> {
  const desired = desiredStateFor(manifest, account, registration);

  if (account.status !== 'ACTIVE' && manifest.lifecycle.onAccountSuspended === 'retain') {
    const actions = planAccount(account, desired, [], manifest.lifecycle);
    return { account, desired, actions, actual: [], unreadable: [], unplanned: [] };
  }

  let accountClients: AccountClients;
  try {
    accountClients = await clients.forAccount(account.id);
  } catch (error) {
    const path = accessPathFor(manifest.organization, account.id).description;
    const reason = `cannot reach ${account.id} through ${path}: ${describeError(error)}`;
    return { account, desired, actions: [], actual: [], unreadable: [{ reason }], unplanned: [...desired.items] };
  }

  const regions = [
    ...new Set([...desired.items.map((i) => i.region), ...manifest.organization.governedRegions]),
  ];
  const unreadable: Unreadable[] = [];
  const actual: ActualItem[] = [];
  await mapWithConcurrency(regions, regionConcurrency, async (region) => {
    try {
      // Without the hub portfolio's product IDs nothing can be told apart as ours: the Region is unreadable.
      const { registryIdOf } = await hubCatalog(region);
      actual.push(...(await readActualState(accountClients.serviceCatalog(region), account.id, region, registryIdOf)));
    } catch (error) {
      unreadable.push({ region, reason: `provisioned products in ${region} could not be read: ${describeError(error)}` });
    }
  });

  const blind = new Set(unreadable.map((u) => u.region));
  const readable: DesiredState = {
    items: desired.items.filter((i) => !blind.has(i.region)),
    conflicts: desired.conflicts.filter((c) => !blind.has(c.region)),
  };
  const actions = planAccount(account, readable, actual, manifest.lifecycle);
  const unplanned = desired.items.filter((i) => blind.has(i.region));
  return { account, desired, actions, actual, unreadable, unplanned, clients: accountClients };
}

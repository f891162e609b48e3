/** The sweeper's work: read the organisation, pick the assigned account × Region pairs, queue one message each. */
import type { Manifest } from '../../manifest/schema';
import type { OrganizationReader } from '../core/organization';
import type { EksWorkQueue } from './messages';
import { sweepTargets } from './sweep-targets';

export async function planSweep(
  manifest: Manifest,
  organization: Pick<OrganizationReader, 'allAccounts'>,
  queue: Pick<EksWorkQueue, 'sendAll'>,
): Promise<number> {
  const targets = sweepTargets(manifest, await organization.allAccounts());
  await queue.sendAll(targets.map((t) => ({ kind: 'sweep-target', accountId: t.accountId, region: t.region })));
  return targets.length;
}

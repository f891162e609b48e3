/**
 * Which account × Region pairs the sweeper visits: exactly those where the manifest puts `eks-protection`
 * (enabled, assignment covers the account, not excluded), each once, for ACTIVE accounts only. The management
 * account is an account like any other here: covered when an assignment covers it.
 */
import type { Manifest } from '../../manifest/schema';
import { EKS_PRODUCT_ID } from '../../products/eks-names';
import { desiredStateFor } from '../core/desired-state';
import type { AccountContext } from '../core/types';

export interface SweepTarget {
  readonly accountId: string;
  readonly region: string;
}

export function sweepTargets(manifest: Manifest, accounts: readonly AccountContext[]): SweepTarget[] {
  const seen = new Set<string>();
  const targets: SweepTarget[] = [];
  for (const account of accounts) {
    if (account.status !== 'ACTIVE') continue;
    // No registration is passed: eks-protection's parameters do not depend on it.
    for (const item of desiredStateFor(manifest, account).items) {
      const key = `${item.accountId}|${item.region}`;
      if (item.productId !== EKS_PRODUCT_ID || seen.has(key)) continue;
      seen.add(key);
      targets.push({ accountId: item.accountId, region: item.region });
    }
  }
  return targets;
}

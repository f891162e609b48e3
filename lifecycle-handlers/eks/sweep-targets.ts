/**
 * Which account × Region pairs the sweeper visits: exactly those where the manifest puts `eks-protection`
 * (enabled, assignment covers the account, not excluded), each once, for ACTIVE accounts only. The management
 * account is an account like any other here: covered when an assignment covers it.
 */
import type { Manifest } from '../../manifest/schema';
import { EKS_PRODUCT_ID } from '../../products/eks-protection/names';
import { findProduct } from '../../products/registry';
import { assignmentCoversAccount, regionsFor } from '../core/desired-state';
import type { AccountContext } from '../core/types';

export interface SweepTarget {
  readonly accountId: string;
  readonly region: string;
}

export function sweepTargets(manifest: Manifest, accounts: readonly AccountContext[]): SweepTarget[] {
  const product = findProduct(EKS_PRODUCT_ID);
  if (!product || !manifest.products[EKS_PRODUCT_ID]?.enabled) return [];
  // From the assignments, not from the desired state: a product version's parameters may wait for the Falcon
  // registration, but where the manifest puts eks-protection does not.
  const assignments = manifest.assignments.filter((a) => a.product === EKS_PRODUCT_ID);
  const seen = new Set<string>();
  const targets: SweepTarget[] = [];
  for (const account of accounts) {
    if (account.status !== 'ACTIVE') continue;
    for (const assignment of assignments.filter((a) => assignmentCoversAccount(a, account))) {
      for (const region of regionsFor(assignment.regions, manifest, product)) {
        const key = `${account.id}|${region}`;
        if (seen.has(key) || (product.supportedRegions && !product.supportedRegions.includes(region))) continue;
        seen.add(key);
        targets.push({ accountId: account.id, region });
      }
    }
  }
  return targets;
}

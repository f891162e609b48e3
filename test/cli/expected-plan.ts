/**
 * What the manifest reference (manifest/README.md) says an assignment puts where, read off the manifest and the org
 * model directly, so the CLI tests follow the example instead of pinning its contents: an assignment covers the
 * accounts under its target OUs (by path or ID, descendants included) and its target accounts, minus its exclusions;
 * a home-only product goes to the home Region, any other to the assignment's Regions; a Region the product is not
 * published in is skipped, and so is every item of an account that is not ACTIVE.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadValidManifest } from '../../manifest/load';
import type { Manifest } from '../../manifest/schema';
import type { OrgAccount, OrgNode } from '../../manifest/org-checks';
import { findProduct } from '../../products/registry';
import { orgModelView } from '../../cli/simulated/org-model-view';
import { parseOrgModel } from '../../simulator';
import { ROOT } from './run-bin';

export interface ExpectedItem {
  readonly account: string;
  readonly product: string;
  readonly region: string;
  readonly action: 'provision' | 'skip';
}

const refCovers = (ref: string, ancestors: readonly OrgNode[]) => ancestors.some((n) => n.id === ref || n.path === ref);

export function covers(assignment: Manifest['assignments'][number], account: OrgAccount): boolean {
  const t = assignment.targets;
  if (t.exclude.accounts.includes(account.id) || t.exclude.organizationalUnits.some((r) => refCovers(r, account.ancestors))) return false;
  return t.accounts.includes(account.id) || t.organizationalUnits.some((r) => refCovers(r, account.ancestors));
}

export function exampleWorld(manifestFile = 'manifest/manifest.example.yaml', orgFile = 'manifest/org-model.example.yaml') {
  const manifest = loadValidManifest(path.join(ROOT, manifestFile));
  const org = orgModelView(parseOrgModel(readFileSync(path.join(ROOT, orgFile), 'utf8')));
  return { manifest, org };
}

export function assignedItems(manifest: Manifest, accounts: readonly OrgAccount[]): ExpectedItem[] {
  const { homeRegion, governedRegions } = manifest.organization;
  const items = new Map<string, ExpectedItem>();
  for (const a of manifest.assignments) {
    const product = findProduct(a.product)!;
    const regions =
      product.regionScope === 'home-only' ? [homeRegion] : a.regions === 'home' ? [homeRegion] : a.regions === 'governed' ? governedRegions : a.regions;
    for (const account of accounts.filter((x) => covers(a, x))) {
      for (const region of regions) {
        const offered = !product.supportedRegions || product.supportedRegions.includes(region);
        const action = account.status === 'ACTIVE' && offered ? 'provision' : 'skip';
        items.set(`${account.id}/${a.product}/${region}`, { account: account.id, product: a.product, region, action });
      }
    }
  }
  return [...items.values()];
}

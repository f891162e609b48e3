/**
 * What one account should have, from the manifest alone (pure).
 *
 * An assignment puts a product into an account when a target OU (by ID or path; an OU covers its descendants) or
 * the account itself is listed and no exclusion matches. Products the manifest does not enable are never desired.
 * `home-only` products land in the home Region whatever Regions the assignment lists. The internal products an
 * account needs first (launch role, Falcon directory) come from `foundation.ts`.
 */
import type { Assignment, Manifest, RegionSelector } from '../../manifest/schema';
import { compareVersions, currentVersionName, findProduct, launchableVersions } from '../../products/registry';
import { type ProductDefinition, type RegistrationOutputs } from '../../vocabulary';
import { foundationFor } from './foundation';
import { canonicalParameters, provisionedProductName } from './identity';
import { anyOuRefCovers } from './ou-refs';
import type { AccountContext, DesiredConflict, DesiredItem, DesiredState, ParameterValues } from './types';
import { organizationFacts } from '../../manifest/organization-facts';

export function assignmentCoversAccount(assignment: Assignment, account: AccountContext): boolean {
  const { targets } = assignment;
  if (targets.exclude.accounts.includes(account.id)) return false;
  if (anyOuRefCovers(targets.exclude.organizationalUnits, account.ancestors)) return false;
  return targets.accounts.includes(account.id) || anyOuRefCovers(targets.organizationalUnits, account.ancestors);
}

/** The Regions an assignment names: home, every governed Region, or its list. */
export function assignedRegions(selector: RegionSelector, manifest: Manifest): string[] {
  const { homeRegion, governedRegions } = manifest.organization;
  const listed = selector === 'home' ? [homeRegion] : selector === 'governed' ? governedRegions : selector;
  return [...new Set(listed)];
}

/**
 * Where an assignment puts a product in one account: the home Region for `home-only` products; otherwise the
 * assigned Regions plus the product's required Regions (threat-detection: the partition's global-events Region).
 */
export function regionsFor(selector: RegionSelector, manifest: Manifest, product: ProductDefinition): string[] {
  if (product.regionScope === 'home-only') return [manifest.organization.homeRegion];
  const required = product.requiredRegions?.(manifest.organization.partition).map((r) => r.region) ?? [];
  return [...new Set([...assignedRegions(selector, manifest), ...required])];
}

export function versionFor(manifest: Manifest, product: ProductDefinition): string {
  const setting = manifest.products[product.id as keyof Manifest['products']];
  return setting?.version ?? currentVersionName(product);
}

/**
 * A product with retired versions names, besides the version it should reach, its first launchable one: the version
 * that put the product boundary on the roles of the retired ones. A product found on a retired version is moved
 * there first, so the boundary is on its roles before a later version changes their policies in another update.
 * CloudFormation publishes no order for a role's boundary and policy changes within one update, and launch role
 * v1.4.0 and newer change a role's policies only while it carries the boundary (products/launch-role/).
 */
function firstLaunchableStep(
  product: ProductDefinition,
  version: string,
  parametersAt: (version: string) => ParameterValues,
): Pick<DesiredItem, 'firstLaunchable'> {
  if (!product.versions.some((v) => v.retired)) return {};
  const first = launchableVersions(product)[0]?.name;
  // Only on the way to a later version: a manifest that pins the first launchable or a retired one gets what it pins.
  if (first === undefined || compareVersions(product, version, first) <= 0) return {};
  return { firstLaunchable: { version: first, parameters: parametersAt(first) } };
}

function isEnabled(manifest: Manifest, productId: string): boolean {
  return manifest.products[productId as keyof Manifest['products']]?.enabled === true;
}

interface Candidate {
  readonly item: DesiredItem;
  readonly fingerprint: string;
}

/**
 * `registration` is the hub's Falcon organisation registration (non-secret outputs); products whose parameters
 * need it are blocked, with the reason, until the hub has published it.
 */
export function desiredStateFor(
  manifest: Manifest,
  account: AccountContext,
  registration?: RegistrationOutputs,
): DesiredState {
  const byPlace = new Map<string, Candidate[]>();
  const blocked: DesiredConflict[] = [];

  for (const assignment of manifest.assignments) {
    const product = findProduct(assignment.product);
    // The manifest schema only admits assignable products, so a miss here means the registry and schema disagree.
    if (!product) throw new Error(`assignment ${assignment.name} names unknown product ${assignment.product}`);
    if (!isEnabled(manifest, product.id) || !assignmentCoversAccount(assignment, account)) continue;

    for (const region of regionsFor(assignment.regions, manifest, product)) {
      if (product.supportedRegions && !product.supportedRegions.includes(region)) {
        const reason = `${product.id} is not available in ${region} (it is published in ${product.supportedRegions.length} Regions; see products/registry.ts)`;
        blocked.push({ kind: 'blocked', accountId: account.id, region, productId: product.id, assignments: [assignment.name], reason });
        continue;
      }
      const parametersAt = (version: string): ParameterValues =>
        product.templateParameters({
          org: organizationFacts(manifest),
          version,
          accountId: account.id,
          region,
          isHomeRegion: region === manifest.organization.homeRegion,
          assignment: assignment.parameters,
          // home-only products that act on several Regions (ecr-connections) take the assignment's Regions.
          assignmentRegions: assignedRegions(assignment.regions, manifest),
          registration,
        });
      const version = versionFor(manifest, product);
      let parameters: ParameterValues;
      let step: Pick<DesiredItem, 'firstLaunchable'>;
      try {
        parameters = parametersAt(version);
        step = firstLaunchableStep(product, version, parametersAt);
      } catch (error) {
        // Missing registration, or a registration that lacks what this product needs: this item waits, with the
        // reason, and the account's other items go ahead.
        if (!(error instanceof Error)) throw error;
        blocked.push({ kind: 'blocked', accountId: account.id, region, productId: product.id, assignments: [assignment.name], reason: error.message });
        continue;
      }
      const item: DesiredItem = {
        accountId: account.id,
        region,
        productId: product.id,
        version,
        parameters,
        provisionedProductName: provisionedProductName(product.id),
        assignments: [assignment.name],
        ...step,
      };
      const place = `${region}/${product.id}`;
      byPlace.set(place, [...(byPlace.get(place) ?? []), { item, fingerprint: canonicalParameters(parameters) }]);
    }
  }

  const items: DesiredItem[] = [];
  const conflicts: DesiredConflict[] = [...blocked];
  for (const candidates of byPlace.values()) {
    const first = candidates[0].item;
    const assignments = candidates.map((c) => c.item.assignments[0]);
    if (new Set(candidates.map((c) => c.fingerprint)).size > 1) {
      conflicts.push({
        kind: 'conflict',
        accountId: account.id,
        region: first.region,
        productId: first.productId,
        assignments,
        reason: `assignments ${assignments.join(', ')} give ${first.productId} different parameters in ${first.region}`,
      });
    } else {
      items.push({ ...first, assignments });
    }
  }

  const foundation = foundationFor(manifest, account, { items, conflicts }, registration);
  return { items: [...foundation.items, ...items], conflicts: [...conflicts, ...foundation.blocked] };
}

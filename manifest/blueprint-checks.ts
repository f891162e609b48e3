/**
 * Cross-field checks on `blueprint`: the products it configures must be enabled and their parameters valid for
 * the product (and for the version the newest baseline pins); the console roles must be in the organisation's
 * partition; the hub should not be the management account, which AFC discourages; and the newest baseline version,
 * the one Account Factory should launch, must provision only launchable product versions.
 */
import {
  type BaselineComponent,
  NEWEST_BASELINE_COMPONENTS,
  NEWEST_BASELINE_VERSION,
} from '../products/falcon-baseline/definition';
import { currentVersionName, findProduct, findVersion } from '../products/registry';
import { error, type Finding, warning } from './diagnostics';
import { hubAccountOf } from './hub-account';
import { organizationFacts } from './organization-facts';
import type { Manifest } from './schema';
import { findingsFromZodIssues } from './zod-issues';

function productChecks(manifest: Manifest, blueprint: NonNullable<Manifest['blueprint']>): Finding[] {
  const findings: Finding[] = [];
  for (const [id, setting] of Object.entries(blueprint.products)) {
    const def = findProduct(id);
    if (!def || !setting) continue; // the schema already rejected an unknown product ID
    const path = ['blueprint', 'products', id];
    if (!manifest.products[id as keyof Manifest['products']]?.enabled) {
      findings.push(
        error(
          path,
          `${id} is not enabled (products.${id}.enabled): the portfolio would not publish it, so the baseline ` +
            'could not provision it; enable it or remove it here',
        ),
      );
    }
    const parsed = def.assignmentParameters.safeParse(setting.parameters, { reportInput: true });
    if (!parsed.success) {
      findings.push(...findingsFromZodIssues(parsed.error.issues, def.assignmentParameters, [...path, 'parameters']));
    }
    findings.push(...pinnedVersionChecks(manifest, id, path));
  }
  return findings;
}

/**
 * The product's own manifest rules for the version the newest baseline pins (the hub computes that version's
 * parameters), unless `products` already runs them for the same version.
 */
function pinnedVersionChecks(manifest: Manifest, id: string, path: readonly string[]): Finding[] {
  const def = findProduct(id);
  const pinned = NEWEST_BASELINE_COMPONENTS.find((c) => c.productId === id)?.version;
  if (!def?.manifestChecks || !pinned) return [];
  const setting = manifest.products[id as keyof Manifest['products']];
  if (setting?.enabled && (setting.version ?? currentVersionName(def)) === pinned) return [];
  return def.manifestChecks({ org: organizationFacts(manifest), version: pinned }).map((f) =>
    (f.severity === 'error' ? error : warning)(
      [...path],
      `falcon-baseline ${NEWEST_BASELINE_VERSION} provisions ${id} ${pinned}: ${f.message}`,
    ),
  );
}

function accessRoleChecks(manifest: Manifest, blueprint: NonNullable<Manifest['blueprint']>): Finding[] {
  const { partition } = manifest.organization;
  const path = ['blueprint', 'consoleUserRoleArns'];
  const findings: Finding[] = [];
  blueprint.consoleUserRoleArns.forEach((arn, index) => {
    const arnPartition = arn.split(':')[1];
    if (arnPartition !== partition) {
      findings.push(error([...path, index], `role is in partition ${arnPartition}, but organization.partition is ${partition}`));
    }
  });
  if (!blueprint.createAccessRole && blueprint.consoleUserRoleArns.length > 0) {
    findings.push(
      warning(path, 'these roles are only used by the AWSControlTowerBlueprintAccess role; set createAccessRole: true or remove them'),
    );
  }
  return findings;
}

/**
 * The warning for a baseline version that pins retired product versions (DEPRECATED in Service Catalog, which
 * refuses new launches of them), so every Account Factory launch of it fails; undefined when all are launchable.
 */
export function retiredPinsWarning(version: string, components: readonly BaselineComponent[]): Finding | undefined {
  const retired = components.filter((c) => findVersion(findProduct(c.productId)!, c.version)?.retired !== undefined);
  if (retired.length === 0) return undefined;
  return warning(
    ['blueprint', 'enabled'],
    `falcon-baseline ${version}, the version Account Factory should launch, provisions ` +
      `${retired.map((c) => `${c.productId} ${c.version}`).join(', ')}, which are retired (DEPRECATED in Service ` +
      'Catalog, which refuses new launches of them): Account Factory launches of the baseline fail until a baseline ' +
      'version built on the current product versions is shipped',
  );
}

export function blueprintChecks(manifest: Manifest): Finding[] {
  const { blueprint } = manifest;
  if (!blueprint) return [];
  const findings = [...productChecks(manifest, blueprint), ...accessRoleChecks(manifest, blueprint)];
  if (blueprint.enabled && hubAccountOf(manifest) === manifest.organization.managementAccountId) {
    findings.push(
      warning(
        ['blueprint', 'enabled'],
        'Account Factory Customization discourages the management account as blueprint hub: set ' +
          'organization.hubAccountId to a dedicated Service Catalog hub account',
      ),
    );
  }
  // Account Factory launches the version its administrator chooses; the newest is the only one worth choosing.
  const unlaunchable = retiredPinsWarning(NEWEST_BASELINE_VERSION, NEWEST_BASELINE_COMPONENTS);
  if (blueprint.enabled && unlaunchable) findings.push(unlaunchable);
  if (!blueprint.enabled && (blueprint.createAccessRole || Object.keys(blueprint.products).length > 0)) {
    findings.push(warning(['blueprint', 'enabled'], 'the blueprint is disabled: its other settings have no effect'));
  }
  return findings;
}

/**
 * Cross-field checks on `blueprint`: the products it configures must be enabled and their parameters valid for
 * the product; the console roles must be in the organisation's partition; and the hub should not be the
 * management account, which AFC discourages.
 */
import { BASELINE_V1_COMPONENTS } from '../products/falcon-baseline/definition';
import { findProduct, findVersion } from '../products/registry';
import { error, type Finding, warning } from './diagnostics';
import { hubAccountOf } from './hub-account';
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
  }
  return findings;
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
  const retiredComponents = BASELINE_V1_COMPONENTS.filter((c) => findVersion(findProduct(c.productId)!, c.version)?.retired !== undefined);
  if (blueprint.enabled && retiredComponents.length > 0) {
    findings.push(
      warning(
        ['blueprint', 'enabled'],
        `falcon-baseline v1.0.0 provisions ${retiredComponents.map((c) => `${c.productId} ${c.version}`).join(', ')}, ` +
          'which are retired (DEPRECATED in Service Catalog, which refuses new launches of them): Account Factory ' +
          'launches of the baseline fail until a baseline version built on the current product versions is shipped',
      ),
    );
  }
  if (!blueprint.enabled && (blueprint.createAccessRole || Object.keys(blueprint.products).length > 0)) {
    findings.push(warning(['blueprint', 'enabled'], 'the blueprint is disabled: its other settings have no effect'));
  }
  return findings;
}

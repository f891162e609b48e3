/**
 * Checks that need more than one field of a manifest that already has the right shape: Regions against the
 * governed Regions and the partition, assignments against enabled products, versions against what the package
 * ships, partition / Falcon cloud pairs a product cannot run, the self-service secret's partition, duplicates, empty
 * or self-contradicting targets, and assignment parameters against each product's own schema. All of them run;
 * every finding is returned at once.
 *
 * Pasted credentials are found by `secret-scan.ts` over the raw document instead, because that scan must also run
 * when the shape is wrong.
 */
import { takesBoundaryParameter } from '../products/kit/definition-helpers';
import { PRODUCT_BOUNDARY_NAME, PRODUCT_BOUNDARY_PATH } from '../products/kit/product-boundary';
import { ASSIGNABLE_PRODUCTS, currentVersionName, findVersion, launchableVersions } from '../products/registry';
import { falconAddressFor, takesFalconAddress } from '../products/sensor-management/definition';
import { type ProductDefinition } from '../vocabulary';
import { arnChecks } from './arn-checks';
import { blueprintChecks } from './blueprint-checks';
import { error, type Finding, type PathSegment, warning } from './diagnostics';
import { duplicatesIn } from './duplicates';
import { hubAccountOf } from './hub-account';
import { organizationFacts } from './organization-facts';
import { portfolioChecks } from './portfolio-checks';
import { partitionMismatch } from './region-checks';
import type { Assignment, Manifest } from './schema';
import { takesAssignmentRegions, templateParameterChecks } from './template-parameter-checks';
import { findingsFromZodIssues } from './zod-issues';

export { hubAccountOf } from './hub-account';
export { findPastedSecrets } from './secret-scan';

function assignableProduct(id: string): ProductDefinition | undefined {
  return ASSIGNABLE_PRODUCTS.find((p) => p.id === id);
}

/** A Region an assignment or the home Region names: in the partition, and governed by Control Tower. */
function regionUseCheck(manifest: Manifest, region: string, path: readonly PathSegment[]): Finding[] {
  const { partition, governedRegions } = manifest.organization;
  const mismatch = partitionMismatch(region, partition);
  if (mismatch) return [error(path, mismatch)];
  if (!governedRegions.includes(region)) {
    const governed = governedRegions.join(', ');
    return [error(path, `${region} is not in organization.governedRegions (${governed}); add it there or remove it here`)];
  }
  return [];
}

function organizationChecks(manifest: Manifest): Finding[] {
  const { partition, governedRegions, homeRegion } = manifest.organization;
  const governedPath = ['organization', 'governedRegions'];
  const findings: Finding[] = duplicatesIn(governedRegions, governedPath, 'Region');
  governedRegions.forEach((region, index) => {
    const mismatch = partitionMismatch(region, partition);
    if (mismatch) findings.push(error([...governedPath, index], mismatch));
  });
  const homePath = ['organization', 'homeRegion'];
  const homeMismatch = partitionMismatch(homeRegion, partition);
  if (homeMismatch) findings.push(error(homePath, homeMismatch));
  else if (!governedRegions.includes(homeRegion)) {
    const governed = governedRegions.join(', ');
    findings.push(
      error(homePath, `the home Region ${homeRegion} must also be listed in organization.governedRegions (${governed})`),
    );
  }
  return findings;
}

/**
 * `portfolio.selfService.sensorDownloadSecretArn` is published in the Falcon directory of every prepared account,
 * where the sensor-management and ssm-distributor roles read it: a role in one partition cannot read a secret in
 * another, and its Region (the primary; the directory names the replica in each Region) must exist in that partition.
 */
function selfServiceChecks(manifest: Manifest): Finding[] {
  const arn = manifest.portfolio.selfService.sensorDownloadSecretArn;
  if (arn === undefined) return [];
  const { partition } = manifest.organization;
  const path = ['portfolio', 'selfService', 'sensorDownloadSecretArn'];
  const [, arnPartition, , arnRegion] = arn.split(':');
  if (arnPartition !== partition) {
    return [
      error(
        path,
        `the secret is in partition ${arnPartition}, but organization.partition is ${partition}: the products' roles ` +
          `cannot read it; use a secret in ${partition}`,
      ),
    ];
  }
  const mismatch = partitionMismatch(arnRegion, partition);
  return mismatch ? [error(path, `the secret's Region: ${mismatch}`)] : [];
}

/** Each enabled product's own manifest rules (`manifestChecks` in its definition), placed in the manifest. */
function productRuleChecks(manifest: Manifest): Finding[] {
  const org = organizationFacts(manifest);
  return Object.entries(manifest.products).flatMap(([id, setting]) => {
    const def = assignableProduct(id);
    if (!def?.manifestChecks || !setting?.enabled) return [];
    const version = setting.version ?? currentVersionName(def);
    return def.manifestChecks({ org, version }).map((f) => (f.severity === 'error' ? error : warning)(f.path, f.message));
  });
}

/**
 * sensor-management v1.3.0 and newer tell a GovCloud tenant's orchestrator its Falcon address; CrowdStrike
 * publishes none for us-gov-2, so each assignment must give it (products/sensor-management/definition.ts). A rule
 * about assignments, so it lives here rather than in the product's own manifest checks.
 */
function falconAddressChecks(manifest: Manifest): Finding[] {
  const setting = manifest.products['sensor-management'];
  const def = assignableProduct('sensor-management');
  if (!setting?.enabled || !def) return [];
  const version = setting.version ?? currentVersionName(def);
  if (!takesFalconAddress(version)) return [];
  const { falconCloud, homeRegion } = organizationFacts(manifest);
  const findings: Finding[] = [];
  manifest.assignments.forEach((assignment, index) => {
    if (assignment.product !== 'sensor-management') return;
    try {
      falconAddressFor(falconCloud, homeRegion, assignment.parameters.falconAddress);
    } catch (e) {
      findings.push(error(['assignments', index, 'parameters'], (e as Error).message));
    }
  });
  return findings;
}

/**
 * A product that must also run in some Region (threat-detection: where AWS delivers global-service events) cannot
 * be enabled when the landing zone does not govern that Region: the lifecycle core would provision it there, outside
 * Control Tower's controls, or be refused by a Region deny control.
 */
function requiredRegionChecks(manifest: Manifest): Finding[] {
  const { partition, governedRegions } = manifest.organization;
  const findings: Finding[] = [];
  for (const [id, setting] of Object.entries(manifest.products)) {
    const def = assignableProduct(id);
    if (!def || !setting?.enabled) continue;
    for (const { region, reason } of def.requiredRegions?.(partition) ?? []) {
      if (governedRegions.includes(region)) continue;
      findings.push(
        error(
          ['products', id, 'enabled'],
          `${id} must also run in ${region}, which organization.governedRegions (${governedRegions.join(', ')}) does ` +
            `not list: ${reason}. Govern ${region} in the Control Tower landing zone and add it to ` +
            'organization.governedRegions, or disable the product',
        ),
      );
    }
  }
  return findings;
}

/**
 * The EKS hub needs its settings (at least the installer's own Falcon client) before the product can be enabled,
 * and that client is never the organisation's: the installer's credential reaches build environments and, on
 * Fargate-only clusters with CrowdStrike's registry, the cluster itself.
 */
function eksSettingChecks(manifest: Manifest): Finding[] {
  if (!manifest.products['eks-protection']?.enabled) return [];
  if (!manifest.eks) {
    return [
      error(
        ['products', 'eks-protection', 'enabled'],
        'eks-protection needs the top-level eks section, at least eks.apiCredentials (the installer\'s own Falcon ' +
          'client: Falcon Images Download and Sensor Download, read): see docs/eks-protection.md',
      ),
    ];
  }
  const sameSecret = secretNameOf(manifest.eks.apiCredentials) === secretNameOf(manifest.falcon.apiCredentials);
  if (!sameSecret) return [];
  return [
    error(
      ['eks', 'apiCredentials'],
      'eks.apiCredentials names the same secret as falcon.apiCredentials: the EKS installer needs its own Falcon ' +
        'client with only Falcon Images Download and Sensor Download (read); the organisation\'s client must never ' +
        'reach a build or a cluster',
    ),
  ];
}

/** A secret's name, from its name or its ARN (a complete ARN ends in Secrets Manager's six-character suffix). */
function secretNameOf(reference: { readonly secretName?: string; readonly secretArn?: string }): string {
  if (reference.secretName !== undefined) return reference.secretName;
  return (reference.secretArn ?? '').split(':').slice(6).join(':').replace(/-[A-Za-z0-9]{6}$/, '');
}

function productSettingChecks(manifest: Manifest): Finding[] {
  const { partition } = manifest.organization;
  const cloud = manifest.falcon.cloud as Parameters<ProductDefinition['unsupportedReason']>[1];
  const findings: Finding[] = [];
  for (const [id, setting] of Object.entries(manifest.products)) {
    const def = assignableProduct(id);
    if (!def || !setting) continue; // the schema already rejected an unknown product ID
    const shipped = def.versions.map((v) => v.name);
    const newest = currentVersionName(def);
    const retired = setting.version === undefined ? undefined : findVersion(def, setting.version)?.retired;
    if (setting.version !== undefined && !shipped.includes(setting.version)) {
      findings.push(
        error(
          ['products', id, 'version'],
          `this package does not ship ${id} version "${setting.version}"; shipped versions: ${shipped.join(', ')}`,
        ),
      );
    } else if (retired !== undefined) {
      const launchable = launchableVersions(def).map((v) => v.name);
      findings.push(
        error(
          ['products', id, 'version'],
          `${id} ${setting.version} is retired and cannot be launched: ${retired} Pin ${launchable.join(' or ')}, or ` +
            `remove the version to get the newest (${newest}); the lifecycle then updates existing products to it`,
        ),
      );
    } else if (setting.version !== undefined && setting.version !== newest) {
      findings.push(
        warning(
          ['products', id, 'version'],
          `${id} is pinned to ${setting.version}; the newest shipped version is ${newest}`,
        ),
      );
    }
    const unsupported = setting.enabled ? def.unsupportedReason(partition, cloud) : undefined;
    if (unsupported) {
      findings.push(
        error(
          ['products', id, 'enabled'],
          `${id} cannot run with organization.partition ${partition} and falcon.cloud ${cloud}: ${unsupported}`,
        ),
      );
    }
  }
  return findings;
}

function targetChecks(assignment: Assignment, path: readonly PathSegment[]): Finding[] {
  const { organizationalUnits, accounts, exclude } = assignment.targets;
  const targets = [...path, 'targets'];
  const findings: Finding[] = [
    ...duplicatesIn(organizationalUnits, [...targets, 'organizationalUnits'], 'OU'),
    ...duplicatesIn(accounts, [...targets, 'accounts'], 'account'),
    ...duplicatesIn(exclude.organizationalUnits, [...targets, 'exclude', 'organizationalUnits'], 'OU'),
    ...duplicatesIn(exclude.accounts, [...targets, 'exclude', 'accounts'], 'account'),
  ];
  if (organizationalUnits.length === 0 && accounts.length === 0) {
    findings.push(
      error(
        targets,
        'the assignment targets nothing: list at least one OU in organizationalUnits or one account in accounts',
      ),
    );
  }
  exclude.accounts.forEach((account, index) => {
    if (accounts.includes(account)) {
      findings.push(
        error(
          [...targets, 'exclude', 'accounts', index],
          `account ${account} is both targeted (targets.accounts) and excluded; remove it from one of the two`,
        ),
      );
    }
  });
  exclude.organizationalUnits.forEach((ou, index) => {
    if (organizationalUnits.includes(ou)) {
      findings.push(
        error(
          [...targets, 'exclude', 'organizationalUnits', index],
          `OU ${ou} is both targeted (targets.organizationalUnits) and excluded; remove it from one of the two`,
        ),
      );
    }
  });
  return findings;
}

function regionSelectorChecks(
  manifest: Manifest,
  assignment: Assignment,
  def: ProductDefinition,
  path: readonly PathSegment[],
): Finding[] {
  const { homeRegion } = manifest.organization;
  const { regions } = assignment;
  const regionsPath = [...path, 'regions'];
  const findings: Finding[] = [];
  if (Array.isArray(regions)) {
    findings.push(...duplicatesIn(regions, regionsPath, 'Region'));
    regions.forEach((region, index) => findings.push(...regionUseCheck(manifest, region, [...regionsPath, index])));
  }
  const asksForMore = regions === 'governed' || (Array.isArray(regions) && regions.some((r) => r !== homeRegion));
  const listed = regions === 'home' ? [homeRegion] : regions === 'governed' ? manifest.organization.governedRegions : regions;
  for (const { region, reason } of def.requiredRegions?.(manifest.organization.partition) ?? []) {
    if (listed.includes(region) || !manifest.organization.governedRegions.includes(region)) continue;
    findings.push(warning(regionsPath, `${def.id} is also provisioned in ${region}, which this list leaves out: ${reason}`));
  }
  if (def.regionScope === 'home-only' && asksForMore && !takesAssignmentRegions(def, manifest)) {
    findings.push(
      warning(
        regionsPath,
        `${def.id} is provisioned once per account, in the home Region (${homeRegion}); ` +
          'the other Regions listed here are ignored',
      ),
    );
  }
  return findings;
}

function assignmentChecks(manifest: Manifest): Finding[] {
  const findings: Finding[] = duplicatesIn(
    manifest.assignments.map((a) => a.name),
    ['assignments'],
    'assignment name',
  ).map((f) => ({ ...f, path: [...f.path, 'name'] }));

  manifest.assignments.forEach((assignment, index) => {
    const path = ['assignments', index];
    const def = assignableProduct(assignment.product);
    if (!def) return; // the schema already rejected an unknown product ID
    const setting = manifest.products[def.id as keyof Manifest['products']];
    if (!setting?.enabled) {
      const why = setting ? `products.${def.id}.enabled is false` : `products has no ${def.id} entry`;
      findings.push(
        error(
          [...path, 'product'],
          `${def.id} is not enabled (${why}): set products.${def.id}.enabled: true or remove this assignment`,
        ),
      );
    }
    findings.push(...targetChecks(assignment, path));
    findings.push(...regionSelectorChecks(manifest, assignment, def, path));
    const parameters = def.assignmentParameters.safeParse(assignment.parameters, { reportInput: true });
    if (!parameters.success) {
      const parametersPath = [...path, 'parameters'];
      findings.push(...findingsFromZodIssues(parameters.error.issues, def.assignmentParameters, parametersPath));
    }
    const version = setting?.version ?? currentVersionName(def);
    if (assignment.parameters.permissionsBoundaryPolicyName !== undefined && !takesBoundaryParameter(version)) {
      findings.push(
        error(
          [...path, 'parameters', 'permissionsBoundaryPolicyName'],
          `${def.id} ${version} sets the permissions boundary of its roles itself: every role carries the product ` +
            `boundary ${PRODUCT_BOUNDARY_PATH}${PRODUCT_BOUNDARY_NAME}, which the launch role creates and enforces; ` +
            'remove permissionsBoundaryPolicyName',
        ),
      );
    }
  });
  return findings;
}

/**
 * The management account is where Falcon registers the organisation, so it needs the IOM reader role; it sits
 * under the root, outside every OU, so only an account target (or the root) reaches it. With a separate hub it is
 * launched into from a share like any member account, so the portfolio must be shared with it.
 */
function managementAccountChecks(manifest: Manifest): Finding[] {
  const { managementAccountId } = manifest.organization;
  const coversManagement = (a: Manifest['assignments'][number]) =>
    !a.targets.exclude.accounts.includes(managementAccountId) &&
    (a.targets.accounts.includes(managementAccountId) || a.targets.organizationalUnits.some((ou) => ou === 'Root' || /^r-/.test(ou)));
  const findings: Finding[] = [];
  if (manifest.products.iom?.enabled && !manifest.assignments.some((a) => a.product === 'iom' && coversManagement(a))) {
    findings.push(
      warning(
        ['assignments'],
        `no iom assignment reaches the management account ${managementAccountId}: Falcon registers the organisation ` +
          `through it, so it needs the reader role; add "${managementAccountId}" to an iom assignment's targets.accounts`,
      ),
    );
  }
  const { shareWith } = manifest.portfolio;
  const separateHub = hubAccountOf(manifest) !== managementAccountId;
  if (separateHub && !shareWith.organization && !shareWith.accounts.includes(managementAccountId) && manifest.assignments.some(coversManagement)) {
    findings.push(
      error(
        ['portfolio', 'shareWith', 'accounts'],
        `assignments reach the management account ${managementAccountId}, but the portfolio is not shared with it ` +
          `(the hub is ${hubAccountOf(manifest)}): add "${managementAccountId}" here`,
      ),
    );
  }
  return findings;
}

/** Every cross-field finding (errors and warnings) for a manifest that passed the schema. */
export function crossCheck(manifest: Manifest): Finding[] {
  const findings = [
    ...organizationChecks(manifest),
    ...productSettingChecks(manifest),
    ...falconAddressChecks(manifest),
    ...requiredRegionChecks(manifest),
    ...eksSettingChecks(manifest),
    ...portfolioChecks(manifest),
    ...selfServiceChecks(manifest),
    ...productRuleChecks(manifest),
    ...blueprintChecks(manifest),
    ...assignmentChecks(manifest),
    ...managementAccountChecks(manifest),
    ...arnChecks(manifest),
  ];
  // The templates judge only what nothing else already refused: a broken organisation, product setting or
  // assignment would make their parameters meaningless.
  const errorsUnder = (prefix: readonly PathSegment[]) =>
    findings.some((f) => f.severity === 'error' && prefix.every((segment, i) => f.path[i] === segment));
  const usable = (path: readonly PathSegment[]) =>
    !['organization', 'falcon', 'products'].some((section) => errorsUnder([section])) && !errorsUnder(path.slice(0, path[0] === 'assignments' ? 2 : 3));
  return [...findings, ...templateParameterChecks(manifest, usable)];
}

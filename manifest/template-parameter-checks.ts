/**
 * What the product templates themselves would refuse. Each assignment's parameters are turned into the template
 * parameters the lifecycle would send (the product definition's own `templateParameters`, with a stand-in Falcon
 * registration), and every value is held to the constraints of the published template of the pinned version
 * (`product-stack-snapshots/<product>.<version>.product.template.json`: AllowedPattern, AllowedValues, MinLength,
 * MaxLength), as CloudFormation would hold it at launch. A definition that refuses the values outright (an ARN in
 * another partition, a Region that is not governed) is reported with its reason.
 *
 * So a value the manifest schema lets through but a template rejects (an iom roleName that does not start with
 * CrowdStrike) fails `falcon-catalog validate` with the template's own rule, not the first launch.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ASSIGNABLE_PRODUCTS, currentVersionName } from '../products/registry';
import type { ProductDefinition, RegistrationOutputs } from '../vocabulary';
import { error, type Finding, type PathSegment } from './diagnostics';
import { hubAccountOf } from './hub-account';
import { organizationFacts } from './organization-facts';
import type { Manifest, RegionSelector } from './schema';

const SNAPSHOTS = path.join(__dirname, '..', 'product-stack-snapshots');

/** Values shaped like a real registration's, so only what comes from the manifest can break a constraint. */
const STAND_IN_REGISTRATION: RegistrationOutputs = {
  crowdStrikeAccountId: '123456789012',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'stand-in-external-id',
  readerRoleName: 'CrowdStrikeCSPMReader',
  eventBusName: 'cs-stand-in-bus',
  brokerUrl: 'https://standin.lambda-url.us-east-1.on.aws/',
};

interface ParameterConstraints {
  readonly AllowedPattern?: string;
  readonly AllowedValues?: readonly string[];
  readonly MinLength?: number;
  readonly MaxLength?: number;
}

const templateCache = new Map<string, Record<string, ParameterConstraints> | undefined>();

/** The published template's parameters, or undefined when the version has no snapshot yet (synth writes it). */
function templateParameters(productId: string, version: string): Record<string, ParameterConstraints> | undefined {
  const key = `${productId}.${version}`;
  if (!templateCache.has(key)) {
    try {
      const template = JSON.parse(readFileSync(path.join(SNAPSHOTS, `${key}.product.template.json`), 'utf8')) as {
        Parameters?: Record<string, ParameterConstraints>;
      };
      templateCache.set(key, template.Parameters ?? {});
    } catch {
      templateCache.set(key, undefined);
    }
  }
  return templateCache.get(key);
}

/** Why CloudFormation would refuse `value` for a parameter with these constraints, or undefined. */
export function constraintViolation(value: string, constraints: ParameterConstraints): string | undefined {
  if (constraints.AllowedValues && !constraints.AllowedValues.includes(value)) {
    return `must be one of ${constraints.AllowedValues.join(', ')}`;
  }
  // CloudFormation matches AllowedPattern against the whole value.
  if (constraints.AllowedPattern && !new RegExp(`^(?:${constraints.AllowedPattern})$`).test(value)) {
    return `must match ${constraints.AllowedPattern}`;
  }
  if (constraints.MinLength !== undefined && value.length < constraints.MinLength) return `must be at least ${constraints.MinLength} characters`;
  if (constraints.MaxLength !== undefined && value.length > constraints.MaxLength) return `must be at most ${constraints.MaxLength} characters`;
  return undefined;
}

function regionsOf(selector: RegionSelector, manifest: Manifest): string[] {
  const { homeRegion, governedRegions } = manifest.organization;
  return [...new Set(selector === 'home' ? [homeRegion] : selector === 'governed' ? governedRegions : selector)];
}

/** The assignment key whose value became this template value, for the position of the finding. */
function sourceKey(parameters: Readonly<Record<string, unknown>>, value: string): string | undefined {
  return Object.entries(parameters).find(([, v]) => (Array.isArray(v) ? v.join(',') : String(v)) === value)?.[0];
}

interface Use {
  readonly def: ProductDefinition;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly regions: readonly string[];
  readonly path: readonly PathSegment[];
}

function checkUse(manifest: Manifest, use: Use): Finding[] {
  const { def, parameters } = use;
  const setting = manifest.products[def.id as keyof Manifest['products']];
  const version = setting?.version ?? currentVersionName(def);
  const template = templateParameters(def.id, version);
  const { homeRegion } = manifest.organization;
  const regions = def.regionScope === 'home-only' ? [homeRegion] : use.regions;
  const findings = new Map<string, Finding>();
  for (const region of regions) {
    if (def.supportedRegions && !def.supportedRegions.includes(region)) continue; // skipped at run time, with the reason
    let values: Record<string, string>;
    try {
      values = def.templateParameters({
        org: organizationFacts(manifest),
        version,
        accountId: hubAccountOf(manifest),
        region,
        isHomeRegion: region === homeRegion,
        assignment: parameters,
        assignmentRegions: use.regions,
        registration: STAND_IN_REGISTRATION,
      });
    } catch (cause) {
      const message = `${def.id} ${version} cannot be provisioned with these parameters: ${(cause as Error).message}`;
      findings.set(message, error(use.path, message));
      continue;
    }
    for (const [name, value] of Object.entries(values)) {
      const constraints = template?.[name];
      const violation = constraints ? constraintViolation(value, constraints) : undefined;
      if (!violation) continue;
      const key = sourceKey(parameters, value);
      const subject = key ? `${key} ${JSON.stringify(value)}` : `the value ${JSON.stringify(value)}`;
      const message = `${subject} is refused by the ${def.id} ${version} template: its parameter ${name} ${violation}`;
      findings.set(message, error(key ? [...use.path, key] : use.path, message));
    }
  }
  return [...findings.values()];
}

/**
 * For a manifest whose shape and parameters passed their schemas: every enabled, supported product an assignment or
 * the blueprint uses, checked against its template.
 */
export function templateParameterChecks(manifest: Manifest, usable: (path: readonly PathSegment[]) => boolean): Finding[] {
  const { partition } = manifest.organization;
  const cloud = manifest.falcon.cloud as Parameters<ProductDefinition['unsupportedReason']>[1];
  const runnable = (def: ProductDefinition) =>
    manifest.products[def.id as keyof Manifest['products']]?.enabled === true && !def.unsupportedReason(partition, cloud);
  const uses: Use[] = [];
  manifest.assignments.forEach((a, i) => {
    const def = ASSIGNABLE_PRODUCTS.find((p) => p.id === a.product);
    if (def && runnable(def)) uses.push({ def, parameters: a.parameters, regions: regionsOf(a.regions, manifest), path: ['assignments', i, 'parameters'] });
  });
  for (const [id, setting] of Object.entries(manifest.blueprint?.enabled ? (manifest.blueprint.products ?? {}) : {})) {
    const def = ASSIGNABLE_PRODUCTS.find((p) => p.id === id);
    if (def && runnable(def)) {
      uses.push({ def, parameters: setting?.parameters ?? {}, regions: [manifest.organization.homeRegion], path: ['blueprint', 'products', id, 'parameters'] });
    }
  }
  return uses.filter((u) => usable(u.path)).flatMap((u) => checkUse(manifest, u));
}

/**
 * Whether a `home-only` product still reads the assignment's `regions` (ecr-connections connects the registry of
 * each one from its home-Region stack): asked of the definition itself, by comparing its parameters for the home
 * Region alone and for the home Region plus another governed one.
 */
export function takesAssignmentRegions(def: ProductDefinition, manifest: Manifest): boolean {
  const { homeRegion, governedRegions } = manifest.organization;
  const other = governedRegions.find((r) => r !== homeRegion);
  if (other === undefined) return false;
  const setting = manifest.products[def.id as keyof Manifest['products']];
  const parametersFor = (assignmentRegions: string[]) =>
    JSON.stringify(
      def.templateParameters({
        org: organizationFacts(manifest),
        version: setting?.version ?? currentVersionName(def),
        accountId: hubAccountOf(manifest),
        region: homeRegion,
        isHomeRegion: true,
        assignment: {},
        assignmentRegions,
        registration: STAND_IN_REGISTRATION,
      }),
    );
  try {
    return parametersFor([homeRegion]) !== parametersFor([homeRegion, other]);
  } catch {
    return false;
  }
}

/**
 * Synthesizes the example app with every Falcon feature product enabled and reads back the product templates,
 * plus a small evaluator of the intrinsic functions those templates use (Ref, Fn::Join, Fn::If, Fn::Split, Fn::Select
 * and the condition functions), so tests can check the value CloudFormation would compute for given parameters.
 * Published older versions are read from their snapshot files (`snapshotTemplate`); SSM-typed parameters (the
 * Falcon directory) are resolved from a fake Parameter Store built with `fakeDirectory`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../manifest/schema';
import { DIRECTORY, DIRECTORY_KEYS, directoryValues } from '../../products/directory/entries';
import { SSM_STRING_PARAMETER_TYPE } from '../../products/kit/directory-parameters';
import type { ParameterContext } from '../../vocabulary';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import { buildTestApp, exampleManifest } from '../helpers/example-app';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const FEATURE_PRODUCTS = ['threat-detection', 'sensor-management', 'ssm-distributor'] as const;

export const SENSOR_DOWNLOAD_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon/sensor-download-AbCdEf';

export function manifestWithFeatures(): Manifest {
  return exampleManifest((m) => {
    for (const id of FEATURE_PRODUCTS) m.products[id] = { enabled: true };
    // sensor-management and ssm-distributor v1.1.0 read it from the Falcon directory (manifest/cross-checks.ts).
    m.portfolio.selfService.sensorDownloadSecretArn = SENSOR_DOWNLOAD_SECRET_ARN;
  });
}

export interface SynthesizedProducts {
  /** The product template of `productId` in the portfolio of `region` (the home Region by default). */
  template(productId: string, region?: string): Json;
  /** Every product template in the app, with its product ID and portfolio Region. */
  all(): { productId: string; region: string; template: Json }[];
  outdir: string;
}

export function synthesizeProducts(manifest: Manifest = manifestWithFeatures()): SynthesizedProducts {
  const built = buildTestApp(manifest, { nag: false });
  built.app.synth();
  const all = built.portfolioStacks.flatMap((stack) =>
    stack.products.map((p) => ({
      productId: p.definition.id,
      region: stack.region,
      template: JSON.parse(readFileSync(path.join(built.outdir, p.productStack.templateFile), 'utf8')) as Json,
    })),
  );
  return {
    outdir: built.outdir,
    all: () => all,
    template: (productId, region = manifest.organization.homeRegion) => {
      const found = all.find((t) => t.productId === productId && t.region === region);
      if (!found) throw new Error(`no ${productId} template in ${region}`);
      return found.template;
    },
  };
}

export function resourcesOfType(template: Json, type: string): Json[] {
  return Object.values(template.Resources as Json).filter((r: Json) => r.Type === type);
}

/** The resource whose construct ID is `constructId` (with the 8-character hash CDK appends to nested constructs, if any). */
export function resource(template: Json, constructId: string): Json {
  const id = Object.keys(template.Resources).find((k) => new RegExp(`^${constructId}([0-9A-F]{8})?$`).test(k));
  if (!id) throw new Error(`no resource ${constructId}`);
  return template.Resources[id];
}

/** Inline policy statements of a role, across its policies. */
export function statementsOf(role: Json): Json[] {
  return (role.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
}

export function statement(role: Json, sid: string): Json {
  const found = statementsOf(role).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

/** The committed template of a published version (the class builds only the newest). */
export function snapshotTemplate(productId: string, version: string): Json {
  return JSON.parse(readFileSync(path.join(SNAPSHOT_DIRECTORY, snapshotFileName(productId, version)), 'utf8')) as Json;
}

/**
 * The Parameter Store of a member account whose `falcon-directory` was provisioned for `ctx` (its account and
 * Region): SSM parameter name -> value, optional entries only when the directory has them.
 */
export function fakeDirectory(ctx: Pick<ParameterContext, 'org' | 'region' | 'registration'>): Record<string, string> {
  const values = directoryValues(ctx);
  return Object.fromEntries(
    DIRECTORY_KEYS.filter((key) => values[key] !== undefined).map((key) => [DIRECTORY[key].parameterName, values[key]!]),
  );
}

/**
 * Values for the template's Refs: its parameter defaults, then `parameters`, then pseudo parameters. A parameter of
 * type `AWS::SSM::Parameter::Value<String>` holds an SSM parameter NAME, which CloudFormation looks up at launch:
 * here it is looked up in `ssm` (see `fakeDirectory`), and a Ref to it fails when `ssm` lacks that name or was not
 * given, so a literal value passed where the template expects a directory name cannot pass a test by accident.
 */
export function evaluator(
  template: Json,
  parameters: Record<string, string>,
  pseudo: Record<string, string>,
  ssm?: Record<string, string>,
) {
  const refs: Record<string, unknown> = {};
  for (const [name, p] of Object.entries((template.Parameters ?? {}) as Json)) {
    if (p.Default !== undefined) refs[name] = String(p.Default);
  }
  Object.assign(refs, parameters);
  for (const [k, v] of Object.entries(pseudo)) refs[`AWS::${k}`] = v;
  const ssmTyped = new Set(
    Object.entries((template.Parameters ?? {}) as Json)
      .filter(([, p]) => p.Type === SSM_STRING_PARAMETER_TYPE)
      .map(([name]) => name),
  );
  const lookUp = (name: string): string => {
    const parameterName = String(refs[name]);
    if (!ssm) throw new Error(`${name} is an SSM-typed parameter: pass the account's Parameter Store (fakeDirectory)`);
    if (!(parameterName in ssm)) throw new Error(`${name}: SSM parameter ${parameterName} does not exist in the account`);
    return ssm[parameterName];
  };

  const condition = (name: string): boolean => Boolean(evaluate(template.Conditions[name]));
  const evaluate = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(evaluate);
    if (value === null || typeof value !== 'object') return value;
    const [[fn, arg]] = Object.entries(value as Json);
    switch (fn) {
      case 'Ref':
        if (arg === 'AWS::NoValue') return undefined;
        if (!(arg in refs)) throw new Error(`no value for Ref ${arg}`);
        return ssmTyped.has(arg) ? lookUp(arg) : refs[arg];
      case 'Fn::Join':
        return (evaluate(arg[1]) as unknown[]).join(arg[0]);
      case 'Fn::Split':
        return String(evaluate(arg[1])).split(arg[0]);
      case 'Fn::Select':
        return (evaluate(arg[1]) as unknown[])[Number(evaluate(arg[0]))];
      case 'Fn::If':
        return condition(arg[0]) ? evaluate(arg[1]) : evaluate(arg[2]);
      case 'Fn::Equals':
        return evaluate(arg[0]) === evaluate(arg[1]);
      case 'Fn::Not':
        return !evaluate(arg[0]);
      case 'Fn::Or':
        return (arg as unknown[]).some((a) => evaluate(a));
      case 'Fn::And':
        return (arg as unknown[]).every((a) => evaluate(a));
      case 'Condition':
        return condition(arg);
      case 'Fn::FindInMap': {
        const [map, first, second] = (arg as unknown[]).map(evaluate) as string[];
        const found = template.Mappings?.[map]?.[first]?.[second];
        if (found === undefined) throw new Error(`Fn::FindInMap: mapping ${map} has no ${first}.${second}`);
        return found;
      }
      case 'Fn::GetAtt': {
        // A named role's ARN, as IAM forms it; any other attribute stays as written.
        const [logicalId, attribute] = arg as [string, string];
        const target = template.Resources?.[logicalId] as Json | undefined;
        if (target?.Type === 'AWS::IAM::Role' && attribute === 'Arn' && target.Properties.RoleName !== undefined) {
          const path = target.Properties.Path ? String(evaluate(target.Properties.Path)) : '/';
          return `arn:${pseudo.Partition}:iam::${pseudo.AccountId}:role${path}${String(evaluate(target.Properties.RoleName))}`;
        }
        return value;
      }
      default:
        // A property whose value is AWS::NoValue is removed, as CloudFormation does.
        return Object.fromEntries(
          Object.entries(value as Json)
            .map(([k, v]) => [k, evaluate(v)])
            .filter(([, v]) => v !== undefined),
        );
    }
  };
  return { evaluate, condition };
}

/**
 * A template without its permissions-boundary plumbing (the v1.0.0/v1.1.0 parameter and condition, the v1.2.0 fixed
 * product boundary), to show a new version changed nothing else.
 */
export function stripBoundaries(template: Json): Json {
  const drop = new Set(['PermissionsBoundary', 'PermissionsBoundaryPolicyName', 'HasPermissionsBoundary']);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((v) => !drop.has(v as string)).map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => !drop.has(k)).map(([k, v]) => [k, strip(v)]));
    }
    return value;
  };
  return strip(template) as Json;
}

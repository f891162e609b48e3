/**
 * Synthesizes the example app with every Falcon feature product enabled and reads back the product templates,
 * plus a small evaluator of the intrinsic functions those templates use (Ref, Fn::Join, Fn::If, Fn::Split and the
 * condition functions), so tests can check the value CloudFormation would compute for given parameters.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../manifest/schema';
import { buildTestApp, exampleManifest } from '../helpers/example-app';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const FEATURE_PRODUCTS = ['threat-detection', 'sensor-management', 'ssm-distributor'] as const;

export function manifestWithFeatures(): Manifest {
  return exampleManifest((m) => {
    for (const id of FEATURE_PRODUCTS) m.products[id] = { enabled: true };
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

/** Values for the template's Refs: its parameter defaults, then `parameters`, then pseudo parameters. */
export function evaluator(template: Json, parameters: Record<string, string>, pseudo: Record<string, string>) {
  const refs: Record<string, unknown> = {};
  for (const [name, p] of Object.entries((template.Parameters ?? {}) as Json)) {
    if (p.Default !== undefined) refs[name] = String(p.Default);
  }
  Object.assign(refs, parameters);
  for (const [k, v] of Object.entries(pseudo)) refs[`AWS::${k}`] = v;

  const condition = (name: string): boolean => Boolean(evaluate(template.Conditions[name]));
  const evaluate = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(evaluate);
    if (value === null || typeof value !== 'object') return value;
    const [[fn, arg]] = Object.entries(value as Json);
    switch (fn) {
      case 'Ref':
        if (!(arg in refs)) throw new Error(`no value for Ref ${arg}`);
        return refs[arg];
      case 'Fn::Join':
        return (evaluate(arg[1]) as unknown[]).join(arg[0]);
      case 'Fn::Split':
        return String(evaluate(arg[1])).split(arg[0]);
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
      default:
        return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, evaluate(v)]));
    }
  };
  return { evaluate, condition };
}

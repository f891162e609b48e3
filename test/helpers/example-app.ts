/** Builds the CDK app from a manifest for template tests: bundling skipped unless asked, output in a temp dir. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { manifestSchema, Manifest } from '../../manifest/schema';
import { buildApp, BuildAppOptions, FalconApp } from '../../stacks/build-app';
import { BASELINE_PRODUCT_ID } from '../../products/falcon-baseline/definition';
import { PRODUCTS } from '../../products/registry';
import type { ProductDefinition } from '../../vocabulary';

export const EXAMPLE_MANIFEST_FILE = path.join(__dirname, '..', '..', 'manifest', 'manifest.example.yaml');

export function exampleManifest(overrides: (m: Manifest) => void = () => {}): Manifest {
  const manifest = manifestSchema.parse(parse(readFileSync(EXAMPLE_MANIFEST_FILE, 'utf8')));
  overrides(manifest);
  return manifest;
}

export function buildTestApp(
  manifest: Manifest = exampleManifest(),
  options: BuildAppOptions & { bundling?: boolean } = {},
): FalconApp & { outdir: string } {
  const { bundling = false, ...rest } = options;
  const outdir = mkdtempSync(path.join(tmpdir(), 'falcon-cdk-'));
  const context = bundling ? {} : { 'aws:cdk:bundling-stacks': [] };
  return { ...buildApp(manifest, { outdir, context, ...rest }), outdir };
}

/** The products a manifest's portfolio stacks publish: the internal ones, every enabled one, the baseline with the blueprint. */
export function publishedProducts(manifest: Manifest = exampleManifest()): ProductDefinition[] {
  return PRODUCTS.filter((p) =>
    p.id === BASELINE_PRODUCT_ID
      ? manifest.blueprint?.enabled === true
      : !p.assignable || manifest.products[p.id as keyof Manifest['products']]?.enabled === true,
  );
}

/** Manifests for the lifecycle tests: the shipped example, optionally with parts replaced. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type Manifest, manifestSchema } from '../../manifest/schema';

const EXAMPLE = join(__dirname, '..', '..', 'manifest', 'manifest.example.yaml');

export function exampleManifest(): Manifest {
  return manifestSchema.parse(parse(readFileSync(EXAMPLE, 'utf8')));
}

/** The example with top-level sections overridden (input form: defaults are applied by the schema). */
export function manifestWith(overrides: Record<string, unknown>): Manifest {
  const raw = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  return manifestSchema.parse({ ...raw, ...overrides });
}

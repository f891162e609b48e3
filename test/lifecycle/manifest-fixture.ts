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

/**
 * The example as it was before self-service: IOM pinned to v1.0.0 (it reads no Falcon directory) and
 * `portfolio.selfService.prepareAccounts` off, so only the assignments decide what an account gets. For tests about
 * assignment semantics; the foundation (launch role, directory) has its own tests on the example itself.
 */
export function plainManifestWith(overrides: Record<string, unknown> = {}): Manifest {
  const raw = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  return manifestSchema.parse({
    ...raw,
    portfolio: { ...raw.portfolio, selfService: { prepareAccounts: false } },
    products: { iom: { enabled: true, version: 'v1.0.0' } },
    ...overrides,
  });
}

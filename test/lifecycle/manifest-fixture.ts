/**
 * Manifests for the lifecycle tests, all read from the shipped example. The example publishes every Falcon product;
 * the tests of the lifecycle's own mechanics (foundation, faults, idempotency, trust model) run on its IOM rollout, so
 * each assertion is about one product's path through the core. What the whole example does is tested through the CLI
 * (test/cli/lifecycle-commands.test.ts), derived from the manifest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type Manifest, manifestSchema } from '../../manifest/schema';

const EXAMPLE = join(__dirname, '..', '..', 'manifest', 'manifest.example.yaml');

type RawManifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const rawExample = (): RawManifest => parse(readFileSync(EXAMPLE, 'utf8')) as RawManifest;

/** The example's IOM rollout: only its IOM product setting and assignments, without the blueprint and EKS hub. */
function rawIomRollout(): RawManifest {
  const { blueprint: _blueprint, eks: _eks, ...raw } = rawExample();
  return {
    ...raw,
    products: { iom: raw.products.iom },
    assignments: (raw.assignments as { product: string }[]).filter((a) => a.product === 'iom'),
  };
}

/** The whole example, every product. */
export function exampleManifest(): Manifest {
  return manifestSchema.parse(rawExample());
}

/** The example's IOM rollout (see above). */
export function exampleIomManifest(): Manifest {
  return manifestSchema.parse(rawIomRollout());
}

/** The IOM rollout with top-level sections overridden (input form: defaults are applied by the schema). */
export function manifestWith(overrides: Record<string, unknown>): Manifest {
  return manifestSchema.parse({ ...rawIomRollout(), ...overrides });
}

/**
 * The IOM rollout as it was before self-service: IOM pinned to v1.0.0 (it reads no Falcon directory) and
 * `portfolio.selfService.prepareAccounts` off, so only the assignments decide what an account gets. For tests about
 * assignment semantics; the foundation (launch role, directory) has its own tests on the example itself.
 */
export function plainManifestWith(overrides: Record<string, unknown> = {}): Manifest {
  const raw = rawIomRollout();
  return manifestSchema.parse({
    ...raw,
    portfolio: { ...raw.portfolio, selfService: { prepareAccounts: false } },
    products: { iom: { enabled: true, version: 'v1.0.0' } },
    ...overrides,
  });
}

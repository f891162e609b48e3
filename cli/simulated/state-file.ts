/**
 * The file a persistent simulated landing zone lives in (`--state <file>` next to `--org`): what the last command
 * left provisioned, with the organisation and the install it was made in, so the next command starts from there.
 *
 * Only what an operator would see in a real landing zone is kept, read the way AWS shows it: each provisioned product
 * of the hub portfolio that the lifecycle owns (its tag), AVAILABLE, with its version and the parameters its stack
 * was launched with. Records, tokens and IDs are not kept: the next boot provisions the same products again through
 * the lifecycle's own executor, which gives them new ones (nothing in the lifecycle depends on their old values).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { provisionedByLifecycle } from '../../lifecycle-handlers/core/parameter-tags';
import { PRODUCTS } from '../../products/registry';
import type { AwsSimulator } from '../../simulator';
import { InputError } from '../command';

export const STATE_FORMAT = 'falcon-catalog simulated landing zone';

const stateSchema = z
  .object({
    format: z.literal(STATE_FORMAT),
    version: z.literal(1),
    savedAt: z.string(),
    /** The org model (YAML) the landing zone was last run with. */
    orgModel: z.string(),
    /** What the install looked like: where the hub is, which Regions have the portfolio, whom it is shared with. */
    install: z.object({
      hubAccountId: z.string(),
      governedRegions: z.array(z.string()),
      shareWith: z.object({
        organization: z.boolean(),
        organizationalUnits: z.array(z.string()),
        accounts: z.array(z.string()),
      }),
    }),
    provisioned: z.array(
      z.object({
        account: z.string(),
        region: z.string(),
        product: z.string(),
        version: z.string(),
        parameters: z.record(z.string(), z.string()),
      }),
    ),
  })
  .strict();

export type SavedLandingZone = z.infer<typeof stateSchema>;
export type SavedProduct = SavedLandingZone['provisioned'][number];

/** The saved landing zone, or undefined when the file does not exist yet (the first command creates it). */
export function readState(file: string): SavedLandingZone | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`--state ${file}: cannot read it (${(cause as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InputError(`--state ${file}: not JSON (${(cause as Error).message}); it is written by falcon-catalog: delete it to start over`);
  }
  const result = stateSchema.safeParse(parsed);
  if (!result.success) {
    const problem = result.error.issues[0];
    throw new InputError(
      `--state ${file}: not a simulated landing zone saved by this version of falcon-catalog ` +
        `(${problem.path.join('.') || '(root)'}: ${problem.message}); delete it to start over`,
    );
  }
  return result.data;
}

export function writeState(file: string, state: SavedLandingZone): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** What is provisioned now: the lifecycle's own AVAILABLE products of the hub portfolio, in these Regions. */
export function captureProvisioned(sim: AwsSimulator, regions: readonly string[]): SavedProduct[] {
  const byDisplayName = new Map(PRODUCTS.map((p) => [p.displayName, p.id]));
  const saved: SavedProduct[] = [];
  for (const account of sim.org.state.allAccounts()) {
    for (const region of regions) {
      for (const product of sim.sc.provisionedProducts(account.id, region)) {
        const registryId = byDisplayName.get(product.productName);
        if (product.terminated || product.status !== 'AVAILABLE' || !registryId || !provisionedByLifecycle(product.tags)) continue;
        saved.push({ account: account.id, region, product: registryId, version: product.artifactName, parameters: { ...product.parameters } });
      }
    }
  }
  return saved;
}

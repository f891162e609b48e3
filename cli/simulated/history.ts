/**
 * A simulated landing zone's past: manifests the lifecycle reconciled, in order, before the command runs, so a
 * command can meet the state a real landing zone arrives at (a product provisioned, then terminated, then wanted
 * again) through the same core and clients, never through a shortcut.
 *
 * ```yaml
 * simulatedHistory:            # in the org model, paths relative to it
 *   - manifest: manifest.example.yaml
 *   - manifest: without-app-prod.yaml
 * ```
 *
 * The portfolio is installed from the command's manifest, so a past manifest may change products and assignments
 * but not the portfolio's name or `shareWith`.
 */
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { reconcileOrganization, type LifecycleDeps } from '../../lifecycle-handlers/core/reconcile';
import { formatManifestErrors, loadManifest } from '../../manifest/load';
import type { Manifest } from '../../manifest/schema';
import { InputError } from '../command';

const historySchema = z.object({
  simulatedHistory: z.array(z.object({ manifest: z.string().min(1) }).strict()).default([]),
});

/** The past manifests' paths, resolved against the org model's directory. */
export function simulatedHistoryOf(raw: unknown, orgModelFile: string): string[] {
  const parsed = historySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`Invalid org model (simulatedHistory section):\n${problems}`);
  }
  return parsed.data.simulatedHistory.map((step) => path.resolve(path.dirname(orgModelFile), step.manifest));
}

function loadPastManifest(file: string, current: Manifest, orgModelFile: string): Manifest {
  const loaded = loadManifest(file);
  if (!loaded.ok) throw new InputError(`--org ${orgModelFile}: simulatedHistory ${file}:\n${formatManifestErrors(loaded.errors)}`);
  const past = loaded.manifest;
  const same =
    past.organization.organizationId === current.organization.organizationId &&
    past.portfolio.name === current.portfolio.name &&
    isDeepStrictEqual(past.portfolio.shareWith, current.portfolio.shareWith);
  if (!same) {
    throw new InputError(
      `--org ${orgModelFile}: simulatedHistory ${file} must describe the same organisation, portfolio name and portfolio.shareWith as --manifest`,
    );
  }
  return past;
}

/** Reconciles each past manifest in turn; a step with a failed item stops the boot with the reasons. */
export async function replayHistory(files: readonly string[], current: Manifest, orgModelFile: string, deps: () => LifecycleDeps): Promise<void> {
  for (const [index, file] of files.entries()) {
    const manifest = loadPastManifest(file, current, orgModelFile);
    const report = await reconcileOrganization({ ...deps(), manifest }, { eventId: `simulated-history-${index + 1}` });
    const failed = report.accounts.flatMap((a) => a.results.filter((r) => r.outcome === 'failed'));
    if (failed.length > 0) {
      const reasons = failed.map((r) => `  - ${r.accountId} ${r.region} ${r.productId}: ${r.reason}`).join('\n');
      throw new InputError(`--org ${orgModelFile}: simulatedHistory ${file} did not reconcile cleanly:\n${reasons}`);
    }
  }
}

/** `falcon-catalog reconcile`: brings every account to what the manifest says, with progress per account. */
import { reconcileOrganization } from '../../lifecycle-handlers/core/reconcile';
import { type Command, EXIT_FAILED, EXIT_OK, UsageError } from '../command';
import { COMMON_USAGE, loadManifestFor, parseCommandArgs } from '../lifecycle-options';
import { progressLine } from '../progress-line';
import { regionWarnings } from '../region-warnings';
import { renderResults } from '../results-view';
import { openTarget } from '../target';

const usage = `Usage: falcon-catalog reconcile --manifest <file> [--org <org-model.yaml>] [--json]

Walks every account in the organisation and provisions, updates or terminates Falcon products until each
matches the manifest (the same work the scheduled reconciler does). Progress goes to stderr, one line per
account; one result event per account × product × Region is published (kept in memory with --org).

A run that would terminate more provisioned products than lifecycle.maxTerminationsPerRun terminates none and
reports them as held; after checking "falcon-catalog plan", confirm the exact number it shows.

Options:
  --confirm-terminations <n>  let this run terminate n provisioned products (the number plan shows), above the limit
${COMMON_USAGE}
Exit codes: 0 every item succeeded or was skipped, 1 an item failed or the manifest is invalid, 2 usage error.`;

function confirmationOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--confirm-terminations takes the number of terminations plan shows, got "${value}"`);
  return Number(value);
}

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'provision, update or terminate products in every account to match the manifest',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { 'confirm-terminations': { type: 'string' } });
    const confirmed = confirmationOf(values['confirm-terminations']);
    const manifest = loadManifestFor(values.manifest, io);
    if (!manifest) return EXIT_FAILED;
    const target = await openTarget({ manifest, orgModelFile: values.org }, io);
    io.stderr(`Target: ${target.description}\n`);
    for (const w of regionWarnings(manifest, target.landingZoneRegions)) io.stderr(`warning: ${w}\n`);
    const deps = confirmed === undefined ? target.deps : { ...target.deps, terminations: { confirmed } };
    const report = await reconcileOrganization(deps, {
      eventId: `operator-reconcile-${new Date().toISOString()}`,
      onProgress: (update) => io.stderr(`${progressLine(update)}\n`),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify({ target: target.kind, ...report, resultEvents: target.published.length }, null, 2)}\n`);
    } else {
      io.stdout(`${renderResults(report)}\n`);
    }
    return report.counts.failed > 0 ? EXIT_FAILED : EXIT_OK;
  },
};

/** `falcon-catalog reconcile`: brings every account to what the manifest says, with progress per account. */
import { reconcileOrganization } from '../../lifecycle-handlers/core/reconcile';
import { type Command, EXIT_FAILED, EXIT_OK } from '../command';
import { COMMON_USAGE, loadManifestFor, parseCommandArgs } from '../lifecycle-options';
import { progressLine } from '../progress-line';
import { regionWarnings } from '../region-warnings';
import { renderResults } from '../results-view';
import { openTarget } from '../target';

const usage = `Usage: falcon-catalog reconcile --manifest <file> [--org <org-model.yaml>] [--json]

Walks every account in the organisation and provisions, updates or terminates Falcon products until each
matches the manifest (the same work the scheduled reconciler does). Progress goes to stderr, one line per
account; one result event per account × product × Region is published (kept in memory with --org).

Options:
${COMMON_USAGE}
Exit codes: 0 every item succeeded or was skipped, 1 an item failed or the manifest is invalid, 2 usage error.`;

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'provision, update or terminate products in every account to match the manifest',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {});
    const manifest = loadManifestFor(values.manifest, io);
    if (!manifest) return EXIT_FAILED;
    const target = await openTarget({ manifest, orgModelFile: values.org }, io);
    io.stderr(`Target: ${target.description}\n`);
    for (const w of regionWarnings(manifest, target.landingZoneRegions)) io.stderr(`warning: ${w}\n`);
    const report = await reconcileOrganization(target.deps, {
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

/** `falcon-catalog status`: account × product × Region table of what is provisioned and whether it matches. */
import { type Command, EXIT_FAILED, EXIT_OK } from '../command';
import { COMMON_USAGE, loadManifestFor, parseCommandArgs } from '../lifecycle-options';
import { statusRows } from '../status-report';
import { renderStatus } from '../status-view';
import { openTarget } from '../target';

const usage = `Usage: falcon-catalog status --manifest <file> [--org <org-model.yaml>] [--json]

Lists, for every account, product and Region the manifest wants or where a Falcon product exists: the
provisioned product's status and version, its latest record's status, the version the manifest wants and
whether it matches (with the reason when it does not). Read-only.

Options:
${COMMON_USAGE}
Exit codes: 0 listed, 1 invalid manifest, 2 usage error.`;

export const statusCommand: Command = {
  name: 'status',
  summary: 'show what is provisioned per account, product and Region, and whether it matches the manifest',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {});
    const manifest = loadManifestFor(values.manifest, io);
    if (!manifest) return EXIT_FAILED;
    const target = await openTarget({ manifest, orgModelFile: values.org }, io);
    const rows = await statusRows(target.deps);
    if (values.json) {
      io.stdout(`${JSON.stringify({ target: target.kind, rows }, null, 2)}\n`);
    } else {
      io.stderr(`Target: ${target.description}\n`);
      io.stdout(`${renderStatus(rows)}\n`);
    }
    return EXIT_OK;
  },
};

/** `falcon-catalog validate <manifest>`: every problem in a manifest, with positions, or a one-line summary. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../../manifest/diagnostics';
import { loadManifest } from '../../manifest/load';
import { type Command, EXIT_FAILED, EXIT_OK, UsageError } from '../command';
import { summarizeManifest } from '../manifest-summary';

const usage = `Usage: falcon-catalog validate [--json] <manifest.yaml>

Checks a manifest: YAML syntax, the schema, and the cross-field rules (Regions governed and in the partition,
assignments of enabled products only, shipped versions, partition / Falcon cloud support, duplicates, targets,
product parameters, no credentials in the file). Prints every problem as
  file:line:col  path  message
Exit codes: 0 valid, 1 invalid, 2 usage error.

Options:
  --json      print the result as JSON (errors, warnings and, when valid, the manifest with defaults applied)
  -h, --help  show this text`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a manifest and report every error with file:line:col',
  usage,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: { json: { type: 'boolean', default: false } },
        allowPositionals: true,
        strict: true,
      });
    } catch (cause) {
      throw new UsageError((cause as Error).message);
    }
    const files = parsed.positionals;
    if (files.length !== 1) {
      const problem = files.length === 0 ? 'give the manifest file to validate' : 'give exactly one manifest file';
      throw new UsageError(problem);
    }
    const file = files[0];
    const result = loadManifest(path.resolve(io.cwd, file));
    // Report the path as the user typed it, so the output is clickable relative to where they stand.
    const asTyped = <T extends { file: string }>(d: T): T => ({ ...d, file });
    const errors = result.ok ? [] : result.errors.map(asTyped);
    const warnings = result.warnings.map(asTyped);

    if (parsed.values.json) {
      const json = result.ok
        ? {
            file,
            valid: true,
            summary: summarizeManifest(result.manifest),
            errors,
            warnings,
            manifest: result.manifest,
          }
        : { file, valid: false, errors, warnings };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      for (const d of [...errors, ...warnings]) io.stdout(`${formatDiagnostic(d)}\n`);
      if (result.ok) io.stdout(`${file}: valid — ${summarizeManifest(result.manifest)}\n`);
      else io.stdout(`${file}: invalid — ${errors.length} error${errors.length === 1 ? '' : 's'}\n`);
    }
    return result.ok ? EXIT_OK : EXIT_FAILED;
  },
};

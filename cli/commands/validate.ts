/** `falcon-catalog validate --manifest <file>`: every problem in a manifest, with positions, or a one-line summary. */
import * as path from 'node:path';
import { Command } from 'commander';
import { formatDiagnostic } from '../../manifest/diagnostics';
import { loadManifest } from '../../manifest/load';
import { type CliIo, EXIT_FAILED, EXIT_OK, UsageError } from '../command';
import { summarizeManifest } from '../manifest-summary';
import type { CommandFactory } from './index';

interface ValidateFlags {
  readonly manifest?: string;
  readonly json?: boolean;
}

function runValidate(file: string, flags: ValidateFlags, io: CliIo): number {
  const result = loadManifest(path.resolve(io.cwd, file));
  // Report the path as the user typed it, so the output is clickable relative to where they stand.
  const asTyped = <T extends { file: string }>(d: T): T => ({ ...d, file });
  const errors = result.ok ? [] : result.errors.map(asTyped);
  const warnings = result.warnings.map(asTyped);

  if (flags.json) {
    const json = result.ok
      ? { file, valid: true, summary: summarizeManifest(result.manifest), errors, warnings, manifest: result.manifest }
      : { file, valid: false, errors, warnings };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const d of [...errors, ...warnings]) io.stdout(`${formatDiagnostic(d)}\n`);
    if (result.ok) io.stdout(`${file}: valid — ${summarizeManifest(result.manifest)}\n`);
    else io.stdout(`${file}: invalid — ${errors.length} error${errors.length === 1 ? '' : 's'}\n`);
  }
  return result.ok ? EXIT_OK : EXIT_FAILED;
}

export const validateCommand: CommandFactory = (io, exit) =>
  new Command('validate')
    .summary('check a manifest and report every error with file:line:col')
    .description(
      'Checks a manifest: YAML syntax, the schema, and the cross-field rules (Regions that exist in the partition and are\n' +
        'governed, assignments of enabled products only, shipped versions, partition / Falcon cloud support, ARNs in the\n' +
        'partition, duplicates, targets, product parameters as their templates accept them, no credentials in the file).\n' +
        'Prints every problem as\n  file:line:col  path  message\nChecks against the organisation itself (OUs and accounts that exist) run in plan, reconcile and status.',
    )
    .option('--manifest <file>', 'the manifest (YAML)')
    .option('--json', 'print the result as JSON (errors, warnings and, when valid, the manifest with defaults applied)')
    .allowExcessArguments(true)
    .addHelpText('after', '\nExit codes: 0 valid, 1 invalid, 2 usage error.')
    .action((flags: ValidateFlags, command: Command) => {
      // One convention for every command: the manifest is always --manifest.
      const [file] = command.args;
      if (file !== undefined) throw new UsageError(`give the manifest as --manifest ${file}, as every falcon-catalog command takes it`);
      if (flags.manifest === undefined) throw new UsageError("required option '--manifest <file>' not specified");
      exit(runValidate(flags.manifest, flags, io));
    });

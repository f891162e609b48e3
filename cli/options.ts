/**
 * The options every subcommand spells the same way, and the manifest they all load: `--manifest <file>` (validated,
 * every error reported with its position, warnings repeated), `--org <file>` and `--state <file>` for the simulated
 * landing zone, `--json`.
 */
import * as path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { formatDiagnostic } from '../manifest/diagnostics';
import { loadManifest, type ManifestDiagnostic } from '../manifest/load';
import type { Manifest } from '../manifest/schema';
import { ACCOUNT_ID } from '../vocabulary';
import type { CliIo } from './command';

export interface LoadedManifest {
  readonly manifest: Manifest;
  /** As the operator typed it (for messages), and resolved. */
  readonly file: string;
  readonly absolute: string;
  readonly warnings: readonly ManifestDiagnostic[];
}

export interface TargetFlags {
  readonly manifest: string;
  readonly org?: string;
  readonly state?: string;
  readonly json?: boolean;
}

export const manifestOption = () => new Option('--manifest <file>', 'the manifest (YAML)').makeOptionMandatory();

/** `--org`, `--state` and `--json`, for the commands that talk to a landing zone. */
export function withTargetOptions(command: Command): Command {
  return command
    .addOption(manifestOption())
    .option('--org <file>', 'run against the simulated landing zone seeded from this org model (see docs/simulated-landing-zone.md) instead of AWS')
    .option('--state <file>', 'with --org: keep the simulated landing zone in this file, so what one command provisions the next one sees')
    .option('--json', 'print one JSON document on stdout');
}

/** A commander argument parser for a 12-digit account ID. */
export function accountIdArgument(value: string): string {
  if (!ACCOUNT_ID.test(value)) throw new InvalidArgumentError('an AWS account ID is 12 digits.');
  return value;
}

/** A commander argument parser for a count. */
export function countArgument(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number such as 12.');
  return Number(value);
}

/** The file's diagnostics as printed lines, under the name the operator typed. */
export const formatAs = (file: string, diagnostics: readonly ManifestDiagnostic[]) =>
  diagnostics.map((d) => formatDiagnostic({ ...d, file }));

/** The validated manifest, or undefined after printing every error (the caller exits 1). Warnings are kept. */
export function loadManifestFor(file: string, io: CliIo): LoadedManifest | undefined {
  const absolute = path.resolve(io.cwd, file);
  const result = loadManifest(absolute);
  const rename = (d: ManifestDiagnostic) => ({ ...d, file });
  if (result.ok) return { manifest: result.manifest, file, absolute, warnings: result.warnings.map(rename) };
  const errors = formatAs(file, result.errors);
  io.stderr(`${file}: invalid manifest, nothing was run (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.join('\n')}\n`);
  return undefined;
}

/**
 * The options `plan`, `reconcile` and `status` share: the manifest (validated, every error reported), the org
 * model that switches to the simulated landing zone, and `--json`.
 */
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatDiagnostic } from '../manifest/diagnostics';
import { loadManifest } from '../manifest/load';
import type { Manifest } from '../manifest/schema';
import { type CliIo, UsageError } from './command';

export const COMMON_OPTIONS = {
  manifest: { type: 'string' },
  org: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export const COMMON_USAGE = `  --manifest <file>   the manifest (required)
  --org <file>        run against the simulated landing zone seeded from this org model
                      (e.g. manifest/org-model.example.yaml) instead of AWS
  --json              print one JSON document on stdout
  -h, --help          show this text`;

export function parseCommandArgs<O extends ParseArgsConfig['options']>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: false, strict: true });
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
}

/** The validated manifest, or undefined after printing every error (the caller exits 1). */
export function loadManifestFor(file: string | undefined, io: CliIo): Manifest | undefined {
  if (!file) throw new UsageError('--manifest <file> is required');
  const result = loadManifest(path.resolve(io.cwd, file));
  if (result.ok) return result.manifest;
  const errors = result.errors.map((d) => formatDiagnostic({ ...d, file }));
  io.stderr(`${file}: invalid manifest, nothing was run (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.join('\n')}\n`);
  return undefined;
}

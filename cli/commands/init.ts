/**
 * `falcon-catalog init --manifest <file>`: starts a manifest from the example, with its editor schema reference
 * (`# yaml-language-server: $schema=…`) pointing at this package's manifest/manifest.schema.json from wherever the
 * new file lives, so completion works in the operator's own repository, not only next to the example.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { JSON_SCHEMA_FILE } from '../../manifest/json-schema';
import { type CliIo, EXIT_OK, InputError } from '../command';
import { manifestOption } from '../options';
import type { CommandFactory } from './index';

const MANIFEST_DIR = path.join(__dirname, '..', '..', 'manifest');
export const EXAMPLE_MANIFEST = path.join(MANIFEST_DIR, 'manifest.example.yaml');
export const SCHEMA_FILE = path.join(MANIFEST_DIR, JSON_SCHEMA_FILE);
const SCHEMA_LINE = /^# yaml-language-server: \$schema=.*$/m;

/** The `$schema` reference from a manifest at `file` to the package's schema, relative and with forward slashes. */
export function schemaReferenceFrom(file: string): string {
  const relative = path.relative(path.dirname(file), SCHEMA_FILE).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The example manifest, as a starting point at `file`. */
export function initialManifest(file: string): string {
  const example = readFileSync(EXAMPLE_MANIFEST, 'utf8');
  if (!SCHEMA_LINE.test(example)) throw new Error('manifest/manifest.example.yaml lost its yaml-language-server line');
  return example
    .replace(SCHEMA_LINE, `# yaml-language-server: $schema=${schemaReferenceFrom(file)}`)
    .replace(/^# Example manifest:.*$/m, '# Falcon manifest, started from the example (falcon-catalog init). Every key is described in manifest/README.md.');
}

function runInit(flags: { manifest: string; force?: boolean }, io: CliIo): number {
  const file = path.resolve(io.cwd, flags.manifest);
  if (existsSync(file) && !flags.force) {
    throw new InputError(`${flags.manifest} already exists; nothing was written (add --force to replace it)`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, initialManifest(file));
  io.stdout(
    `wrote ${flags.manifest} (editor schema: ${schemaReferenceFrom(file)})\n` +
      'Next: set organization (IDs, Regions, hub), the Falcon cloud and secret name, portfolio.shareWith and the ' +
      `assignments for your organisation (manifest/README.md), then: npx falcon-catalog validate --manifest ${flags.manifest}\n`,
  );
  return EXIT_OK;
}

export const initCommand: CommandFactory = (io, exit) =>
  new Command('init')
    .summary('write a new manifest from the example, with a working editor schema reference')
    .description(
      'Writes the example manifest (every Falcon product, with assignments showing the common patterns) to --manifest,\n' +
        'with the yaml-language-server $schema line pointing at this package\'s manifest.schema.json from there.',
    )
    .addOption(manifestOption())
    .option('--force', 'replace the file if it exists')
    .addHelpText('after', '\nExit codes: 0 written, 1 the file exists, 2 usage error.')
    .action((flags: { manifest: string; force?: boolean }) => exit(runInit(flags, io)));

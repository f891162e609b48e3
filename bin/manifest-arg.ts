/** Loads the manifest for the app entry points, or prints the validator's errors and exits 1 (no stack trace). */
import * as path from 'node:path';
import { formatManifestErrors, loadManifest } from '../manifest/load';
import type { Manifest } from '../manifest/schema';

export const DEFAULT_MANIFEST = path.join(__dirname, '..', 'manifest', 'manifest.example.yaml');

export function loadManifestOrExit(file: string): Manifest {
  const result = loadManifest(file);
  if (!result.ok) {
    process.stderr.write(`${file}: the manifest is not valid, nothing was synthesized\n`);
    process.stderr.write(`${formatManifestErrors(result.errors)}\n`);
    process.exit(1);
  }
  return result.manifest;
}

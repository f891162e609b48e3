/**
 * `npm run synth [-- --manifest <file>] [--out <dir>]`: synthesizes every stack and product from a manifest,
 * offline (no AWS credentials: every stack has an explicit account and Region from the manifest), runs the gates,
 * and prints a short summary. An invalid manifest or a gate finding exits 1 with the reasons.
 */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { buildApp } from '../stacks/build-app';
import { DEFAULT_MANIFEST, loadManifestOrExit } from './manifest-arg';
import { describeSynthesis } from './synth-summary';

const { values } = parseArgs({
  options: {
    manifest: { type: 'string', default: DEFAULT_MANIFEST },
    out: { type: 'string', default: 'cdk.out' },
  },
});
const manifestFile = values.manifest ?? DEFAULT_MANIFEST;
const manifest = loadManifestOrExit(manifestFile);
const started = Date.now();
const falconApp = buildApp(manifest, { outdir: values.out });
try {
  falconApp.app.synth();
} catch (err) {
  process.stderr.write(`synth stopped: ${(err as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(
  describeSynthesis(falconApp, manifest, {
    manifestFile: path.relative(process.cwd(), path.resolve(manifestFile)),
    outdir: values.out ?? 'cdk.out',
    seconds: (Date.now() - started) / 1000,
  }),
);

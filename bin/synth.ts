/**
 * `npm run synth [-- --manifest <file>] [--out <dir>]`: synthesizes every stack and product from a manifest,
 * offline (no AWS credentials: every stack has an explicit account and Region from the manifest), runs the gates,
 * and prints a short summary. An invalid manifest or a gate finding exits 1 with the reasons.
 */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { runGuard } from '../gates/guard';
import { buildApp, productTemplateFiles } from '../stacks/build-app';
import { DEFAULT_MANIFEST, loadManifestOrExit } from './manifest-arg';
import { describeSynthesis } from './synth-summary';

function argsOrExit() {
  try {
    return parseArgs({
      options: {
        manifest: { type: 'string', default: DEFAULT_MANIFEST },
        out: { type: 'string', default: 'cdk.out' },
      },
    });
  } catch (error) {
    // An unknown or incomplete option is the reader's typo: say which, and what the options are.
    process.stderr.write(`npm run synth: ${(error as Error).message}\nUsage: npm run synth [-- --manifest <file>] [--out <dir>]\n`);
    process.exit(2);
  }
}

const { values } = argsOrExit();
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
// The Control Tower proactive controls over every product template (CDK's plugin never sees product templates).
const outdir = values.out ?? 'cdk.out';
const templates = productTemplateFiles({ ...falconApp, outdir });
const findings = runGuard(templates);
const unwaived = findings.filter((f) => !f.waiver);
if (unwaived.length > 0) {
  for (const f of unwaived) process.stderr.write(`${f.control} (${f.rule}) fails in ${f.template}\n`);
  process.stderr.write(`synth stopped: ${unwaived.length} Control Tower proactive control finding(s) without a waiver (gates/guard-waivers.ts)\n`);
  process.exit(1);
}
process.stdout.write(
  describeSynthesis(falconApp, manifest, {
    manifestFile: path.relative(process.cwd(), path.resolve(manifestFile)),
    outdir,
    seconds: (Date.now() - started) / 1000,
    guard: { templates: templates.length, waived: findings.length },
  }),
);

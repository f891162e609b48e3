/**
 * `npm run synth [-- --manifest <file>] [--out <dir>]`: synthesizes every stack and product from a manifest,
 * offline (no AWS credentials: every stack has an explicit account and Region from the manifest), runs the gates,
 * and prints a short summary. An invalid manifest or a gate finding exits 1 with the reasons.
 */
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { runGuard } from '../gates/guard';
import { buildApp, productTemplateFiles } from '../stacks/build-app';
import { DEFAULT_MANIFEST, loadManifestOrExit } from './manifest-arg';
import { describeSynthesis } from './synth-summary';

/** The options, parsed the way falcon-catalog parses its own (commander: "did you mean" for a mistyped option). */
function argsOrExit(): { manifest: string; out: string } {
  const program = new Command('npm run synth')
    .usage('[-- --manifest <file>] [--out <dir>]')
    .description('Synthesizes every stack and product from a manifest, offline, and runs the gates.')
    .option('--manifest <file>', 'the manifest', path.relative(process.cwd(), DEFAULT_MANIFEST))
    .option('--out <dir>', 'the cloud assembly directory', 'cdk.out')
    .helpOption('-h, --help', 'show this text')
    .showSuggestionAfterError(true)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(`npm run synth: ${text.replace(/^error: /, '')}`) })
    .exitOverride();
  try {
    program.parse(process.argv.slice(2), { from: 'user' });
  } catch (error) {
    process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 2);
  }
  return program.opts<{ manifest: string; out: string }>();
}

const values = argsOrExit();
const manifestFile = values.manifest;
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
const outdir = values.out;
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

/** `falcon-catalog demo` (`npm run demo`): a vended account's whole lifecycle, in the simulated landing zone. */
import * as path from 'node:path';
import { Command } from 'commander';
import { type CliIo, EXIT_FAILED, EXIT_OK } from '../command';
import { DEMO_DEFAULTS, runDemo } from '../demo';
import { accountIdArgument, loadManifestFor } from '../options';
import type { CommandFactory } from './index';

interface DemoFlags {
  readonly manifest: string;
  readonly org: string;
  readonly account: string;
  readonly accountName: string;
  readonly ou: string;
}

const fromRoot = (file: string) => path.relative(process.cwd(), file) || file;

async function runDemoCommand(flags: DemoFlags, io: CliIo): Promise<number> {
  const loaded = loadManifestFor(flags.manifest, io);
  if (!loaded) return EXIT_FAILED;
  const ok = await runDemo(
    { manifest: loaded.manifest, org: path.resolve(io.cwd, flags.org), account: flags.account, accountName: flags.accountName, ou: flags.ou },
    io.stdout,
  );
  io.stdout(ok ? '\nDemo complete: every product of the new account SUCCEEDED (or is skipped on purpose).\n' : '\nDemo finished with failures (see above).\n');
  return ok ? EXIT_OK : EXIT_FAILED;
}

export const demoCommand: CommandFactory = (io, exit) =>
  new Command('demo')
    .summary('vend an account in the simulated landing zone and show the whole lifecycle')
    .description(
      'Account Factory vends a new account into an OU of a simulated landing zone (no AWS call is made) and the\n' +
        'lifecycle runs through the real core and SDK clients: the Control Tower event, the plan, each API call that\n' +
        'changes something, the account\'s status afterwards and the result events.',
    )
    .option('--manifest <file>', 'the manifest', fromRoot(DEMO_DEFAULTS.manifest))
    .option('--org <file>', 'the org model of the simulated landing zone', fromRoot(DEMO_DEFAULTS.org))
    .option('--account <id>', 'ID of the account to vend (not already in the organisation)', accountIdArgument, DEMO_DEFAULTS.account)
    .option('--account-name <name>', 'its name', DEMO_DEFAULTS.accountName)
    .option('--ou <path>', 'the OU it is vended into (a path such as Root/Workloads/Prod, or an OU ID)', DEMO_DEFAULTS.ou)
    .addHelpText('after', '\nExit codes: 0 every product of the new account ended as the manifest wants, 1 otherwise, 2 usage error.')
    .action(async (flags: DemoFlags) => exit(await runDemoCommand(flags, io)));

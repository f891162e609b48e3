/** `falcon-catalog status`: account × product × Region table of what is provisioned and whether it matches. */
import { Command } from 'commander';
import { type CliIo, EXIT_FAILED, EXIT_OK } from '../command';
import { accountIdArgument, type TargetFlags, withTargetOptions } from '../options';
import { tenthsProgress } from '../progress-line';
import { statusRows } from '../status-report';
import { renderStatus, statusCounts } from '../status-view';
import { openSession, requireAccount } from '../session';
import type { CommandFactory } from './index';

interface StatusFlags extends TargetFlags {
  readonly account?: string;
}

async function runStatus(flags: StatusFlags, io: CliIo): Promise<number> {
  const session = await openSession(flags, io);
  if (!session) return EXIT_FAILED;
  const accounts = flags.account ? [requireAccount(session, flags.account, `--account ${flags.account}`)] : session.organization.accounts;
  const rows = await statusRows(session.target.deps, { accounts, onRead: tenthsProgress('read', (line) => io.stderr(`${line}\n`)) });
  await session.target.close();
  if (flags.json) {
    const json = { target: session.target.kind, manifestWarnings: session.manifestWarnings, counts: statusCounts(rows), rows };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout(`${renderStatus(rows)}\n`);
  }
  return EXIT_OK;
}

export const statusCommand: CommandFactory = (io, exit) =>
  withTargetOptions(
    new Command('status')
      .summary('show what is provisioned per account, product and Region, and whether it matches the manifest')
      .description(
        'Lists, for every account, product and Region the manifest wants or where a Falcon product exists: the\n' +
          'provisioned product\'s status and version, its latest record\'s status, the version the manifest wants, and\n' +
          'its state: ok (as wanted), skipped (left as it is on purpose, e.g. a suspended account\'s retained products),\n' +
          'drift (reconcile would change it, with the reason) or unreadable. Read-only.',
      ),
  )
    .option('--account <id>', 'only this account', accountIdArgument)
    .addHelpText('after', '\nExit codes: 0 listed, 1 invalid manifest or account, 2 usage error.')
    .action(async (flags: StatusFlags) => exit(await runStatus(flags, io)));

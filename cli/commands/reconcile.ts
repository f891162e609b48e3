/** `falcon-catalog reconcile`: brings the accounts a trigger concerns to what the manifest says, with progress. */
import { Command } from 'commander';
import { handleTrigger, planTrigger } from '../../lifecycle-handlers/core/reconcile';
import { type CliIo, EXIT_FAILED, EXIT_OK, UsageError } from '../command';
import { accountIdArgument, countArgument, type TargetFlags, withTargetOptions } from '../options';
import { planTotals } from '../plan-view';
import { progressLine, tenthsProgress } from '../progress-line';
import { regionWarnings } from '../region-warnings';
import { renderResults } from '../results-view';
import { openSession, type Session } from '../session';
import { checkTriggerTarget, triggerFromArgs } from '../trigger-arg';
import type { CommandFactory } from './index';

interface ReconcileFlags extends TargetFlags {
  readonly event?: string;
  readonly account?: string;
  readonly confirmTerminations?: number;
  readonly yes?: boolean;
}

/**
 * Real AWS accounts change only after the operator has seen what will change and agreed (or said `--yes`); the
 * simulated landing zone needs no confirmation. False means stop, having said why.
 */
async function confirmed(session: Session, summary: string, flags: ReconcileFlags, io: CliIo): Promise<boolean> {
  if (session.target.kind === 'simulated' || flags.yes) return true;
  if (!io.ask) throw new UsageError(`this would change AWS accounts (${summary}): run it in a terminal to confirm, or pass --yes`);
  io.stderr(`${summary}\n`);
  if (await io.ask('Apply these changes to the AWS accounts above?')) return true;
  io.stderr('Nothing was changed.\n');
  return false;
}

async function runReconcile(flags: ReconcileFlags, io: CliIo): Promise<number> {
  if (flags.org === undefined && !flags.yes && !io.ask) {
    throw new UsageError('reconcile against AWS asks before it changes any account: run it in a terminal, or pass --yes');
  }
  const trigger = triggerFromArgs(flags, io.cwd, 'Reconcile');
  const session = await openSession(flags, io);
  if (!session) return EXIT_FAILED;
  checkTriggerTarget(trigger, flags, session);
  const { target, loaded } = session;
  if (!flags.json) for (const w of regionWarnings(loaded.manifest, target.landingZoneRegions)) io.stderr(`warning: ${w}\n`);
  const deps =
    flags.confirmTerminations === undefined ? target.deps : { ...target.deps, terminations: { confirmed: flags.confirmTerminations } };

  if (target.kind === 'aws' && !flags.yes) {
    const plan = await planTrigger(trigger, deps, { onAssessed: tenthsProgress('read', (line) => io.stderr(`${line}\n`)) });
    const t = planTotals(plan, loaded.manifest);
    if (t.provision + t.update + t.terminate === 0) {
      io.stderr(`Nothing to change (${t.skip} unchanged or skipped, ${t.hold} held); run falcon-catalog plan for the details.\n`);
      return EXIT_OK;
    }
    const summary = `Plan: ${t.provision} to provision, ${t.update} to update, ${t.terminate} to terminate across ${t.accounts} accounts (falcon-catalog plan shows each one)`;
    if (!(await confirmed(session, summary, flags, io))) return EXIT_FAILED;
  }

  const report = await handleTrigger(trigger, deps, { onProgress: (update) => io.stderr(`${progressLine(update)}\n`) });
  await target.close();
  if (flags.json) {
    io.stdout(`${JSON.stringify({ target: target.kind, manifestWarnings: session.manifestWarnings, ...report, resultEvents: target.published.length }, null, 2)}\n`);
  } else {
    io.stdout(`${renderResults(report)}\n`);
  }
  return report.counts.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

export const reconcileCommand: CommandFactory = (io, exit) =>
  withTargetOptions(
    new Command('reconcile')
      .summary('provision, update or terminate products to match the manifest')
      .description(
        'Provisions, updates or terminates Falcon products until every account the trigger concerns (default: the\n' +
          'whole organisation, as the scheduled reconcile does) matches the manifest. Progress goes to stderr, one line\n' +
          'per account; one result event per account × product × Region is published (kept in memory with --org).\n' +
          'Against AWS it first shows how many changes it would make and asks before making them (--yes skips that).\n\n' +
          'A run that would terminate more provisioned products than lifecycle.maxTerminationsPerRun terminates none and\n' +
          'reports them as held; after checking "falcon-catalog plan", confirm the exact number it shows.',
      ),
  )
    .option('--event <file>', 'handle this EventBridge event (a Control Tower or Organizations lifecycle event, as JSON)')
    .option('--account <id>', 'reconcile one account (default: every account in the organisation)', accountIdArgument)
    .option('--confirm-terminations <n>', 'let this run terminate n provisioned products (the number plan shows), above the limit', countArgument)
    .option('-y, --yes', 'change AWS accounts without asking first')
    .addHelpText('after', '\nExit codes: 0 every item succeeded or was skipped, 1 an item failed or an input is invalid, 2 usage error.')
    .action(async (flags: ReconcileFlags) => exit(await runReconcile(flags, io)));

/** `falcon-catalog plan`: what a trigger would change, with warnings, and nothing executed. */
import * as path from 'node:path';
import { Command } from 'commander';
import { planTrigger } from '../../lifecycle-handlers/core/reconcile';
import { type CliIo, EXIT_FAILED, EXIT_OK } from '../command';
import { controlWarnings } from '../controls/control-warnings';
import { findProductTemplates } from '../controls/product-templates';
import { accountIdArgument, type TargetFlags, withTargetOptions } from '../options';
import { guardOf, idleAccounts, planActions, planTotals, renderPlan, unreadableOf } from '../plan-view';
import { tenthsProgress } from '../progress-line';
import { regionWarnings } from '../region-warnings';
import { openSession } from '../session';
import { checkTriggerTarget, triggerFromArgs } from '../trigger-arg';
import type { CommandFactory } from './index';

interface PlanFlags extends TargetFlags {
  readonly event?: string;
  readonly account?: string;
  readonly details?: boolean;
  readonly cdkOut: string;
  readonly controlCatalog?: string;
}

async function runPlan(flags: PlanFlags, io: CliIo): Promise<number> {
  const trigger = triggerFromArgs(flags, io.cwd, 'Plan');
  const session = await openSession(flags, io);
  if (!session) return EXIT_FAILED;
  checkTriggerTarget(trigger, flags, session);
  const { target, loaded } = session;
  const manifest = loaded.manifest;
  const report = await planTrigger(trigger, target.deps, { onAssessed: tenthsProgress('read', (line) => io.stderr(`${line}\n`)) });
  const warnings = [
    ...regionWarnings(manifest, target.landingZoneRegions),
    ...(await controlWarnings({
      manifest,
      report,
      enabledControls: target.enabledControls,
      catalog: target.controlCatalog,
      templates: findProductTemplates(path.resolve(io.cwd, flags.cdkOut)),
      cdkOut: flags.cdkOut,
    })),
  ];
  await target.close();

  if (flags.json) {
    const json = {
      target: target.kind,
      trigger: report.trigger,
      manifestWarnings: session.manifestWarnings,
      warnings,
      notes: target.notes,
      totals: planTotals(report, manifest),
      actions: planActions(report),
      idleAccounts: idleAccounts(report, manifest),
      unreadable: unreadableOf(report),
      ...guardOf(report),
      ...(report.note ? { note: report.note } : {}),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  for (const n of target.notes) io.stderr(`note: ${n}\n`);
  io.stdout(`${renderPlan(report, manifest, { details: flags.details })}\n`);
  return EXIT_OK;
}

export const planCommand: CommandFactory = (io, exit) =>
  withTargetOptions(
    new Command('plan')
      .summary('show what the lifecycle would provision, update or terminate, and why')
      .description(
        'Reads the organisation and what is provisioned, and prints what the lifecycle would do: one line per\n' +
          'account × product × Region (provision, update, terminate, hold, skip) with its reason, a line for each\n' +
          'account with nothing to do, and the totals. Nothing is changed. It first repeats the manifest\'s warnings and\n' +
          'checks it against the organisation (every OU and account it names exists, every assignment covers an\n' +
          'account), and warns about Control Tower proactive controls a product template would fail (templates from\n' +
          '--cdk-out: run npm run synth first) and manifest Regions the landing zone does not govern.',
      ),
  )
    .option('--event <file>', 'plan for this EventBridge event (a Control Tower or Organizations lifecycle event, as JSON)')
    .option('--account <id>', 'plan for one account (default: every account in the organisation)', accountIdArgument)
    .option('--details', 'show each parameter change under its line')
    .option('--cdk-out <dir>', 'synthesized cloud assembly with the product templates', 'cdk.out')
    .option('--control-catalog <file>', 'output of "aws controlcatalog list-controls", to name enabled controls')
    .addHelpText('after', '\nExit codes: 0 planned, 1 invalid manifest, event or account (nothing run), 2 usage error.')
    .action(async (flags: PlanFlags) => exit(await runPlan(flags, io)));

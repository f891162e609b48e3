/** `falcon-catalog plan`: what a trigger would change, with warnings, and nothing executed. */
import * as path from 'node:path';
import { planTrigger } from '../../lifecycle-handlers/core/reconcile';
import { type Command, EXIT_FAILED, EXIT_OK } from '../command';
import { controlWarnings } from '../controls/control-warnings';
import { findProductTemplates } from '../controls/product-templates';
import { COMMON_USAGE, loadManifestFor, parseCommandArgs } from '../lifecycle-options';
import { guardOf, planActions, renderPlan, unreadableOf } from '../plan-view';
import { regionWarnings } from '../region-warnings';
import { openTarget } from '../target';
import { triggerFromArgs } from '../trigger-arg';

const usage = `Usage: falcon-catalog plan --manifest <file> [--org <org-model.yaml>] [--event <event.json> | --account <id>] [--json]

Reads the organisation and what is provisioned, and prints what the lifecycle would do: one action per
account × product × Region (provision, update, terminate, skip) with its reason and parameter changes.
Nothing is changed. Before the plan it warns about Control Tower proactive controls enabled on a target
account's OUs that a product template would fail (templates from cdk.out: run npm run synth first), and about
manifest Regions the landing zone does not govern.

Options:
  --event <file>      plan for this EventBridge event (Control Tower / Organizations lifecycle event)
  --account <id>      plan for one account (default: every account in the organisation)
  --cdk-out <dir>     synthesized cloud assembly with the product templates (default: cdk.out)
  --control-catalog <file>  output of "aws controlcatalog list-controls", to name enabled controls
${COMMON_USAGE}
Exit codes: 0 planned, 1 invalid manifest or event (nothing run), 2 usage error.`;

export const planCommand: Command = {
  name: 'plan',
  summary: 'show what the lifecycle would provision, update or terminate, and why',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      event: { type: 'string' },
      account: { type: 'string' },
      'cdk-out': { type: 'string', default: 'cdk.out' },
      'control-catalog': { type: 'string' },
    });
    const manifest = loadManifestFor(values.manifest, io);
    if (!manifest) return EXIT_FAILED;
    const trigger = triggerFromArgs(values, io.cwd);
    if (!trigger.ok) {
      io.stderr(`falcon-catalog plan: ${trigger.message}; nothing was run\n`);
      return EXIT_FAILED;
    }
    const target = await openTarget({ manifest, orgModelFile: values.org, controlCatalogFile: values['control-catalog'] }, io);
    const report = await planTrigger(trigger.trigger, target.deps);
    const cdkOut = values['cdk-out'] ?? 'cdk.out';
    const warnings = [
      ...regionWarnings(manifest, target.landingZoneRegions),
      ...(await controlWarnings({
        manifest,
        report,
        enabledControls: target.enabledControls,
        catalog: target.controlCatalog,
        templates: findProductTemplates(path.resolve(io.cwd, cdkOut)),
        cdkOut,
      })),
    ];

    if (values.json) {
      const json = {
        target: target.kind,
        trigger: report.trigger,
        warnings,
        notes: target.notes,
        actions: planActions(report),
        unreadable: unreadableOf(report),
        ...guardOf(report),
        ...(report.note ? { note: report.note } : {}),
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT_OK;
    }
    io.stderr(`Target: ${target.description}\n`);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    for (const n of target.notes) io.stderr(`note: ${n}\n`);
    io.stdout(`${renderPlan(report)}\n`);
    return EXIT_OK;
  },
};

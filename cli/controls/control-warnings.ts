/**
 * Before anything runs: which planned launches a Control Tower proactive control enabled on the target account's
 * OUs would reject. Each planned product version's template is run through the same cfn-guard rules the gate uses
 * (`gates/guard.ts`), and the failing rules' designators are matched against the controls enabled on every OU from
 * the account's parent up (nested OUs are checked one by one: the API answers for one OU at a time).
 */
import * as path from 'node:path';
import type { TriggerReport } from '../../lifecycle-handlers/core/reconcile';
import { describeError } from '../../lifecycle-handlers/core/errors';
import type { Manifest } from '../../manifest/schema';
import { runGuard } from '../../gates/guard';
import { type ControlCatalogEntry, PROACTIVE_DESIGNATOR, proactiveDesignators } from './control-catalog';
import { type EnabledControlsReader, ouArn } from './enabled-controls';
import type { ProductTemplate } from './product-templates';

export interface ControlsCheckInput {
  readonly manifest: Manifest;
  readonly report: TriggerReport;
  readonly enabledControls: EnabledControlsReader;
  readonly catalog: readonly ControlCatalogEntry[];
  /** Undefined when there is no synthesized assembly. */
  readonly templates: readonly ProductTemplate[] | undefined;
  /** Where the templates were looked for, for the "run npm run synth first" message. */
  readonly cdkOut: string;
}

const key = (productId: string, version: string, region: string) => `${productId}@${version}@${region}`;

/** Findings per product version and Region: the designators its template fails. */
function failingControls(templates: readonly ProductTemplate[], wanted: Set<string>): Map<string, { control: string; rule: string }[]> {
  const files = templates.filter((t) => wanted.has(key(t.productId, t.version, t.region)));
  const byFile = new Map(files.map((t) => [path.resolve(t.file), key(t.productId, t.version, t.region)]));
  const failing = new Map<string, { control: string; rule: string }[]>();
  if (files.length === 0) return failing;
  for (const finding of runGuard(files.map((t) => ({ file: t.file, productId: t.productId })), [])) {
    const place = byFile.get(path.resolve(finding.template));
    if (place) failing.set(place, [...(failing.get(place) ?? []), { control: finding.control, rule: finding.rule }]);
  }
  return failing;
}

export async function controlWarnings(input: ControlsCheckInput): Promise<string[]> {
  const { manifest, report } = input;
  const launches = report.accounts.flatMap((a) =>
    a.actions.filter((x) => (x.kind === 'provision' || x.kind === 'update') && x.version).map((x) => ({ account: a.account, action: x })),
  );
  if (launches.length === 0) return [];
  if (input.templates === undefined) {
    return [`no synthesized product templates in ${input.cdkOut}: launches were not checked against the Control Tower proactive controls; run npm run synth first`];
  }
  const templates = input.templates;
  const warnings: string[] = [];
  const wanted = new Set(launches.map(({ action }) => key(action.productId, action.version ?? '', action.region)));
  const missing = [...wanted].filter((w) => !templates.some((t) => key(t.productId, t.version, t.region) === w));
  for (const m of missing) {
    const [productId, version, region] = m.split('@');
    warnings.push(`${productId} ${version} in ${region}: no synthesized template in ${input.cdkOut}, so it was not checked against the proactive controls (run npm run synth first)`);
  }
  const failing = failingControls(templates, wanted);
  const designators = proactiveDesignators(input.catalog);
  const { partition, managementAccountId, organizationId } = manifest.organization;

  for (const account of new Map(launches.map((l) => [l.account.id, l.account])).values()) {
    const enabled: { designator: string; ou: string }[] = [];
    const unmapped = new Set<string>();
    for (const ou of account.ancestors.filter((node) => node.id.startsWith('ou-'))) {
      try {
        for (const identifier of await input.enabledControls(ouArn(partition, managementAccountId, organizationId, ou.id))) {
          const names = designators.get(identifier) ?? [identifier.split('/').pop() ?? ''].filter((n) => PROACTIVE_DESIGNATOR.test(n));
          if (names.length === 0 && !identifier.includes('/AWS-GR_')) unmapped.add(identifier);
          for (const designator of names) enabled.push({ designator, ou: `${ou.path} (${ou.id})` });
        }
      } catch (error) {
        warnings.push(`account ${account.id}: the controls enabled on ${ou.path} (${ou.id}) could not be read: ${describeError(error)}`);
      }
    }
    if (unmapped.size > 0) {
      warnings.push(
        `account ${account.id}: ${unmapped.size} enabled control(s) could not be matched to a designator (${[...unmapped].join(', ')}); ` +
          'pass --control-catalog with the output of "aws controlcatalog list-controls" to check them',
      );
    }
    for (const { action } of launches.filter((l) => l.account.id === account.id)) {
      for (const finding of failing.get(key(action.productId, action.version ?? '', action.region)) ?? []) {
        for (const hit of enabled.filter((e) => e.designator === finding.control)) {
          warnings.push(
            `account ${account.id}${account.name ? ` (${account.name})` : ''}: ${action.productId} ${action.version} in ${action.region} ` +
              `would be rejected by proactive control ${finding.control}, enabled on ${hit.ou} (cfn-guard rule ${finding.rule} fails on its template)`,
          );
        }
      }
    }
  }
  return warnings;
}

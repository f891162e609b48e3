/**
 * Runs the Control Tower proactive controls (the cfn-guard rules bundled with @cdklabs/cdk-validator-cfnguard)
 * over product templates. The CDK validation plugin never sees ProductStack templates (they are file assets), so
 * this calls the bundled cfn-guard binary directly, on every `*.product.template.json` of a cloud assembly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GUARD_WAIVERS, GuardWaiver } from './guard-waivers';

const PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
export const CONTROL_TOWER_RULES_DIR = path.join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');

export interface GuardFinding {
  readonly template: string;
  /** The guard rule name, e.g. iam_inline_policy_no_statements_with_admin_access_check. */
  readonly rule: string;
  /** The Control Tower control ID, e.g. CT.IAM.PR.1. */
  readonly control: string;
  readonly waiver?: GuardWaiver;
}

function guardBinary(): string {
  const os = process.platform === 'darwin' ? 'macos' : 'ubuntu';
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const binary = path.join(PACKAGE_DIR, 'bin', os, arch, 'cfn-guard');
  if (!existsSync(binary)) throw new Error(`cfn-guard binary not found at ${binary}`);
  return binary;
}

/** Rule name → control ID, read from the rule files (`ct-iam-pr-1.guard` declares one rule and its CT ID). */
export function controlIdsByRule(rulesDir = CONTROL_TOWER_RULES_DIR): Map<string, string> {
  const map = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.guard')) {
        const control = entry.name.replace(/\.guard$/, '').toUpperCase().replace(/-/g, '.');
        for (const match of readFileSync(full, 'utf8').matchAll(/^rule\s+([A-Za-z0-9_]+)/gm)) map.set(match[1], control);
      }
    }
  };
  walk(rulesDir);
  return map;
}

interface GuardDocument {
  readonly name: string;
  readonly not_compliant: { readonly Rule?: { readonly name: string } }[];
}

/** Validates templates; returns one finding per failed rule per template, with its waiver when one applies. */
export function runGuard(
  templates: readonly { file: string; productId: string }[],
  waivers: readonly GuardWaiver[] = GUARD_WAIVERS,
): GuardFinding[] {
  if (templates.length === 0) return [];
  const args = ['validate', '-r', CONTROL_TOWER_RULES_DIR, '--output-format', 'json', '--show-summary', 'none'];
  for (const t of templates) args.push('-d', t.file);
  args.push('--structured');
  let output: string;
  try {
    output = execFileSync(guardBinary(), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (err) {
    // cfn-guard exits 19 when a rule fails; its report is still on stdout.
    const failed = err as { status?: number; stdout?: string; stderr?: string };
    if (failed.status !== 19 || !failed.stdout) {
      throw new Error(`cfn-guard failed (exit ${failed.status}): ${failed.stderr ?? ''}`);
    }
    output = failed.stdout;
  }
  const controls = controlIdsByRule();
  const productOf = new Map(templates.map((t) => [path.resolve(t.file), t.productId]));
  const findings: GuardFinding[] = [];
  for (const doc of JSON.parse(output) as GuardDocument[]) {
    const productId = productOf.get(path.resolve(doc.name)) ?? '';
    for (const item of doc.not_compliant) {
      const rule = item.Rule?.name;
      if (!rule) continue;
      const waiver = waivers.find((w) => w.rule === rule && w.products.includes(productId));
      findings.push({ template: doc.name, rule, control: controls.get(rule) ?? 'unknown', waiver });
    }
  }
  return findings;
}

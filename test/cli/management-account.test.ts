/**
 * `plan --account <management account>` shows its products and the path the lifecycle takes there, with the hub in
 * the management account (the example) and with a separate hub (the example with `hubAccountId` set), in the
 * simulated landing zone built the way the install builds it (cli/simulated/install-identity.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE, ROOT, runBin } from './run-bin';

const MANAGEMENT = '111111111111';
const dir = mkdtempSync(path.join(tmpdir(), 'falcon-hub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example manifest with a separate hub (shared-services) that shares the portfolio with the management account. */
function separateHubManifest(): string {
  const text = readFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), 'utf8')
    .replace(/# hubAccountId: "\d+".*$/m, 'hubAccountId: "444444444444"')
    .replace('accounts: ["444444444444"]', `accounts: ["${MANAGEMENT}"]`)
    // A manifest outside manifest/ points its editor schema elsewhere; the loader does not read it.
    .replace(/^# yaml-language-server.*$/m, '');
  const file = path.join(dir, 'separate-hub.yaml');
  writeFileSync(file, text);
  return file;
}

type Row = { account: string; product: string; region: string; action: string; access: string };
const rowsOf = (stdout: string): Row[] => JSON.parse(stdout).actions;

describe('the management account in plan', () => {
  it('with the hub there: its IOM and directories, reached with the hub\'s own credentials', () => {
    const json = runBin('plan', ...EXAMPLE, '--account', MANAGEMENT, '--json');
    expect(json.code).toBe(0);
    const rows = rowsOf(json.stdout);
    expect(rows.map((r) => `${r.product}@${r.region}:${r.action}`)).toContain('iom@us-east-1:provision');
    expect(rows.some((r) => r.product === 'launch-role')).toBe(false);
    expect(new Set(rows.map((r) => r.access))).toEqual(new Set(['hub credentials']));
    const text = runBin('plan', ...EXAMPLE, '--account', MANAGEMENT);
    expect(text.stdout).toContain(`account ${MANAGEMENT} is reached with hub credentials`);
  });

  it('with a separate hub: the same products, reached through the org-access role', () => {
    const manifest = separateHubManifest();
    const json = runBin('plan', '--manifest', manifest, '--org', 'manifest/org-model.example.yaml', '--account', MANAGEMENT, '--json');
    expect(json.stderr).not.toMatch(/^\s+at /m);
    expect(json.code).toBe(0);
    const rows = rowsOf(json.stdout);
    expect(rows.map((r) => `${r.product}@${r.region}:${r.action}`)).toContain('iom@us-east-1:provision');
    expect(rows.some((r) => r.product === 'launch-role')).toBe(false);
    expect(new Set(rows.map((r) => r.access))).toEqual(new Set(['CrowdStrikeFalconCatalogOrgAccess (management account, from the hub)']));
    // A member account, for contrast: the execution role, chained through the same role.
    const member = runBin('plan', '--manifest', manifest, '--org', 'manifest/org-model.example.yaml', '--account', '222222222222', '--json');
    expect(new Set(rowsOf(member.stdout).map((r) => r.access))).toEqual(new Set(['AWSControlTowerExecution via CrowdStrikeFalconCatalogOrgAccess']));
  });
});

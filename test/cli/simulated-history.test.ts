/**
 * `reconcile --org` and `status --org` on the two situations AWS's documentation makes hard: a portfolio shared with an
 * account by its ID only, and a product terminated and then wanted again. The landing zone's past (the org model's
 * `simulatedHistory`) is reconciled by the same core before the command runs, so `status` shows what really is there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, runBin } from './run-bin';

const APP_PROD = '222222222222';
const SHARED = '444444444444';
const dir = mkdtempSync(path.join(tmpdir(), 'falcon-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small organisation with the OUs and accounts the example manifest names. */
const ORG_MODEL = `
organization: { id: o-exampleorgid, managementAccountId: "111111111111", rootId: r-exmp, partition: aws }
organizationalUnits:
  - { id: ou-exmp-11111111, name: Workloads, parent: r-exmp }
  - { id: ou-exmp-22222222, name: Sandbox, parent: r-exmp }
  - { id: ou-exmp-33333333, name: Shared, parent: r-exmp }
accounts:
  - { id: "111111111111", name: management, parent: r-exmp, status: ACTIVE }
  - { id: "${APP_PROD}", name: app-prod, parent: ou-exmp-11111111, status: ACTIVE }
  - { id: "555555555555", name: sandbox-excluded, parent: ou-exmp-22222222, status: ACTIVE }
  - { id: "${SHARED}", name: shared-services, parent: ou-exmp-33333333, status: ACTIVE }
`;

type RawManifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The example's IOM rollout (its IOM product and assignments only), so each run stays short. */
function example(): RawManifest {
  const { blueprint: _blueprint, eks: _eks, ...raw } = parse(readFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), 'utf8')) as RawManifest;
  return { ...raw, products: { iom: raw.products.iom }, assignments: raw.assignments.filter((a: RawManifest) => a.product === 'iom') };
}

/** Three CLI runs, each booting a landing zone and reconciling its past. */
const THREE_RUNS_MS = 360_000;

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const writeManifest = (name: string, manifest: RawManifest) => write(name, stringify(manifest));
const orgModelWithHistory = (name: string, manifests: string[]) =>
  write(name, `${ORG_MODEL}\nsimulatedHistory:\n${manifests.map((m) => `  - manifest: ${path.basename(m)}`).join('\n')}\n`);

interface StatusRow {
  account: string;
  product: string;
  region: string;
  status: string;
  matchesManifest: boolean;
}

function statusOf(manifest: string, orgModel: string, account: string, product: string): StatusRow[] {
  const { code, stdout, stderr } = runBin('status', '--manifest', manifest, '--org', orgModel, '--json');
  expect(stderr).not.toContain('simulatedHistory');
  expect(code).toBe(0);
  return (JSON.parse(stdout).rows as StatusRow[]).filter((r) => r.account === account && r.product === product);
}

function reconciled(manifest: string, orgModel: string) {
  const { code, stdout } = runBin('reconcile', '--manifest', manifest, '--org', orgModel, '--json');
  const report = JSON.parse(stdout);
  const results = report.accounts.flatMap((a: { results: { accountId: string; productId: string; outcome: string }[] }) => a.results);
  return { code, counts: report.counts, outcome: (account: string, product: string) => results.filter((r: { accountId: string; productId: string }) => r.accountId === account && r.productId === product).map((r: { outcome: string }) => r.outcome) };
}

describe('the simulated landing zone and its past, through the CLI', () => {
  it('a portfolio shared with an account by its ID only: reconcile provisions there, status shows it AVAILABLE', () => {
    const manifest = example();
    manifest.portfolio.shareWith = { organization: false, organizationalUnits: [], accounts: [SHARED] };
    manifest.assignments = [{ name: 'iom-shared', product: 'iom', targets: { accounts: [SHARED] }, regions: 'home', parameters: {} }];
    const file = writeManifest('shared-by-account-id.yaml', manifest);
    const org = write('org.yaml', ORG_MODEL);

    const run = reconciled(file, org);
    expect(run.counts.failed).toBe(0);
    expect(run.code).toBe(0);
    expect(run.outcome(SHARED, 'iom')).toEqual(['provisioned']);

    const after = statusOf(file, orgModelWithHistory('org-after-account-share.yaml', [file]), SHARED, 'iom');
    expect(after.map((r) => [r.region, r.status, r.matchesManifest])).toEqual([['us-east-1', 'AVAILABLE', true]]);
  });

  it('a product terminated and wanted again: reconcile provisions it anew, status shows it AVAILABLE', () => {
    const everywhere = writeManifest('iom-everywhere.yaml', example());
    const leaving = example();
    const iomEverywhere = leaving.assignments.find((a: RawManifest) => a.name === 'iom-everywhere');
    iomEverywhere.targets.exclude.accounts.push(APP_PROD);
    const withoutAppProd = writeManifest('iom-without-app-prod.yaml', leaving);

    // The past: IOM provisioned in app-prod, then terminated when it left the assignment.
    const terminated = orgModelWithHistory('org-terminated.yaml', [everywhere, withoutAppProd]);
    expect(statusOf(everywhere, terminated, APP_PROD, 'iom').map((r) => r.status)).toEqual(['NOT_PROVISIONED']);
    const run = reconciled(everywhere, terminated);
    expect(run.counts.failed).toBe(0);
    expect(run.code).toBe(0);
    expect(run.outcome(APP_PROD, 'iom')).toEqual(['provisioned']);

    // The same three steps, the last one part of the past: the product is there, not merely reported.
    const back = statusOf(everywhere, orgModelWithHistory('org-back.yaml', [everywhere, withoutAppProd, everywhere]), APP_PROD, 'iom');
    expect(back.map((r) => [r.region, r.status, r.matchesManifest])).toEqual([['us-east-1', 'AVAILABLE', true]]);
  }, THREE_RUNS_MS);

  it('refuses a past manifest that shares the portfolio differently, naming the file', () => {
    const other = example();
    other.portfolio.shareWith.accounts = [];
    const file = writeManifest('other-share.yaml', other);
    const { code, stderr } = runBin('status', '--manifest', 'manifest/manifest.example.yaml', '--org', orgModelWithHistory('org-other.yaml', [file]), '--json');
    expect(code).toBe(1);
    expect(stderr).toContain(`simulatedHistory ${file} must describe the same organisation, portfolio name and portfolio.shareWith as --manifest`);
  });
});

/** `plan`, `reconcile` and `status` through the spawned bin, against the simulated example landing zone. */
import { describe, expect, it } from 'vitest';
import { EXAMPLE, runBin } from './run-bin';
import { LAUNCH_ROLE_VERSION } from '../lifecycle/registration-fixture';

const IOM_PARAMETERS = ['CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'RoleName'];

describe('falcon-catalog plan --org --json', () => {
  it('prints one JSON document with one action per account × product × Region', () => {
    const { code, stdout } = runBin('plan', ...EXAMPLE, '--json', '--cdk-out', 'test/cli/no-such-cdk-out');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.target).toBe('simulated');
    expect(plan.trigger).toMatchObject({ kind: 'organization' });
    const rows = plan.actions.map((a: Record<string, string>) => [a.account, a.region, a.product, a.action]);
    expect(rows.sort()).toEqual(
      [
        ['123456789012', 'us-east-1', 'iom', 'skip'],
        ['123456789012', 'us-east-1', 'launch-role', 'skip'],
        ['222222222222', 'us-east-1', 'iom', 'provision'],
        ['222222222222', 'us-east-1', 'launch-role', 'provision'],
        ['333333333333', 'us-east-1', 'iom', 'provision'],
        ['333333333333', 'us-east-1', 'launch-role', 'provision'],
        ['666666666666', 'us-east-1', 'iom', 'provision'],
        ['666666666666', 'us-east-1', 'launch-role', 'provision'],
      ].sort(),
    );
    const iom = plan.actions.find((a: Record<string, string>) => a.account === '222222222222' && a.product === 'iom');
    expect(iom).toMatchObject({ accountName: 'app-prod', ouPath: 'Root/Workloads/Prod', version: 'v1.0.0', reason: 'not provisioned yet (assignment iom-everywhere)' });
    expect(iom.parameterDiff.map((c: { key: string; from: unknown }) => [c.key, c.from])).toEqual(IOM_PARAMETERS.map((k) => [k, null]));
    const suspended = plan.actions.find((a: Record<string, string>) => a.account === '123456789012' && a.product === 'iom');
    expect(suspended.reason).toBe('account is SUSPENDED: nothing is provisioned into it');
    expect(plan.warnings).toEqual([
      'no synthesized product templates in test/cli/no-such-cdk-out: launches were not checked against the Control Tower proactive controls; run npm run synth first',
    ]);
  });

  it('plans a single account with --account', () => {
    const { code, stdout } = runBin('plan', ...EXAMPLE, '--json', '--account', '333333333333');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(new Set(plan.actions.map((a: { account: string }) => a.account))).toEqual(new Set(['333333333333']));
    expect(plan.actions.map((a: { product: string; action: string }) => `${a.product}:${a.action}`)).toEqual(['launch-role:provision', 'iom:provision']);
  });

  it('exits 1 for a malformed event, says what is wrong, and runs nothing', () => {
    const { code, stdout, stderr } = runBin('plan', ...EXAMPLE, '--event', 'test/fixtures/events/create-managed-account-missing-account.json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^falcon-catalog plan: test\/fixtures\/events\/create-managed-account-missing-account\.json: malformed-event: CreateManagedAccount event: serviceEventDetails\.createManagedAccountStatus account/);
    expect(stderr).toContain('nothing was run');
    // The simulated landing zone is never booted: no target line, no plan.
    expect(stderr).not.toContain('Target:');
  });

  it('exits 1 for an invalid manifest with file:line:col errors, before anything runs', () => {
    const { code, stdout, stderr } = runBin('plan', '--manifest', 'test/fixtures/manifests/invalid-unknown-keys.yaml', '--org', 'manifest/org-model.example.yaml');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^test\/fixtures\/manifests\/invalid-unknown-keys\.yaml: invalid manifest, nothing was run \(\d+ errors?\):\ntest\/fixtures\/manifests\/invalid-unknown-keys\.yaml:\d+:\d+ /);
  });
});

describe('falcon-catalog reconcile --org --json', () => {
  it('provisions what the manifest assigns, reports each account on stderr and every item in the JSON', () => {
    const { code, stdout, stderr } = runBin('reconcile', ...EXAMPLE, '--json');
    const report = JSON.parse(stdout);
    expect(report.counts).toEqual({ provisioned: 6, updated: 0, terminated: 0, failed: 0, skipped: 2 });
    expect(code).toBe(0);
    const provisioned = report.accounts.flatMap((a: { results: { outcome: string; accountId: string; productId: string }[] }) =>
      a.results.filter((r) => r.outcome === 'provisioned').map((r) => `${r.accountId}/${r.productId}`),
    );
    // Root/Workloads (with its Prod child) and Root/Sandbox, minus the excluded 555555555555.
    expect(provisioned.sort()).toEqual([
      '222222222222/iom', '222222222222/launch-role', '333333333333/iom', '333333333333/launch-role',
      '666666666666/iom', '666666666666/launch-role',
    ]);
    expect(report.resultEvents).toBe(8);
    const progress = stderr.split('\n').filter((l) => /^\[\d\/9\] /.test(l));
    expect(progress).toHaveLength(9);
    expect(progress.some((l) => l.endsWith('222222222222 app-prod: 2 provisioned'))).toBe(true);
    expect(progress.some((l) => l.endsWith('123456789012 sandbox-closed: 2 skipped'))).toBe(true);
  });
});

describe('falcon-catalog status --org --json', () => {
  it('lists every wanted account × product × Region with what is there and whether it matches', () => {
    const { code, stdout } = runBin('status', ...EXAMPLE, '--json');
    expect(code).toBe(0);
    const { target, rows } = JSON.parse(stdout);
    expect(target).toBe('simulated');
    // A freshly booted simulated landing zone has nothing provisioned yet.
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toMatchObject({ status: 'NOT_PROVISIONED', version: null, lastRecordStatus: null, matchesManifest: false });
    const appProd = rows.filter((r: { account: string }) => r.account === '222222222222');
    expect(appProd.map((r: { product: string; wantedVersion: string; detail: string }) => [r.product, r.wantedVersion, r.detail])).toEqual([
      ['launch-role', LAUNCH_ROLE_VERSION, 'not provisioned yet (launch role)'],
      ['iom', 'v1.0.0', 'not provisioned yet (assignment iom-everywhere)'],
    ]);
  });
});

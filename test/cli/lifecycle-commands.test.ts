/** `plan`, `reconcile` and `status` through the spawned bin, against the simulated example landing zone. */
import { describe, expect, it } from 'vitest';
import { EXAMPLE, runBin } from './run-bin';
import { LAUNCH_ROLE_VERSION } from '../lifecycle/registration-fixture';

/** IOM v1.1.0 (the example's version): the directory-typed parameters by name, the override, the revision. */
const IOM_PARAMETERS = ['CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'DirectoryRevision', 'ExternalId', 'ReaderRoleName', 'RoleName'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
/**
 * The example sets portfolio.selfService.prepareAccounts: every account the portfolio is shared with gets the launch
 * role and the Falcon directory in every governed Region (the hub: the directory only; it has its launch role).
 */
const directories = (account: string, action: string) => REGIONS.map((region) => [account, region, 'directory', action]);
const foundation = (account: string, action: string) => [[account, 'us-east-1', 'launch-role', action], ...directories(account, action)];
const iom = (account: string, action: string) => [[account, 'us-east-1', 'iom', action]];

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
        // Suspended: nothing is provisioned into it.
        ...foundation('123456789012', 'skip'),
        ...iom('123456789012', 'skip'),
        // The hub, and the shared accounts nothing is assigned to (the Shared OU; 555555555555 is excluded).
        // The hub (the management account): the directory, and IOM (assignment iom-management).
        ...directories('111111111111', 'provision'),
        ...iom('111111111111', 'provision'),
        ...foundation('444444444444', 'provision'),
        ...foundation('555555555555', 'provision'),
        // Root/Workloads (with its Prod child) and Root/Sandbox get IOM too.
        ...foundation('222222222222', 'provision'),
        ...iom('222222222222', 'provision'),
        ...foundation('333333333333', 'provision'),
        ...iom('333333333333', 'provision'),
        ...foundation('666666666666', 'provision'),
        ...iom('666666666666', 'provision'),
      ].sort(),
    );
    // The Security OU (777777777777, 888888888888) is not shared: nothing.
    expect(rows.filter((r: string[]) => r[0] === '777777777777' || r[0] === '888888888888')).toEqual([]);
    const iomAction = plan.actions.find((a: Record<string, string>) => a.account === '222222222222' && a.product === 'iom');
    expect(iomAction).toMatchObject({ accountName: 'app-prod', ouPath: 'Root/Workloads/Prod', version: 'v1.1.0', reason: 'not provisioned yet (assignment iom-everywhere)' });
    expect(iomAction.parameterDiff.map((c: { key: string; from: unknown }) => [c.key, c.from])).toEqual(IOM_PARAMETERS.map((k) => [k, null]));
    const directory = plan.actions.find((a: Record<string, string>) => a.account === '222222222222' && a.product === 'directory' && a.region === 'eu-west-1');
    expect(directory).toMatchObject({ reason: 'not provisioned yet (Falcon directory)' });
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
    expect(plan.actions.map((a: { product: string; region: string; action: string }) => `${a.product}@${a.region}:${a.action}`)).toEqual([
      'launch-role@us-east-1:provision',
      ...REGIONS.map((region) => `directory@${region}:provision`),
      'iom@us-east-1:provision',
    ]);
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
    expect(report.counts).toEqual({ provisioned: 27, updated: 0, terminated: 0, failed: 0, skipped: 5, pending: 0 });
    expect(code).toBe(0);
    const provisioned = report.accounts.flatMap((a: { results: { outcome: string; accountId: string; productId: string }[] }) =>
      a.results.filter((r) => r.outcome === 'provisioned').map((r) => `${r.accountId}/${r.productId}`),
    );
    // IOM for Root/Workloads (with its Prod child) and Root/Sandbox, minus the excluded 555555555555; the launch role
    // and the directory (3 Regions) for every shared account; the directory and IOM (iom-management) for the hub.
    const withIom = ['222222222222', '333333333333', '666666666666'];
    const prepared = [...withIom, '444444444444', '555555555555'];
    expect(provisioned.sort()).toEqual(
      [
        ...[...withIom, '111111111111'].map((a) => `${a}/iom`),
        ...prepared.map((a) => `${a}/launch-role`),
        ...[...prepared, '111111111111'].flatMap((a) => REGIONS.map(() => `${a}/directory`)),
      ].sort(),
    );
    expect(report.resultEvents).toBe(32);
    const progress = stderr.split('\n').filter((l) => /^\[\d\/9\] /.test(l));
    expect(progress).toHaveLength(9);
    expect(progress.some((l) => l.endsWith('222222222222 app-prod: 5 provisioned'))).toBe(true);
    expect(progress.some((l) => l.endsWith('555555555555 sandbox-excluded: 4 provisioned'))).toBe(true);
    expect(progress.some((l) => l.endsWith('123456789012 sandbox-closed: 5 skipped'))).toBe(true);
  });
});

describe('falcon-catalog status --org --json', () => {
  it('lists every wanted account × product × Region with what is there and whether it matches', () => {
    const { code, stdout } = runBin('status', ...EXAMPLE, '--json');
    expect(code).toBe(0);
    const { target, rows } = JSON.parse(stdout);
    expect(target).toBe('simulated');
    // A freshly booted simulated landing zone has nothing provisioned yet.
    expect(rows).toHaveLength(32);
    for (const row of rows) expect(row).toMatchObject({ status: 'NOT_PROVISIONED', version: null, lastRecordStatus: null, matchesManifest: false });
    const appProd = rows.filter((r: { account: string }) => r.account === '222222222222');
    expect(appProd.map((r: { product: string; region: string; wantedVersion: string; detail: string }) => [r.product, r.region, r.wantedVersion, r.detail])).toEqual([
      ['launch-role', 'us-east-1', LAUNCH_ROLE_VERSION, 'not provisioned yet (launch role)'],
      ...REGIONS.map((region) => ['directory', region, 'v1.0.0', 'not provisioned yet (Falcon directory)']),
      ['iom', 'us-east-1', 'v1.1.0', 'not provisioned yet (assignment iom-everywhere)'],
    ]);
  });
});

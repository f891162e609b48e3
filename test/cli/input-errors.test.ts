/**
 * Every input an operator can get wrong, fed through the real bin: each ends in a message saying what to fix and
 * where, with exit 1 (the input cannot be used) or 2 (the command line is wrong), never a stack trace. Values a
 * template or AWS would refuse are refused by `validate` already; targets the organisation does not have are warned
 * about by name, with the closest existing one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_MANIFEST, EXAMPLE_ORG, ROOT, runBin, STACK_TRACE } from './run-bin';

const dir = mkdtempSync(path.join(tmpdir(), 'falcon-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const EXAMPLE_TEXT = readFileSync(path.join(ROOT, EXAMPLE_MANIFEST), 'utf8');
/** The example with one edit, which must apply. */
function edited(name: string, from: string | RegExp, to: string): string {
  const text = EXAMPLE_TEXT.replace(from, to);
  if (text === EXAMPLE_TEXT) throw new Error(`the example no longer has ${from}`);
  return file(name, text);
}
const ORG = ['--org', EXAMPLE_ORG];
const MANIFEST = ['--manifest', EXAMPLE_MANIFEST];
const NO_AWS = {
  AWS_CONFIG_FILE: path.join(dir, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
};

function expectMessage(run: { code: number | null; stdout: string; stderr: string }, code: number, message: RegExp) {
  expect(`${run.stdout}${run.stderr}`).toMatch(message);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK_TRACE);
  expect(run.code).toBe(code);
}

describe('values a template or AWS would refuse: validate exits 1 with the position and the rule', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      edited('role-name.yaml', /(  - name: iom-management\n    product: iom\n)/, '$1    parameters: { roleName: FalconReader }\n'),
      'an iom roleName the template rejects',
      /:\d+:\d+ {2}assignments\[1\]\.parameters\.roleName {2}roleName "FalconReader" is refused by the iom v\d+\.\d+\.\d+ template: its parameter RoleName must match .*CrowdStrike/,
    ],
    [
      edited('secret-partition.yaml', 'secretName: falcon/api-client', 'secretArn: arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:falcon/api-client-AbCdEf'),
      'an API secret in another partition',
      /falcon\.apiCredentials\.secretArn {2}the secret is in partition aws-us-gov, but organization\.partition is aws/,
    ],
    [
      edited('secret-region.yaml', 'secretName: falcon/api-client', 'secretArn: arn:aws:secretsmanager:ap-south-1:111111111111:secret:falcon/api-client-AbCdEf'),
      'an API secret outside the hub and home Region',
      /falcon\.apiCredentials\.secretArn {2}the Falcon API secret must live in the hub account 111111111111 and the home Region us-east-1/,
    ],
    [
      edited('secret-bad-region.yaml', /sensorDownloadSecretArn: arn:aws:secretsmanager:us-east-1:/, 'sensorDownloadSecretArn: arn:aws:secretsmanager:us-east-9:'),
      'a secret in a Region that does not exist',
      /sensorDownloadSecretArn {2}the secret's Region: us-east-9 is not a Region of partition aws; did you mean us-east-1\?/,
    ],
    [
      edited('region.yaml', 'governedRegions: [us-east-1, us-west-2, eu-west-1]', 'governedRegions: [us-east-1, us-west-2, eu-west-1, us-east-9]'),
      'a Region name only shaped like one',
      /organization\.governedRegions\[3\] {2}us-east-9 is not a Region of partition aws; did you mean us-east-1\?/,
    ],
    [
      edited('assignment-secret.yaml', /(      maxConcurrency: 10%\n)/, '$1      credentialsSecretArn: arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:falcon/download-AbCdEf\n'),
      'an assignment ARN in another partition',
      /parameters\.credentialsSecretArn {2}credentialsSecretArn is in partition aws-us-gov, but organization\.partition is aws/,
    ],
  ];
  for (const [manifest, what, message] of cases) {
    it(what, () => expectMessage(runBin('validate', '--manifest', manifest), 1, message));
  }
});

describe('the organisation is known (plan, reconcile, status): every target is resolved', () => {
  it('a mistyped OU path or unknown OU ID is a warning naming the closest, and an assignment covering nothing says why', () => {
    const manifest = edited(
      'targets.yaml',
      'organizationalUnits: [Root/Workloads/Prod]\n    regions: [us-east-1, us-west-2]',
      'organizationalUnits: [Root/Workloads/Prd, ou-exmp-11119999]\n    regions: [us-east-1, us-west-2]',
    );
    const run = runBin('plan', '--manifest', manifest, ...ORG);
    expectMessage(run, 0, /targets\.organizationalUnits\[0\] {2}warning: the organisation has no OU Root\/Workloads\/Prd; did you mean Root\/Workloads\/Prod\?/);
    expect(run.stderr).toMatch(/targets\.organizationalUnits\[1\] {2}warning: the organisation has no OU ou-exmp-11119999; the closest OU ID is ou-exmp-1111\d{4} \(Root\/\S+\)/);
    expect(run.stderr).toMatch(/warning: assignment ssm-distributor-prod covers no active account of the organisation: OU Root\/Workloads\/Prd, OU ou-exmp-11119999 do not exist/);
  });

  it('a shareWith OU the organisation does not have: the landing zone cannot be built as the manifest says (exit 1)', () => {
    const manifest = edited('share.yaml', '      - Root/Sandbox\n', '      - Root/Sandboxx\n');
    expectMessage(runBin('plan', '--manifest', manifest, ...ORG), 1, /portfolio\.shareWith\.organizationalUnits\[1\]: the organisation has no OU Root\/Sandboxx; did you mean Root\/Sandbox\?/);
  });

  it('an --account or an event account the organisation does not have', () => {
    expectMessage(runBin('plan', ...MANIFEST, ...ORG, '--account', '222222222223'), 1, /--account 222222222223: the organisation has no account 222222222223; the closest is 222222222222 \(app-prod\); nothing was run/);
    const event = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/events/create-managed-account-succeeded.json'), 'utf8'));
    event.detail.serviceEventDetails.createManagedAccountStatus.account.accountId = '909090909090';
    const eventFile = file('event.json', JSON.stringify(event));
    expectMessage(runBin('reconcile', ...MANIFEST, ...ORG, '--event', eventFile), 1, /--event .*event\.json: the organisation has no account 909090909090/);
  });
});

describe('files the operator gives that cannot be used: exit 1 with what is wrong', () => {
  it('an org model that is not YAML, is missing, is another organisation, or is not a consistent organisation', () => {
    const cases: Array<[string, RegExp]> = [
      [file('broken.yaml', 'garbage: [\n'), /--org .*broken\.yaml: .*line 2/],
      [path.join(dir, 'missing.yaml'), /--org .*missing\.yaml: ENOENT/],
      [file('other.yaml', 'organization: { id: o-otherorgid1, managementAccountId: "999999999999", rootId: r-abcd, partition: aws }\n'), /does not describe the manifest's organisation: organization id o-otherorgid1 vs manifest o-exampleorgid/],
      [
        file('orphan.yaml', `${readFileSync(path.join(ROOT, EXAMPLE_ORG), 'utf8')}\n  - { id: "135791357913", name: orphan, parent: ou-exmp-99999999 }\n`),
        /--org .*orphan\.yaml: Invalid org model.*unknown parent ou-exmp-99999999/s,
      ],
      [file('shape.yaml', 'organization: { id: nope }\n'), /--org .*shape\.yaml: Invalid org model/],
    ];
    for (const [orgModel, message] of cases) expectMessage(runBin('plan', ...MANIFEST, '--org', orgModel), 1, message);
  });

  it('a control catalog that is not the output of aws controlcatalog list-controls', () => {
    expectMessage(runBin('plan', ...MANIFEST, ...ORG, '--control-catalog', file('cc.json', 'garbage')), 1, /--control-catalog .*cc\.json: cannot read it as JSON/);
    expectMessage(runBin('plan', ...MANIFEST, ...ORG, '--control-catalog', file('cc2.json', '{"Items": []}')), 1, /expected the output of "aws controlcatalog list-controls"/);
  });

  it('a state file that is not one', () => {
    expectMessage(runBin('status', ...MANIFEST, ...ORG, '--state', file('state.json', '{"format": "something else"}')), 1, /--state .*state\.json: not a simulated landing zone saved by this version of falcon-catalog .*delete it to start over/);
  });

  it('no AWS credentials: the message says how to get them, or to use --org', () => {
    for (const command of ['plan', 'status']) {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'falcon-catalog.cjs'), command, ...MANIFEST], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...NO_AWS },
      });
      expectMessage({ code: run.status, stdout: run.stdout, stderr: run.stderr }, 1, /no AWS credentials found\. .*--org <org-model\.yaml>/);
    }
  });

  it('init will not overwrite a manifest', () => {
    expectMessage(runBin('init', '--manifest', EXAMPLE_MANIFEST), 1, /manifest\.example\.yaml already exists; nothing was written \(add --force to replace it\)/);
  });

  it('demo into an OU the organisation does not have', () => {
    expectMessage(runBin('demo', '--ou', 'Root/Workload/Prod'), 1, /--ou Root\/Workload\/Prod: the organisation has no such OU; did you mean Root\/Workloads\/Prod\?/);
  });
});

describe('a wrong command line: exit 2 with the fix', () => {
  const cases: Array<[string[], RegExp]> = [
    [['plna'], /unknown command 'plna'\n\(Did you mean plan\?\)/],
    [['validate', '--manfest', EXAMPLE_MANIFEST], /unknown option '--manfest'\n\(Did you mean --manifest\?\)/],
    [['validate', EXAMPLE_MANIFEST], /give the manifest as --manifest manifest\/manifest\.example\.yaml/],
    [['plan', '--org', EXAMPLE_ORG], /required option '--manifest <file>' not specified/],
    [['plan', ...MANIFEST, '--state', 'x.json'], /--state keeps a simulated landing zone: give it together with --org/],
    [['plan', ...MANIFEST, ...ORG, '--account', '1234'], /option '--account <id>' argument '1234' is invalid\. an AWS account ID is 12 digits/],
    [['reconcile', ...MANIFEST], /reconcile against AWS asks before it changes any account: run it in a terminal, or pass --yes/],
    [['reconcile', ...MANIFEST, ...ORG, '--account', '222222222222', '--event', 'x.json'], /give --event or --account, not both/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => expectMessage(runBin(...args), 2, message));
  }

  it('npm run synth with a mistyped option names the right one and prints the usage', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/synth.ts', '--manfest', 'x'], { cwd: ROOT, encoding: 'utf8' });
    expectMessage({ code: run.status, stdout: run.stdout, stderr: run.stderr }, 2, /npm run synth: unknown option '--manfest'\n\(Did you mean --manifest\?\)[^]*Usage: npm run synth \[-- --manifest <file>\] \[--out <dir>\]/);
  });
});

describe('--version and --help', () => {
  it('print and exit 0', () => {
    const version = runBin('--version');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(version.code).toBe(0);
    const help = runBin('plan', '--help');
    expect(help.stdout).toMatch(/^Usage: falcon-catalog plan \[options\]/);
    expect(help.code).toBe(0);
  });
});

/**
 * Every command the README and docs show, run as a reader would paste it, in a copy of the repository, without AWS
 * credentials: it must succeed, or, for a command that talks to AWS, stop exactly at the missing credentials (the
 * real `cdk` CLI's, the AWS CLI's, or falcon-catalog's own message), never with a stack trace. A synopsis runs
 * with every optional part filled in. Placeholders a reader replaces (`<hub>`, `my-manifest.yaml`, …) are filled
 * from the example manifest; what they stand for is in PLACEHOLDERS below.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_OPTIONS } from '../../bench/options';
import { loadValidManifest } from '../../manifest/load';
import { docCommands, markdownFiles, type DocCommand } from './doc-commands';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = loadValidManifest(path.join(ROOT, 'manifest', 'manifest.example.yaml'));
const { managementAccountId, homeRegion } = EXAMPLE.organization;

/** What a reader types in place of each placeholder, here. */
const PLACEHOLDERS: ReadonlyArray<[RegExp, string]> = [
  [/<manifest>|<file>(?= |$)/g, 'my-manifest.yaml'],
  [/<org-model\.yaml>/g, 'manifest/org-model.example.yaml'],
  [/<hub-manifest\.yaml>/g, 'hub-manifest.yaml'],
  [/<event\.json>/g, 'test/fixtures/events/create-managed-account-succeeded.json'],
  // An account of the example organisation (plan/status --account); <new-id> is one the demo vends.
  [/<id>/g, '222222222222'],
  [/<new-id>/g, '210987654321'],
  [/<ou-path>/g, 'Root/Workloads/Prod'],
  [/<state\.json>/g, 'landing-zone.json'],
  [/<cdk-out>/g, 'cdk.out'],
  [/<controls\.json>/g, 'controls.json'],
  [/<n>/g, '0'],
  [/<topic-arn>/g, `arn:aws:sns:${homeRegion}:${managementAccountId}:FalconLifecycle-AlarmTopic`],
  [/<address>/g, 'platform-team@example.com'],
  [/<hub>/g, managementAccountId],
  [/<region>/g, homeRegion],
  [/<name>/g, 'falcon/api-client'],
  [/file:\/\/…/g, 'file://falcon-api-client.json'],
  [/\bdir\b(?=\s|$)/g, 'synth-out'],
];

/** A synopsis with every optional part taken (the first of alternatives), as a runnable command. */
function runnable(command: DocCommand): string {
  let text = command.text;
  if (command.synopsis) {
    text = text.replace(/\[([^\]]*)\]/g, (_, inner: string) => inner.split(' | ')[0]);
  }
  for (const [pattern, value] of PLACEHOLDERS) text = text.replace(pattern, value);
  return text.replace(/\s+/g, ' ').trim();
}

/** Commands that call AWS before they can do anything (and so stop at the missing credentials here). */
function needsAws(text: string): boolean {
  if (/^aws /.test(text)) return true;
  if (/^npx cdk (deploy|diff|bootstrap|destroy)\b/.test(text)) return true;
  return /^npx falcon-catalog (plan|reconcile|status)\b/.test(text) && !text.includes('--org');
}

// falcon-catalog reconcile against AWS asks before changing anything; with no terminal (as here) it stops and says so.
const CREDENTIALS_STOP = /no credentials have been configured|Unable to locate credentials|no AWS credentials found|asks before it changes any account/;
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

/** Covered elsewhere, with the reason: each entry names where. */
function coveredElsewhere(text: string): string | undefined {
  if (/^npm ci\b/.test(text) || /^npm test\b/.test(text)) return '.ci/run runs exactly npm ci && npm test';
  if (/^npm run bench\b/.test(text)) return 'npm run bench takes minutes; its flags are checked below, its parts in test/bench';
  return undefined;
}

let work: string;

function run(text: string) {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  Object.assign(env, {
    // No credentials from anywhere: files, instance metadata or the environment.
    AWS_CONFIG_FILE: path.join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // A reader's profile has a Region; the AWS CLI asks for one before it looks for credentials.
    AWS_DEFAULT_REGION: homeRegion,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  });
  // init writes a new manifest: a reader runs it where there is none yet (here, a fresh folder of the copy).
  const cwd = /^npx falcon-catalog init\b/.test(text) ? mkdtempSync(path.join(work, 'init-')) : work;
  const result = spawnSync('bash', ['-c', text], { cwd, env, encoding: 'utf8', timeout: 280_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const awsCliPresent = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const commands = docCommands(ROOT);
const toRun = [...new Map(commands.filter((c) => !coveredElsewhere(c.text)).map((c) => [runnable(c), c])).entries()];

beforeAll(() => {
  // A copy of the files a commit would hold (tracked, and new ones not ignored), as a fresh clone has them, sharing this checkout's installed node_modules.
  work = mkdtempSync(path.join(tmpdir(), 'falcon-docs-'));
  const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(work, file));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  // What the README has a reader make before these commands: their manifest and the Falcon client file.
  copyFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), path.join(work, 'my-manifest.yaml'));
  // A reader's manifest with a separate hub (the management account named where README says).
  const example = readFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), 'utf8');
  const separateHub = example
    .replace(/# hubAccountId: "\d+".*$/m, 'hubAccountId: "999999999999"')
    .replace(/accounts: \["444444444444"\]/, `accounts: ["444444444444", "${managementAccountId}"]`);
  if (!separateHub.includes('hubAccountId: "999999999999"')) throw new Error('the example manifest no longer has the hubAccountId line');
  writeFileSync(path.join(work, 'hub-manifest.yaml'), separateHub);
  mkdirSync(path.join(work, 'path', 'to'), { recursive: true });
  copyFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), path.join(work, 'path', 'to', 'manifest.yaml'));
  writeFileSync(path.join(work, 'falcon-api-client.json'), '{"client_id": "example", "client_secret": "example"}');
  writeFileSync(path.join(work, 'falcon-eks-installer.json'), '{"client_id": "example", "client_secret": "example"}');
  // What `aws controlcatalog list-controls` prints, for --control-catalog.
  writeFileSync(path.join(work, 'controls.json'), '{"Controls": []}');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the commands the docs show', () => {
  it('are found in the README and docs', () => {
    expect(markdownFiles(ROOT)).toEqual(expect.arrayContaining(['README.md', 'docs/falcon-hub.md']));
    const texts = commands.map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['npx cdk deploy --all -c manifest=my-manifest.yaml']));
    expect(toRun.length).toBeGreaterThan(10);
  });

  it('npm ci && npm test is what CI runs', () => {
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('name only flags npm run bench accepts', () => {
    for (const c of commands.filter((x) => /^npm run bench\b/.test(x.text))) {
      const args = runnable(c).split(' ').slice(4); // after `npm run bench --`
      expect(() => parseArgs({ options: BENCH_OPTIONS, args, strict: true }), `${c.where}: ${c.text}`).not.toThrow();
    }
  });

  for (const [text, c] of toRun) {
    const aws = /^aws /.test(text);
    const skipped = aws && !awsCliPresent ? ' (skipped: no `aws` CLI on PATH; install the AWS CLI to check it)' : '';
    it.skipIf(skipped !== '')(`${c.where}: ${text}${skipped}`, () => {
      const { code, output } = run(text);
      // A stack trace from our own code is a bug; the cdk and aws CLIs print their own (not ours to change).
      if (!/^(npx cdk|aws) /.test(text)) expect(output, 'a stack trace').not.toMatch(STACK_TRACE);
      if (needsAws(text)) {
        expect(output, `exit ${code}`).toMatch(CREDENTIALS_STOP);
        expect(code).not.toBe(0);
      } else {
        expect(code, output.slice(-2000)).toBe(0);
      }
    }, 300_000);
  }
});

/** Runs `falcon-catalog` as a user would: the real bin in a child process, or `main()` in process (faster). */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../cli/main';

export const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'falcon-catalog.cjs');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runBin(...args: string[]): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The CLI in process, from the repository root, with collected output (and, optionally, answers to its questions). */
export async function runCli(args: readonly string[], options: { ask?: (question: string) => Promise<boolean> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: ROOT,
    ...(options.ask ? { ask: options.ask } : {}),
  });
  return { code, stdout, stderr };
}

export const EXAMPLE_MANIFEST = 'manifest/manifest.example.yaml';
export const EXAMPLE_ORG = 'manifest/org-model.example.yaml';
export const EXAMPLE = ['--manifest', EXAMPLE_MANIFEST, '--org', EXAMPLE_ORG];
/** A stack trace line, which no input may produce. */
export const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

/** Runs the real `falcon-catalog` bin (or another script) in a child process, from the repository root. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'falcon-catalog.cjs');

export function runBin(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

export const EXAMPLE = ['--manifest', 'manifest/manifest.example.yaml', '--org', 'manifest/org-model.example.yaml'];

/**
 * Figure 4: the whole app synthesized as `npm run synth` does it (bundling on, gates included), timed; then every
 * Lambda function in the synthesized templates mapped to its code asset (its `Code.S3Key` is the asset hash, and
 * the bundle is `asset.<hash>/` in the output directory) and measured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface BundleFigure {
  /** `<stack>/<construct path>` of the function. */
  readonly function: string;
  readonly bytes: number;
  /** The bundle holds the Falcon API host names, i.e. this function calls the Falcon API itself. */
  readonly talksToFalcon: boolean;
}

export interface PackageFigures {
  readonly synthSeconds: number;
  readonly bundles: readonly BundleFigure[];
}

const ROOT = path.join(__dirname, '..');
const FALCON_HOST = /api\.(us-2\.|eu-1\.|laggar\.gcw\.)?crowdstrike\.com/;

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

interface TemplateResource {
  Type?: string;
  Properties?: { Code?: { S3Bucket?: unknown; S3Key?: unknown } };
}

/** Every function of every template in `outdir`, with the size of the asset directory its code comes from. */
export function bundlesIn(outdir: string): BundleFigure[] {
  const figures: BundleFigure[] = [];
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as { Resources?: Record<string, TemplateResource> };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const key = resource.Properties?.Code?.S3Key;
      if (typeof key !== 'string' || !key.endsWith('.zip')) continue; // inline code: no bundle
      // Code this package does not build (sensor-management's orchestrator comes from CrowdStrike's bucket) has no
      // asset here; the package's own bundles are in the bootstrap assets bucket.
      if (!/cdk-[a-z0-9]+-assets-/.test(JSON.stringify(resource.Properties?.Code?.S3Bucket ?? ''))) continue;
      const assetDir = path.join(outdir, `asset.${key.slice(0, -'.zip'.length)}`);
      const bundle = readdirSync(assetDir).filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
      const talksToFalcon = bundle.some((f) => FALCON_HOST.test(readFileSync(path.join(assetDir, f), 'utf8')));
      figures.push({ function: `${file.replace('.template.json', '')}/${logicalId}`, bytes: directoryBytes(assetDir), talksToFalcon });
    }
  }
  return figures.sort((a, b) => a.function.localeCompare(b.function));
}

export function measurePackage(): PackageFigures {
  const outdir = mkdtempSync(path.join(tmpdir(), 'falcon-bench-synth-'));
  try {
    const started = Date.now();
    execFileSync(process.execPath, [require.resolve('tsx/cli'), 'bin/synth.ts', '--out', outdir], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const synthSeconds = (Date.now() - started) / 1000;
    return { synthSeconds, bundles: bundlesIn(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

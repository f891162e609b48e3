/**
 * The falcon-baseline custom resource's code, bundled at synth by the local esbuild and inlined into the product
 * template (`ZipFile`). Inline rather than an asset because the template of a published version must not change:
 * an asset's S3 key follows its bundle hash and hub bucket, inline code only follows the source, so any change to
 * the handler shows up as a changed template and needs a new baseline version.
 */
import { buildSync } from 'esbuild';
import * as path from 'node:path';

const ENTRY = path.join(__dirname, '..', 'lifecycle-handlers', 'blueprint', 'index.ts');
/** CloudFormation's limit for inline Node.js code. */
const MAX_INLINE_BYTES = 4 * 1024 * 1024;

let cached: string | undefined;

export function baselineHandlerCode(): string {
  if (cached !== undefined) return cached;
  const result = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    write: false,
    // Node.js 22 has fetch and crypto built in; the handler needs nothing else.
    external: ['@aws-sdk/*'],
  });
  const code = result.outputFiles[0].text;
  if (Buffer.byteLength(code) > MAX_INLINE_BYTES) throw new Error('the baseline handler is too large to inline');
  cached = code;
  return code;
}

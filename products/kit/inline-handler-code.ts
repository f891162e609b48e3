/**
 * Custom-resource code that a product template carries inline (`ZipFile`), bundled at synth by the local esbuild.
 * Inline rather than an asset because the template of a published version must not change: an asset's S3 key
 * follows its bundle hash and hub bucket, inline code only follows the source, so any change to a handler shows up
 * as a changed template and needs a new product version. Used by falcon-baseline and ecr-connections.
 */
import { buildSync } from 'esbuild';
import * as path from 'node:path';

/** CloudFormation's limit for inline Node.js code. */
const MAX_INLINE_BYTES = 4 * 1024 * 1024;

const cache = new Map<string, string>();

/** The bundled handler of `lifecycle-handlers/<handlerDir>/index.ts`; `what` names it in the size error. */
export function inlineHandlerCode(handlerDir: string, what: string): string {
  const cached = cache.get(handlerDir);
  if (cached !== undefined) return cached;
  const result = buildSync({
    entryPoints: [path.join(__dirname, '..', '..', 'lifecycle-handlers', handlerDir, 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    write: false,
    // The Lambda Node.js runtime provides the AWS SDK v3; fetch and crypto are built in.
    external: ['@aws-sdk/*'],
  });
  const code = result.outputFiles[0].text;
  if (Buffer.byteLength(code) > MAX_INLINE_BYTES) throw new Error(`the ${what} handler is too large to inline`);
  cache.set(handlerDir, code);
  return code;
}

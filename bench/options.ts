/** The flags of `npm run bench`, in one place so the docs' bench commands can be checked against them. */
import type { ParseArgsConfig } from 'node:util';

export const BENCH_OPTIONS = {
  config: { type: 'string' },
  rate: { type: 'string' },
  workers: { type: 'string' },
  accounts: { type: 'string' },
  'org-sizes': { type: 'string' },
  'skip-package': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

// Lint: typescript-eslint's recommended rules over the TypeScript sources.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Build output wherever a synth writes it (cdk.out, `cdk synth -o <dir>`, `npm run synth -- --out <dir>`): CDK names
  // every bundled asset directory asset.<hash>.
  {
    ignores: ['node_modules/**', '**/cdk.out/**', '**/asset.*/**', '**/.cdk.staging/**', 'scratch/**', 'coverage/**', '**/*.d.ts', 'product-stack-snapshots/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);

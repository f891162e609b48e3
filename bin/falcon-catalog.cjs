#!/usr/bin/env node
// The package's `falcon-catalog` bin: registers tsx so the TypeScript CLI runs without a build step.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point: require is its module system */
// The simulated landing zone synthesizes the install's roles with aws-cdk-lib; its deprecation notices are meant for
// the stacks' authors (the test suite and `npm run synth` still show them), not for an operator running a command.
process.env.JSII_DEPRECATED = process.env.JSII_DEPRECATED || 'quiet';
require('tsx/cjs');
const { main, processIo } = require('../cli/main.ts');

main(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Everything an operator can cause is a message from main(); what reaches here is a fault of this package.
    const detail = process.env.FALCON_CATALOG_DEBUG ? (error && error.stack) || error : (error && error.message) || error;
    process.stderr.write(
      `falcon-catalog: internal error: ${detail}\n` +
        '(a fault of falcon-catalog, not of your input; FALCON_CATALOG_DEBUG=1 shows where it happened)\n',
    );
    process.exitCode = 1;
  },
);

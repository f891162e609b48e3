#!/usr/bin/env node
// The package's `falcon-catalog` bin: registers tsx so the TypeScript CLI runs without a build step.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point: require is its module system */
require('tsx/cjs');
const { main, processIo } = require('../cli/main.ts');

main(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`falcon-catalog: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);

/**
 * `falcon-catalog`: the operator CLI. Commander parses (one convention for every subcommand, `--version`, "did you
 * mean" for mistyped commands and options); each subcommand's action reports its exit code: 0 success, 1 the check
 * or action failed or an input could not be used, 2 usage error. No input ends in a stack trace: what an operator
 * can cause is a message saying what to fix.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError } from 'commander';
import { describeAwsFailure } from './aws-errors';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './command';
import { COMMANDS } from './commands';

export const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The program with every subcommand; each action hands its exit code to `exit`. */
export function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const output = {
    writeOut: io.stdout,
    writeErr: io.stderr,
    outputError: (text: string, write: (s: string) => void) => write(`falcon-catalog: ${text.replace(/^error: /, '')}`),
  };
  const program = new Command('falcon-catalog')
    .description('Rolls CrowdStrike Falcon Cloud Security out across an AWS Control Tower organisation from a manifest.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this text')
    .configureOutput(output)
    .showSuggestionAfterError(true)
    .showHelpAfterError('(falcon-catalog --help lists the commands)')
    .exitOverride();
  for (const define of COMMANDS) {
    const command = define(io, exit);
    program.addCommand(
      command
        .helpOption('-h, --help', 'show this text')
        .configureOutput(output)
        .showSuggestionAfterError(true)
        .showHelpAfterError(`(falcon-catalog ${command.name()} --help shows its options)`)
        .exitOverride(),
    );
  }
  return program;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => (exitCode = code));
  const commandName = program.commands.find((c) => argv.includes(c.name()))?.name();
  const prefix = `falcon-catalog${commandName ? ` ${commandName}` : ''}`;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (cause) {
    // Commander has printed its own message (--help and --version end here too, with exit code 0).
    if (cause instanceof CommanderError) return cause.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (cause instanceof UsageError) {
      io.stderr(`${prefix}: ${cause.message}\n(${prefix} --help shows the options)\n`);
      return EXIT_USAGE;
    }
    if (cause instanceof InputError) {
      io.stderr(`${prefix}: ${cause.message}\n`);
      return EXIT_FAILED;
    }
    const aws = describeAwsFailure(cause);
    if (aws) {
      io.stderr(`${prefix}: ${aws}\n`);
      return EXIT_FAILED;
    }
    throw cause;
  }
}

/** The process streams, for the bin; questions only when a person is at a terminal. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  ...(process.stdin.isTTY
    ? {
        ask: async (question: string) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
          } finally {
            rl.close();
          }
        },
      }
    : {}),
};

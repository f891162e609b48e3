/**
 * `falcon-catalog`: the operator CLI. Dispatches to one subcommand and turns its outcome into an exit code:
 * 0 success, 1 the check or action failed, 2 usage error (with usage text on stderr).
 */
import { describeAwsFailure } from './aws-errors';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './command';
import { COMMANDS, findCommand } from './commands';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: falcon-catalog <command> [options]

Rolls CrowdStrike Falcon Cloud Security out across an AWS Control Tower organisation from a manifest.

Commands:
${list}

Run falcon-catalog <command> --help for a command's options.`;
}

const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(`${overview()}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? findCommand(rest[0]) : undefined;
    io.stdout(`${topic ? topic.usage : overview()}\n`);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr(`falcon-catalog: unknown command "${name}"\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    io.stdout(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr(`falcon-catalog ${command.name}: ${cause.message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    if (cause instanceof InputError) {
      io.stderr(`falcon-catalog ${command.name}: ${cause.message}\n`);
      return EXIT_FAILED;
    }
    const aws = describeAwsFailure(cause);
    if (aws) {
      io.stderr(`falcon-catalog ${command.name}: ${aws}\n`);
      return EXIT_FAILED;
    }
    throw cause;
  }
}

/** The process streams, for the bin. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

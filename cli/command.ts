/**
 * What a `falcon-catalog` subcommand is. Each one lives in its own file under `commands/` and is listed once in
 * `commands/index.ts`; `main.ts` only dispatches.
 */

/** Where a command writes. Tests pass collectors; the bin passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for the command list in `falcon-catalog --help`. */
  readonly summary: string;
  /** Full usage text, printed by `falcon-catalog <command> --help` and on a usage error. */
  readonly usage: string;
  /** Returns the exit code: 0 success, 1 the checked thing failed, 2 usage error (throw `UsageError` for that). */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Wrong flags or arguments: `main` prints the message and the command's usage, and exits 2. */
/** A file the operator gave that cannot be used (a broken org model or control catalog): exit 1 with the message. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

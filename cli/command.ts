/**
 * What every `falcon-catalog` subcommand shares: where it writes, the errors that end it, and its exit codes. Each
 * subcommand lives in its own file under `commands/` and is listed once in `commands/index.ts`; `main.ts` parses
 * (commander) and turns outcomes into exit codes.
 */

/** Where a command writes, and how it asks. Tests pass collectors; the bin passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /**
   * Asks the operator a yes/no question, or is absent when nobody can answer (no terminal): a command that must ask
   * then refuses unless it was told `--yes`.
   */
  readonly ask?: (question: string) => Promise<boolean>;
}

/** Wrong flags or arguments: `main` prints the message with a pointer to the command's help, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file or value the operator gave that cannot be used (a broken org model, an unknown account): exit 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Every `falcon-catalog` subcommand, in the order `--help` lists them. A new command is one file plus one line here.
 */
import type { Command } from '../command';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [validateCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

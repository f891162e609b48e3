/**
 * Every `falcon-catalog` subcommand, in the order `--help` lists them. A new command is one file plus one line here.
 */
import type { Command } from '../command';
import { planCommand } from './plan';
import { reconcileCommand } from './reconcile';
import { statusCommand } from './status';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  planCommand,
  reconcileCommand,
  statusCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

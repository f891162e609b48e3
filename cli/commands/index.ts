/**
 * Every `falcon-catalog` subcommand, in the order `--help` lists them. A new command is one file plus one line here.
 */
import type { Command } from 'commander';
import type { CliIo } from '../command';
import { demoCommand } from './demo';
import { initCommand } from './init';
import { planCommand } from './plan';
import { reconcileCommand } from './reconcile';
import { statusCommand } from './status';
import { validateCommand } from './validate';

/** Builds one subcommand; its action hands the exit code to `exit`. */
export type CommandFactory = (io: CliIo, exit: (code: number) => void) => Command;

export const COMMANDS: readonly CommandFactory[] = [
  initCommand,
  validateCommand,
  planCommand,
  reconcileCommand,
  statusCommand,
  demoCommand,
];

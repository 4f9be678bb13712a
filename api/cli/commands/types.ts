/** The shape every command module exports: a function that adds itself to the program. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export type Runner = (action: (ctx: CliContext) => Promise<void>) => Promise<void>;
export type RegisterCommand = (program: Command, run: Runner) => void;

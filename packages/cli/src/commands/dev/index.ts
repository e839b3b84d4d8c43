import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';

/**
 * Registers `dev` on the program.
 * @example registerDevCommand(program, deps);
 */
export function registerDevCommand(program: Command, _deps: CliDeps): void {
  program.command('dev').description('(not yet)');
}

import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';

/**
 * Registers `init` on the program.
 * @example registerInitCommand(program, deps);
 */
export function registerInitCommand(program: Command, _deps: CliDeps): void {
  program.command('init').description('(not yet)');
}

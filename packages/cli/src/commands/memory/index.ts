import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';

/**
 * Registers `memory` on the program.
 * @example registerMemoryCommand(program, deps);
 */
export function registerMemoryCommand(program: Command, _deps: CliDeps): void {
  program.command('memory').description('(not yet)');
}

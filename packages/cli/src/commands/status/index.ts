import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts status
  $ agentcore-ts status --agent my_agent --json`;

/**
 * Registers `status` on the program.
 * @example registerStatusCommand(program, deps);
 */
export function registerStatusCommand(program: Command, deps: CliDeps): void {
  program
    .command('status')
    .description('Show the deployed runtime, its endpoint, its memory and where its logs are.')
    .option('-a, --agent <name>', 'which configured agent (default: the default agent)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', EXAMPLES)
    .action(async (options: { agent?: string; profile?: string; json?: boolean }) => {
      const { status } = await import('./run.js');
      await status(options, deps);
    });
}

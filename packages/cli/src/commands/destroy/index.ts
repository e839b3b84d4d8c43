import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts destroy --dry-run           # list what would be deleted
  $ agentcore-ts destroy                     # asks for confirmation in a terminal
  $ agentcore-ts destroy --agent my_agent --yes

Deletes only what launch created: the runtime, the memory (when launch created it), the execution
role and its inline policy (when launch created it), and the deployment zip. The shared bucket stays.`;

/**
 * Registers `destroy` on the program.
 * @example registerDestroyCommand(program, deps);
 */
export function registerDestroyCommand(program: Command, deps: CliDeps): void {
  program
    .command('destroy')
    .description('Delete what launch created for an agent, after confirmation.')
    .option('-a, --agent <name>', 'which configured agent (default: the default agent)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'only list what would be deleted')
    .addHelpText('after', EXAMPLES)
    .action(async (options: { agent?: string; profile?: string; yes?: boolean; dryRun?: boolean }) => {
      const { destroy } = await import('./run.js');
      await destroy(options, deps);
    });
}

import { type Command, Option } from 'commander';
import type { CliDeps } from '../../core/deps.js';
import { intInRange } from '../../core/parse.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts dev                          # src/main.ts, or the entry of .agentcore-ts.yaml
  $ agentcore-ts dev src/main.ts --port 9000
  $ AGENT_MODEL=bedrock AWS_REGION=us-east-1 agentcore-ts dev
  $ MEMORY_URL=sqlite:/tmp/agent.db agentcore-ts dev --no-playground`;

/**
 * Registers `dev` on the program.
 * @example registerDevCommand(program, deps);
 */
export function registerDevCommand(program: Command, deps: CliDeps): void {
  program
    .command('dev')
    .description('Run an agent locally with reload on change (tsx watch), plus the playground when present.')
    .argument('[entry]', 'the agent entry file (default: src/main.ts or the configured entry)')
    .addOption(
      new Option('-p, --port <port>', 'port of the agent (default: PORT or 8080)').argParser(
        intInRange(1, 65_535),
      ),
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--no-playground', 'do not start the playground')
    .addHelpText('after', EXAMPLES)
    .action(
      async (entry: string | undefined, options: { port?: number; host: string; playground: boolean }) => {
        const { dev } = await import('./run.js');
        await dev(entry, options, deps);
      },
    );
}

import { Command, CommanderError } from 'commander';
import { registerConfigureCommand } from './commands/configure/index.js';
import { registerDestroyCommand } from './commands/destroy/index.js';
import { registerDevCommand } from './commands/dev/index.js';
import { registerInitCommand } from './commands/init/index.js';
import { registerInvokeCommand } from './commands/invoke/index.js';
import { registerLaunchCommand } from './commands/launch/index.js';
import { registerMemoryCommand } from './commands/memory/index.js';
import { registerStatusCommand } from './commands/status/index.js';
import type { CliDeps } from './core/deps.js';
import { CliError, formatError } from './core/errors.js';
import { CLI_VERSION } from './version.js';

export { CLI_VERSION } from './version.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts init my-agent && cd my-agent && pnpm install && pnpm test
  $ agentcore-ts dev src/main.ts
  $ agentcore-ts invoke '{"prompt":"What is 25 * 4 + 10?"}' --local http://127.0.0.1:8080 --stream
  $ agentcore-ts configure -e src/main.ts --name my_agent --region us-east-1 --memory long-term --yes
  $ agentcore-ts launch && agentcore-ts status
  $ agentcore-ts destroy --dry-run

Run "agentcore-ts <command> --help" for each command's options and examples.`;

/**
 * Builds the commander program with every command; output and AWS go through `deps`.
 * @example await createProgram(deps).parseAsync(['node', 'agentcore-ts', 'status']);
 */
export function createProgram(deps: CliDeps): Command {
  const program = new Command('agentcore-ts')
    .description(
      'Build, run, test and deploy memory-enabled agents on the Amazon Bedrock AgentCore Runtime contract.',
    )
    .version(CLI_VERSION, '-v, --version')
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText('after', EXAMPLES);
  registerInitCommand(program, deps);
  registerDevCommand(program, deps);
  registerInvokeCommand(program, deps);
  registerConfigureCommand(program, deps);
  registerLaunchCommand(program, deps);
  registerStatusCommand(program, deps);
  registerDestroyCommand(program, deps);
  registerMemoryCommand(program, deps);
  return program;
}

/**
 * Runs the CLI and returns its exit code: 0 on success, 1 on a failure, 2 on bad usage, 130 when cancelled.
 * Errors are printed as one `error [ID]: ...` line and a `fix:` line, never as a stack trace (set
 * `AGENTCORE_TS_DEBUG=1` for the stack).
 * @example process.exitCode = await runCli(process.argv, await processDeps());
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = createProgram(deps);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help / version).
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    deps.stderr.write(formatError(error));
    if (deps.env.AGENTCORE_TS_DEBUG && error instanceof Error && error.stack)
      deps.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

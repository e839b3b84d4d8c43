import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts launch                      # the default agent of .agentcore-ts.yaml
  $ agentcore-ts launch --agent my_agent --profile prod
  $ agentcore-ts launch --stub-native        # ship without native packages the agent never calls

What it does: bundles the entry with esbuild (one index.js for NODE_22), zips it, uploads it to
s3://agentcore-ts-<account>-<region>/<agent>/deployment.zip, creates or updates the execution role,
creates the memory (if configured) and waits until ACTIVE, creates or updates the runtime and waits
until READY. Ids go into .agentcore-ts.yaml, so running it again updates the same resources.

Native code: better-sqlite3 is left out when AgentCore Memory is configured (the agent does not use
SQLite then). Without AgentCore Memory, launch stops unless this machine is linux/arm64 (AgentCore's
platform), because an x64 build would not load there.`;

/**
 * Registers `launch` on the program (the AWS SDK is loaded only when it runs).
 * @example registerLaunchCommand(program, deps);
 */
export function registerLaunchCommand(program: Command, deps: CliDeps): void {
  program
    .command('launch')
    .description(
      'Bundle, upload and deploy the agent to AgentCore Runtime (creates or updates), then wait until READY.',
    )
    .option('-a, --agent <name>', 'which configured agent (default: the default agent)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('--stub-native', 'replace native packages by stubs that throw when used')
    .addHelpText('after', EXAMPLES)
    .action(async (options: { agent?: string; profile?: string; stubNative?: boolean }) => {
      const { launch } = await import('./run.js');
      await launch(options, deps);
    });
}

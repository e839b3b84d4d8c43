import { type Command, Option } from 'commander';
import { readConfigFile, selectAgent } from '../../config/file.js';
import type { CliDeps } from '../../core/deps.js';
import { parsePairs } from '../../core/parse.js';
import { DEFAULT_LOCAL_URL, invokeLocal } from './local.js';
import { type InvokeOptions, invokeRequest } from './request.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts invoke '{"prompt":"What is 25 * 4 + 10?"}' --local
  $ agentcore-ts invoke '{"prompt":"My favorite number is 7"}' --local http://127.0.0.1:8080 \\
      --actor-id alice --session-id 11111111-2222-3333-4444-555555555555 --stream
  $ agentcore-ts invoke '{"prompt":"Hello"}' --agent my_agent --stream      # the deployed runtime
  $ agentcore-ts invoke '{"prompt":"Hi"}' --headers X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant:acme

Without --local or --agent, the default agent of .agentcore-ts.yaml is invoked when it has been
launched, else the local agent at ${DEFAULT_LOCAL_URL}. The session id is printed so that the next
call can continue the conversation.`;

/**
 * `invoke`: one call to a local agent or a deployed runtime.
 * @example await invoke('{"prompt":"hi"}', { local: true }, deps);
 */
export async function invoke(payload: string, options: InvokeOptions, deps: CliDeps): Promise<void> {
  const request = invokeRequest(payload, options);
  const raw = Boolean(options.raw);
  let target: 'local' | 'remote' = options.local ? 'local' : 'remote';
  const config = options.local ? undefined : await readConfigFile(deps.cwd);
  if (!options.local && !options.agent) {
    const launched =
      config &&
      Object.keys(config.agents).length > 0 &&
      selectAgent(config, undefined).deployed?.agentRuntimeArn;
    if (!launched) target = 'local';
  }
  if (target === 'local') {
    const url = typeof options.local === 'string' ? options.local : DEFAULT_LOCAL_URL;
    await invokeLocal(url, request, deps, { raw });
  } else {
    const { invokeRemote } = await import('./remote.js');
    await invokeRemote(selectAgent(config, options.agent), request, deps, {
      raw,
      ...(options.profile ? { profile: options.profile } : {}),
    });
  }
  deps.stderr.write(`session: ${request.sessionId}\n`);
}

/**
 * Registers `invoke` on the program.
 * @example registerInvokeCommand(program, deps);
 */
export function registerInvokeCommand(program: Command, deps: CliDeps): void {
  program
    .command('invoke')
    .description('Invoke an agent: a local server, or a deployed runtime through InvokeAgentRuntime.')
    .argument('<payload>', 'the JSON payload, e.g. \'{"prompt":"Hello"}\'')
    .option('-s, --session-id <id>', 'runtime session id, 33-256 characters (default: a new UUID)')
    .option('--actor-id <id>', 'the actor (user) whose memory is used')
    .addOption(
      new Option('--headers <pairs>', 'custom headers: Name:value,Name2:value2').argParser((value) =>
        parsePairs(value, ':'),
      ),
    )
    .option('--stream', 'ask for text/event-stream and print events as they arrive')
    .option('--raw', 'print stream events exactly as received')
    .option('-l, --local [url]', `invoke a local agent (default ${DEFAULT_LOCAL_URL})`)
    .option('-a, --agent <name>', 'invoke this configured, launched agent')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .addHelpText('after', EXAMPLES)
    .action(async (payload: string, options: InvokeOptions) => {
      await invoke(payload, options, deps);
    });
}

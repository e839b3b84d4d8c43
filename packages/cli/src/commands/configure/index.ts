import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { readConfigFile, writeConfigFile } from '../../config/file.js';
import { STRATEGY_NAMES, type StrategyName } from '../../config/schema.js';
import { AGENTCORE_REGIONS } from '../../core/aws/errors.js';
import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { intInRange, oneOf, parseList, parsePairs } from '../../core/parse.js';
import { type ConfigureAnswers, defaultAgentName, defaultRegion, toAgentConfig } from './answers.js';
import { askMissing } from './ask.js';

export { ACTOR_HEADER, type ConfigureAnswers, toAgentConfig } from './answers.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts configure -e src/main.ts                       # asks the rest in a terminal
  $ agentcore-ts configure -e src/main.ts --name my_agent --region us-west-2 --yes
  $ agentcore-ts configure -e src/main.ts --memory long-term --strategies semantic,summary --yes
  $ agentcore-ts configure -e src/main.ts --auth jwt \\
      --discovery-url https://cognito-idp.us-east-1.amazonaws.com/POOL/.well-known/openid-configuration \\
      --clients 3abc123 --allow-headers Authorization,X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id --yes
  $ agentcore-ts configure -e src/main.ts --execution-role arn:aws:iam::123456789012:role/MyRole --yes`;

interface ConfigureFlags extends Omit<ConfigureAnswers, 'entrypoint'> {
  entrypoint?: string;
  yes?: boolean;
}

function projectName(cwd: string): string | undefined {
  const path = join(cwd, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/**
 * `configure`: writes `.agentcore-ts.yaml` for one agent, from flags, prompts (on a terminal) and defaults.
 * @example await configure({ entrypoint: 'src/main.ts', name: 'my_agent', yes: true }, deps);
 */
export async function configure(flags: ConfigureFlags, deps: CliDeps): Promise<string> {
  const ask = deps.interactive && !flags.yes;
  let entrypoint = flags.entrypoint;
  if (!entrypoint && ask)
    entrypoint = await deps.prompter.text({ message: 'Entry file', initialValue: 'src/main.ts' });
  if (!entrypoint) {
    throw new CliError(
      { id: 'ENTRY_REQUIRED', category: 'user', exitCode: 2, hint: 'pass -e <file>, e.g. -e src/main.ts' },
      'configure needs the agent entry file',
    );
  }
  const entryPath = resolve(deps.cwd, entrypoint);
  if (!existsSync(entryPath)) {
    throw new CliError(
      {
        id: 'ENTRY_NOT_FOUND',
        category: 'user',
        exitCode: 2,
        hint: 'pass the path of the file that starts the agent server, relative to this directory',
      },
      `entry file ${entrypoint} does not exist in ${deps.cwd}`,
    );
  }
  const defaults = {
    name: defaultAgentName(entrypoint, projectName(deps.cwd)),
    region: defaultRegion(deps.env),
  };
  const { yes: _yes, ...given } = flags;
  const answers = ask ? await askMissing({ ...given, entrypoint }, deps.prompter, defaults) : { ...given };
  const name = answers.name ?? defaults.name;
  const region = answers.region ?? defaults.region;
  const existingFile = await readConfigFile(deps.cwd);
  const agent = toAgentConfig(
    { ...answers, entrypoint: relative(deps.cwd, entryPath), name, region },
    existingFile?.agents[name],
  );
  if (!(AGENTCORE_REGIONS as readonly string[]).includes(region)) {
    deps.stderr.write(
      `warning: AgentCore was not known to run in ${region} when this CLI was released; launch will tell\n`,
    );
  }
  const path = await writeConfigFile(deps.cwd, {
    version: 1,
    defaultAgent: name,
    agents: { ...(existingFile?.agents ?? {}), [name]: agent },
  });
  const memory =
    agent.memory.mode === 'long-term'
      ? `long-term (${agent.memory.strategies.join(', ')})`
      : agent.memory.mode;
  deps.stdout.write(
    [
      `Wrote ${relative(deps.cwd, path) || path}`,
      `  agent:      ${agent.name} (${agent.entrypoint})`,
      `  region:     ${agent.region}`,
      `  role:       ${agent.executionRoleArn ?? 'created by launch'}`,
      `  deployment: ${agent.deployment.type === 'code' ? 'direct code, NODE_22' : agent.deployment.imageUri}`,
      `  memory:     ${memory}`,
      `  auth:       ${agent.auth.type}`,
      '',
      'Next: agentcore-ts launch',
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * Registers `configure` on the program.
 * @example registerConfigureCommand(program, deps);
 */
export function registerConfigureCommand(program: Command, deps: CliDeps): void {
  program
    .command('configure')
    .description(
      'Write .agentcore-ts.yaml: agent name, region, role, deployment, memory, auth, headers, timeouts.',
    )
    .option('-e, --entrypoint <file>', 'the agent entry file (serves /invocations and /ping)')
    .option('-n, --name <name>', 'AgentCore runtime name ([a-zA-Z][a-zA-Z0-9_]{0,47})')
    .option('-r, --region <region>', 'AWS region (default: AWS_REGION or us-east-1)')
    .option('--execution-role <arn>', 'an existing IAM role (default: launch creates one)')
    .addOption(
      new Option('--deployment <type>', 'direct code deploy or container image').argParser(
        oneOf(['code', 'container']),
      ),
    )
    .option('--image <uri>', 'ECR image URI (with --deployment container)')
    .addOption(
      new Option('--memory <mode>', 'AgentCore Memory to create').argParser(
        oneOf(['none', 'short-term', 'long-term']),
      ),
    )
    .addOption(
      new Option('--strategies <list>', `long-term strategies: ${STRATEGY_NAMES.join(', ')}`).argParser(
        (value) => parseList(value).map((name) => oneOf(STRATEGY_NAMES)(name) as StrategyName),
      ),
    )
    .addOption(
      new Option('--event-expiry-days <days>', 'days events are kept (3-365)').argParser(intInRange(3, 365)),
    )
    .addOption(new Option('--auth <type>', 'inbound auth').argParser(oneOf(['iam', 'jwt'])))
    .option('--discovery-url <url>', 'OIDC discovery URL (with --auth jwt)')
    .addOption(new Option('--audiences <list>', 'allowed JWT audiences').argParser(parseList))
    .addOption(new Option('--clients <list>', 'allowed JWT client ids').argParser(parseList))
    .addOption(
      new Option('--allow-headers <list>', 'request headers forwarded to the agent').argParser(parseList),
    )
    .addOption(
      new Option('--idle-timeout <seconds>', 'idle session timeout (60-28800)').argParser(
        intInRange(60, 28_800),
      ),
    )
    .addOption(
      new Option('--max-lifetime <seconds>', 'max session lifetime (60-28800)').argParser(
        intInRange(60, 28_800),
      ),
    )
    .option('--model-id <id>', 'Bedrock model or inference profile id for the deployed agent')
    .addOption(
      new Option('--env <pairs>', 'non-secret environment: KEY=VALUE,...').argParser((value) =>
        parsePairs(value, '='),
      ),
    )
    .option('-y, --yes', 'ask nothing: use defaults for what the flags leave open')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: ConfigureFlags) => {
      await configure(flags, deps);
    });
}

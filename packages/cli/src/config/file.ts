import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { CliError } from '../core/errors.js';
import { type AgentConfig, type ConfigFile, configFileSchema } from './schema.js';

/** The project configuration file that `configure` writes and the AWS commands read. */
export const CONFIG_FILE_NAME = '.agentcore-ts.yaml';

const HEADER =
  '# agentcore-ts project configuration: written by `agentcore-ts configure`, updated by `launch` (the `deployed:`\n' +
  '# ids let a second launch update instead of create). It never holds secrets.\n';

/**
 * Lists zod issues as `path: message` lines.
 * @example formatIssues(error); // 'agents.x.region: must be an AWS region such as us-east-1'
 */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Reads and validates the config file of a directory; `undefined` when there is none.
 * @example const config = await readConfigFile(process.cwd());
 */
export async function readConfigFile(dir: string): Promise<ConfigFile | undefined> {
  const path = join(dir, CONFIG_FILE_NAME);
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(
      {
        id: 'CONFIG_INVALID',
        category: 'config',
        hint: `fix the YAML syntax of ${path} or run agentcore-ts configure again`,
      },
      `${CONFIG_FILE_NAME} is not valid YAML: ${(error as Error).message}`,
    );
  }
  const result = configFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new CliError(
      { id: 'CONFIG_INVALID', category: 'config', hint: `edit ${path} or run agentcore-ts configure again` },
      `${CONFIG_FILE_NAME} is invalid: ${formatIssues(result.error)}`,
    );
  }
  return result.data;
}

/**
 * Validates and writes the config file atomically (temp file + rename).
 * @example await writeConfigFile(process.cwd(), config);
 */
export async function writeConfigFile(dir: string, config: ConfigFile): Promise<string> {
  const checked = configFileSchema.parse(config);
  const path = join(dir, CONFIG_FILE_NAME);
  const temp = join(dirname(path), `.${CONFIG_FILE_NAME}.${process.pid}.tmp`);
  await writeFile(temp, HEADER + stringify(checked, { lineWidth: 0 }), 'utf8');
  await rename(temp, path);
  return path;
}

/**
 * Picks an agent of the config: the named one, else the default, else the only one.
 * @example const agent = selectAgent(config, options.agent);
 */
export function selectAgent(config: ConfigFile | undefined, name: string | undefined): AgentConfig {
  const names = Object.keys(config?.agents ?? {});
  if (!config || names.length === 0) {
    throw new CliError(
      {
        id: 'CONFIG_NOT_FOUND',
        category: 'user',
        hint: 'run `agentcore-ts configure -e src/main.ts` in the project directory first',
      },
      `no agent is configured here (${CONFIG_FILE_NAME} is missing or empty)`,
    );
  }
  const chosen = name ?? config.defaultAgent ?? (names.length === 1 ? names[0] : undefined);
  const agent = chosen === undefined ? undefined : config.agents[chosen];
  if (!agent) {
    throw new CliError(
      {
        id: 'AGENT_NOT_CONFIGURED',
        category: 'user',
        hint: `pass --agent with one of: ${names.join(', ')}`,
      },
      chosen === undefined
        ? 'several agents are configured and none is the default'
        : `no agent named ${chosen} in ${CONFIG_FILE_NAME}`,
    );
  }
  return agent;
}

/**
 * Loads the config, lets `change` update one agent, and writes it back (launch records its state this way).
 * @example await updateAgent(dir, 'my_agent', (agent) => ({ ...agent, deployed: { ...state } }));
 */
export async function updateAgent(
  dir: string,
  name: string,
  change: (agent: AgentConfig) => AgentConfig,
): Promise<AgentConfig> {
  const config = await readConfigFile(dir);
  const agent = selectAgent(config, name);
  const updated = change(agent);
  await writeConfigFile(dir, { ...config!, agents: { ...config!.agents, [name]: updated } });
  return updated;
}

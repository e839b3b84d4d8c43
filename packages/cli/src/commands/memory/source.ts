import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MemoryStore } from '@agentcore-ts/memory';
import { readConfigFile, selectAgent } from '../../config/file.js';
import { awsOptionsFromEnv } from '../../core/aws/clients.js';
import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';

/** Where `memory events|records|retrieve|delete` read: the emulator, a SQLite file, or AWS. */
export interface MemorySourceOptions {
  endpoint?: string;
  db?: string;
  agent?: string;
  memoryId?: string;
  region?: string;
  profile?: string;
}

/** An open store and the memory to use in it. */
export interface MemorySource {
  store: MemoryStore;
  memoryId: string;
  description: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Opens the memory the flags name: `--endpoint` (the emulator, through the real SDK), `--db` (a SQLite file),
 * `--agent` (the AgentCore Memory that launch created); without any, the launched agent's memory when there is
 * one, else `.agentcore/memory.db` when it exists.
 * @example const { store, memoryId } = await openMemorySource({ endpoint: 'http://127.0.0.1:8090' }, deps);
 */
export async function openMemorySource(options: MemorySourceOptions, deps: CliDeps): Promise<MemorySource> {
  const memory = await import('@agentcore-ts/memory');
  const localId = options.memoryId ?? memory.DEFAULT_MEMORY_ID;
  if (options.endpoint) {
    const store = new memory.AgentCoreMemoryStore({
      endpoint: options.endpoint,
      region: options.region ?? 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    return { store, memoryId: localId, description: `emulator ${options.endpoint}, memory ${localId}` };
  }
  const openSqlite = (path: string): MemorySource => {
    if (!existsSync(path)) {
      throw new CliError(
        {
          id: 'MEMORY_DB_NOT_FOUND',
          category: 'user',
          exitCode: 2,
          hint: 'pass --db <file> (the agent writes .agentcore/memory.db by default)',
        },
        `SQLite memory file ${path} does not exist`,
      );
    }
    const store = new memory.SqliteMemoryStore({ path, memories: [{ memoryId: localId }] });
    return { store, memoryId: localId, description: `SQLite ${path}, memory ${localId}` };
  };
  if (options.db) return openSqlite(resolve(deps.cwd, options.db));
  const config = await readConfigFile(deps.cwd);
  const hasAgents = Object.keys(config?.agents ?? {}).length > 0;
  const agent = options.agent || hasAgents ? selectAgent(config, options.agent) : undefined;
  const memoryId = options.memoryId ?? agent?.deployed?.memoryId;
  if (agent && memoryId) {
    const { data } = await deps.aws(
      awsOptionsFromEnv(options.region ?? agent.region, deps.env, options.profile),
    );
    return {
      store: new memory.AgentCoreMemoryStore({ client: data }),
      memoryId,
      description: `AgentCore Memory ${memoryId} (${agent.region})`,
    };
  }
  if (options.agent) {
    throw new CliError(
      {
        id: 'AGENT_HAS_NO_MEMORY',
        category: 'user',
        hint: 'configure memory and launch, or pass --endpoint / --db for a local memory',
      },
      `agent ${options.agent} has no AgentCore Memory recorded in .agentcore-ts.yaml`,
    );
  }
  return openSqlite(resolve(deps.cwd, memory.DEFAULT_SQLITE_PATH));
}

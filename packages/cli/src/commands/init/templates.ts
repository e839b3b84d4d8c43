/** Versions the scaffold pins (the ones this repo runs on Node 20). */
export const SCAFFOLD_VERSIONS = {
  '@types/node': '20.19.43',
  tsx: '4.23.15',
  typescript: '5.9.3',
} as const;

/** Where the scaffold's `@agentcore-ts/*` packages come from: the registry, or a checkout of this repo. */
export type PackageSpecs = Record<'agent-runtime' | 'memory' | 'tools' | 'cli', string>;

/**
 * The files of a new agent project, by path. The agent is the tutorial's, simplified: one agent per (actor,
 * session), memory from the environment (SQLite by default, AgentCore Memory with BEDROCK_AGENTCORE_MEMORY_ID),
 * the calculator, the model chosen by AGENT_MODEL (offline by default, so that its test needs no network).
 * @example const files = scaffoldFiles('my-agent', specs);
 */
export function scaffoldFiles(name: string, specs: PackageSpecs): Record<string, string> {
  const packageJson = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.19.0' },
    scripts: {
      dev: 'agentcore-ts dev src/main.ts',
      start: 'tsx src/main.ts',
      test: 'node --import tsx --test test/agent.test.ts',
      typecheck: 'tsc --noEmit',
    },
    dependencies: {
      '@agentcore-ts/agent-runtime': specs['agent-runtime'],
      '@agentcore-ts/memory': specs.memory,
      '@agentcore-ts/tools': specs.tools,
    },
    devDependencies: {
      '@agentcore-ts/cli': specs.cli,
      '@types/node': SCAFFOLD_VERSIONS['@types/node'],
      tsx: SCAFFOLD_VERSIONS.tsx,
      typescript: SCAFFOLD_VERSIONS.typescript,
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      types: ['node'],
    },
    include: ['src', 'test'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    // pnpm runs only the install scripts it is told about: these two build native code / fetch a binary package.
    'pnpm-workspace.yaml': 'allowBuilds:\n  better-sqlite3: true\n  esbuild: true\n',
    '.gitignore': 'node_modules/\n.agentcore/\ndist/\n',
    'src/agent.ts': AGENT_TS,
    'src/main.ts': MAIN_TS,
    'test/agent.test.ts': TEST_TS,
    'README.md': readme(name),
  };
}

const AGENT_TS = `import {
  Agent,
  createAgentApp,
  createLogger,
  modelFromConfig,
  readRuntimeConfig,
  SessionRegistry,
} from '@agentcore-ts/agent-runtime';
import { createMemoryFromEnv } from '@agentcore-ts/memory';
import { calculator } from '@agentcore-ts/tools';

export const SYSTEM_PROMPT =
  'You are a helpful assistant with memory. Use the calculator for arithmetic. ' +
  'Use what you remember about the user when it helps, and say so when you do not know.';

/**
 * The agent server: one agent per (actor, session), memory and model from the environment
 * (AGENT_MODEL=offline|bedrock|openai, MEMORY_URL or BEDROCK_AGENTCORE_MEMORY_ID).
 */
export function createAgent(env: Record<string, string | undefined> = process.env) {
  const config = readRuntimeConfig(env);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const model = modelFromConfig(config);
  const memory = createMemoryFromEnv(env, { logger });
  const sessions = new SessionRegistry({
    idleTtlMs: config.SESSION_IDLE_TTL_SECONDS * 1000,
    maxSessions: config.MAX_SESSIONS,
    isBusy: (agent: Agent) => agent.busy,
    create: (scope) =>
      new Agent({ name: 'my-agent', model, systemPrompt: SYSTEM_PROMPT, tools: [calculator], memory, scope, logger }),
  });
  const agentApp = createAgentApp({
    logger,
    entrypoint: async (payload, context) => {
      const prompt = (payload as { prompt?: unknown } | null)?.prompt;
      if (typeof prompt !== 'string' || prompt.trim() === '') throw new TypeError('prompt must be a non-empty string');
      const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
      if (context.acceptsEventStream) return agent.stream(prompt, { signal: context.signal });
      const result = await agent.invoke(prompt, { signal: context.signal });
      return { response: result.text, stopReason: result.stopReason };
    },
  });
  agentApp.health.addBusySource(() => memory.pendingExtractions() > 0);
  return {
    config,
    model,
    memory,
    agentApp,
    async close() {
      sessions.close();
      await memory.close();
    },
  };
}
`;

const MAIN_TS = `import { serveAgentApp } from '@agentcore-ts/agent-runtime';
import { createAgent } from './agent.js';

const agent = createAgent();
const server = await serveAgentApp(agent.agentApp, { port: agent.config.PORT, host: agent.config.HOST });
console.log(\`agent on \${server.url} (model \${agent.model.system}, memory \${agent.memory.backend})\`);
await server.closed;
await agent.close();
`;

const TEST_TS = `import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createAgent } from '../src/agent.js';

// The offline model and a throwaway SQLite memory: no network, no account.
const agent = createAgent({ AGENT_MODEL: 'offline', MEMORY_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' });
after(() => agent.close());

const SESSION = 'a-session-id-of-at-least-33-characters';

async function invoke(prompt: string): Promise<{ response: string }> {
  const res = await agent.agentApp.app.request('/invocations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': SESSION },
    body: JSON.stringify({ prompt }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as { response: string };
}

test('answers /ping', async () => {
  const res = await agent.agentApp.app.request('/ping');
  assert.equal(res.status, 200);
  assert.match(((await res.json()) as { status: string }).status, /^Healthy/);
});

test('uses the calculator', async () => {
  const { response } = await invoke('What is 25 * 4 + 10?');
  assert.match(response, /110/);
});

test('rejects a payload without a prompt', async () => {
  const res = await agent.agentApp.app.request('/invocations', { method: 'POST', body: '{}' });
  assert.ok(res.status >= 400);
});
`;

function readme(name: string): string {
  return `# ${name}

An agent on the Amazon Bedrock AgentCore Runtime contract, made with \`agentcore-ts init\`.

\`\`\`sh
pnpm install
pnpm test                 # offline model, in-memory SQLite: no network
pnpm dev                  # http://127.0.0.1:8080, reloads on change
pnpm exec agentcore-ts invoke '{"prompt":"What is 25 * 4 + 10?"}' --local
\`\`\`

Deploy to AgentCore Runtime (AWS credentials needed):

\`\`\`sh
pnpm exec agentcore-ts configure -e src/main.ts --memory short-term
pnpm exec agentcore-ts launch
pnpm exec agentcore-ts invoke '{"prompt":"Hello"}' --stream
pnpm exec agentcore-ts destroy
\`\`\`

- \`src/agent.ts\`: the agent (model, memory, tools) and its HTTP app.
- \`src/main.ts\`: serves it on port 8080 (\`PORT\`).
- \`AGENT_MODEL\`: \`offline\` (default, deterministic, for development), \`bedrock\` or \`openai\`.
- Memory: SQLite under \`.agentcore/\` by default; \`BEDROCK_AGENTCORE_MEMORY_ID\` selects AgentCore Memory.
`;
}

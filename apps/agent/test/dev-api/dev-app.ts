import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Agent,
  createAgentApp,
  offlineModel,
  SessionRegistry,
  setupTelemetry,
  type Telemetry,
  type Tool,
} from '@agentcore-ts/agent-runtime';
import { createLocalMemory, type OwnedAgentMemory } from '@agentcore-ts/memory';
import { mountDevApi } from '../../src/dev-api/index.js';

/**
 * A calculator that knows one sum, so that these tests of the dev API do not depend on the tools
 * package: any other expression is a tool error (which the traces must show too).
 */
const oneSumCalculator: Tool = {
  name: 'calculator',
  description: 'Evaluates an arithmetic expression.',
  inputSchema: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
  async invoke(input) {
    const expression = (input as { expression?: string }).expression?.replace(/\s+/g, '');
    if (expression === '25*4+10') return '110';
    throw new Error(`this test calculator only knows 25 * 4 + 10, not ${expression}`);
  },
};

/** The agent as apps/agent composes it (offline model, SQLite memory in a temp file), with the dev API. */
export interface DevApp {
  /** `env` stands in for the Node server's bindings (`incoming` is the request's socket side). */
  request(path: string, init?: RequestInit, env?: Record<string, unknown>): Promise<Response>;
  invoke(prompt: string, scope: { actorId: string; sessionId: string }): Promise<Record<string, unknown>>;
  memory: OwnedAgentMemory;
  telemetry: Telemetry;
  close(): Promise<void>;
}

/** Builds the app on a new SQLite file; extraction runs 30 ms after a session's last event. */
export async function createDevApp(): Promise<DevApp> {
  const dir = mkdtempSync(join(tmpdir(), 'dev-api-'));
  const memory = createLocalMemory({ path: join(dir, 'memory.db'), extractionDelayMs: 30 });
  const telemetry = await setupTelemetry({ serviceName: 'dev-api-test' });
  const model = offlineModel();
  const sessions = new SessionRegistry({
    create: (scope) => new Agent({ name: 'test-agent', model, tools: [oneSumCalculator], memory, scope }),
  });
  const agentApp = createAgentApp({
    entrypoint: async (payload, context) => {
      const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
      const result = await agent.invoke((payload as { prompt: string }).prompt, { signal: context.signal });
      return { response: result.text, recalled: result.recalled };
    },
  });
  mountDevApi(agentApp.app, { model, memory, spans: telemetry.spans });
  const request = async (path: string, init?: RequestInit, env?: Record<string, unknown>) =>
    agentApp.app.request(path, init, env);
  return {
    request,
    async invoke(prompt, scope) {
      const response = await request('/invocations', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': scope.sessionId,
          'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id': scope.actorId,
        },
        body: JSON.stringify({ prompt }),
      });
      if (response.status !== 200) throw new Error(`invocation failed: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    },
    memory,
    telemetry,
    async close() {
      sessions.close();
      await memory.close();
      await telemetry.shutdown();
    },
  };
}

/** Polls `check` until it returns a value, failing after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

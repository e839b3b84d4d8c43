import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent, type AgentOptions } from '../../src/agent/agent.js';
import { ModelError } from '../../src/errors.js';
import type { AgentMemory } from '../../src/ports/memory.js';
import type { Message } from '../../src/ports/messages.js';
import type { ModelProvider, ModelRequest } from '../../src/ports/model.js';
import type { Tool } from '../../src/ports/tool.js';
import { createAgentApp } from '../../src/server/app.js';
import type { RunningAgentServer } from '../../src/server/serve.js';
import { SessionRegistry } from '../../src/sessions/registry.js';
import { setupTelemetry, type Telemetry } from '../../src/telemetry/setup.js';
import { callTool, say, scriptedModel } from '../helpers/scripted-model.js';
import { SESSION_HEADER, SESSION_ID, sseFrames, start } from './helpers.js';

let telemetry: Telemetry;
beforeAll(async () => {
  telemetry = await setupTelemetry({ serviceName: 'faults-test' });
});
afterAll(async () => {
  await telemetry.shutdown();
});
const servers: RunningAgentServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

/** A real server running one Agent per session with the given parts. */
async function serveAgent(options: Omit<AgentOptions, 'scope'>) {
  const sessions = new SessionRegistry<Agent>({ create: (scope) => new Agent({ ...options, scope }) });
  const agentApp = createAgentApp({
    ...(options.logger && { logger: options.logger }),
    entrypoint: async (payload, context) => {
      const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
      const { prompt } = payload as { prompt: string };
      if (context.acceptsEventStream) return agent.stream(prompt, { signal: context.signal });
      return { response: (await agent.invoke(prompt, { signal: context.signal })).text };
    },
  });
  const server = await start(agentApp);
  servers.push(server);
  const post = (prompt: string, stream = false) =>
    fetch(`${server.url}/invocations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SESSION_HEADER]: SESSION_ID,
        ...(stream && { accept: 'text/event-stream' }),
      },
      body: JSON.stringify({ prompt }),
    });
  return { post, agent: () => sessions.get({ actorId: 'user', sessionId: SESSION_ID }) };
}

const throttled = () =>
  new ModelError(
    { id: 'MODEL_THROTTLED', category: 'third_party', retryable: true },
    'Bedrock throttled the call to model-x at https://bedrock-runtime.internal.example',
  );
const fastRetry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** A memory that records appends, and fails while `down`. */
function flakyMemory() {
  const appended: Message[][] = [];
  const state = { down: false };
  const check = () => {
    if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  };
  const memory: AgentMemory = {
    history: async () => {
      check();
      return [];
    },
    recall: async () => {
      check();
      return [];
    },
    append: async (_scope, messages) => {
      check();
      appended.push(messages);
    },
  };
  return { memory, appended, state };
}

describe('model faults seen through HTTP', () => {
  it('retries throttling with backoff, then answers 503 naming MODEL_THROTTLED and no internals', async () => {
    const { model, requests } = scriptedModel([() => Promise.reject(throttled())]);
    const { logger, lines } = captureLogs();
    const { post } = await serveAgent({ model, retry: fastRetry, logger });
    const response = await post('hi');
    expect(response.status).toBe(503);
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(
      /^A service the agent depends on is unavailable \(MODEL_THROTTLED\); try again later \(request id [0-9a-f-]{36}\)$/,
    );
    expect(error).not.toContain('internal.example');
    expect(requests).toHaveLength(3);
    expect(lines.filter((line) => line.msg === 'model call retried')).toHaveLength(2);
    expect(lines.some((line) => line.msg === 'invocation failed')).toBe(true);
  });

  it('answers 200 when the model recovers within the retries', async () => {
    const { model, requests } = scriptedModel([() => Promise.reject(throttled()), say('back')]);
    const { post } = await serveAgent({ model, retry: fastRetry });
    const response = await post('hi');
    expect(await response.json()).toEqual({ response: 'back' });
    expect(requests).toHaveLength(2);
  });

  it('ends a stream cut midway with an SSE error frame and leaves no half turn in the history or memory', async () => {
    let calls = 0;
    const requests: ModelRequest[] = [];
    const model: ModelProvider = {
      system: 'cut',
      modelId: 'cut-1',
      async *stream(request) {
        requests.push(structuredClone(request));
        if (calls++ === 0) {
          yield { type: 'text-delta', text: 'The answer is' };
          throw new ModelError(
            { id: 'MODEL_STREAM_INCOMPLETE', category: 'third_party', retryable: true },
            'the stream ended early',
          );
        }
        yield { type: 'text-delta', text: 'fresh' };
        yield { type: 'stop', stopReason: 'end_turn' };
      },
    };
    const { memory, appended } = flakyMemory();
    const { post, agent } = await serveAgent({ model, memory, retry: fastRetry });
    const response = await post('first question', true);
    expect(response.status).toBe(200);
    const frames = sseFrames(await response.text());
    expect(frames[0]).toBe('data: {"type":"text-delta","text":"The answer is"}');
    expect(frames.at(-1)).toMatch(
      /^event: error\ndata: \{"error":"A service the agent depends on is unavailable \(MODEL_STREAM_INCOMPLETE\)/,
    );
    // A partly streamed answer is not retried (the caller saw part of it).
    expect(requests).toHaveLength(1);
    expect(agent().messages).toEqual([]);
    expect(appended).toEqual([]);
    // The next turn sees only its own prompt: nothing of the cut one.
    expect(await (await post('second question')).json()).toEqual({ response: 'fresh' });
    expect(requests[1]!.messages).toEqual([{ role: 'user', content: [{ text: 'second question' }] }]);
    expect(appended).toHaveLength(1);
  });
});

describe('tool and memory faults seen through HTTP', () => {
  it('reports a hanging tool to the model as a timeout error and still answers', async () => {
    const hang: Tool = {
      name: 'hang',
      description: 'never returns',
      inputSchema: { type: 'object' },
      invoke: () => new Promise(() => {}),
    };
    const { model, requests } = scriptedModel([
      callTool({ id: 't1', name: 'hang', input: {} }),
      (request) => {
        const last = request.messages.at(-1)!.content[0] as {
          toolResult: { content: Array<{ text: string }> };
        };
        return say(`tool said: ${last.toolResult.content[0]!.text}`);
      },
    ]);
    const { post } = await serveAgent({ model, tools: [hang], toolTimeoutMs: 150 });
    const frames = sseFrames(await (await post('use the tool', true)).text()).map(
      (frame) => JSON.parse(frame.slice('data: '.length)) as Record<string, unknown>,
    );
    const result = frames.find((frame) => frame.type === 'tool-result')!;
    expect(result).toMatchObject({
      status: 'error',
      content: [{ text: 'Tool "hang" timed out after 150 ms and was cancelled.' }],
    });
    expect((frames.at(-1) as { result: { text: string } }).result.text).toBe(
      'tool said: Tool "hang" timed out after 150 ms and was cancelled.',
    );
    expect(requests).toHaveLength(2);
  });

  it('answers without memory when it is down (continue mode), saying so in the logs and spans', async () => {
    const { memory, state } = flakyMemory();
    state.down = true;
    const { logger, lines } = captureLogs();
    const { model } = scriptedModel([say('answered anyway')]);
    const { post } = await serveAgent({ model, memory, logger });
    const response = await post('hello');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response: 'answered anyway' });
    const warnings = lines.filter((line) => line.msg === 'memory unavailable; continuing without it');
    expect(warnings.map((line) => line.operation)).toEqual(['history', 'recall', 'append']);
    const failed = telemetry.spans
      .list({ sessionId: SESSION_ID })
      .filter((span) => span.name.startsWith('memory.'));
    expect(failed.filter((span) => span.status.code === 'error').map((span) => span.name)).toEqual(
      expect.arrayContaining(['memory.history', 'memory.recall', 'memory.append']),
    );
  });

  it('fails the turn with 503 AGENT_MEMORY_UNAVAILABLE in fail mode, and serves again once memory is back', async () => {
    const { memory, state, appended } = flakyMemory();
    const { model, requests } = scriptedModel([say('ok')]);
    const { post, agent } = await serveAgent({ model, memory, memoryFailureMode: 'fail' });
    state.down = true;
    const response = await post('hello');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toContain('(AGENT_MEMORY_UNAVAILABLE)');
    expect(requests).toHaveLength(0);
    state.down = false;
    expect((await post('hello again')).status).toBe(200);
    expect(appended).toHaveLength(1);
    expect(agent().messages).toHaveLength(2);
  });

  it('rolls back a turn whose append fails in fail mode', async () => {
    const { memory, state } = flakyMemory();
    const { model } = scriptedModel([
      () => {
        state.down = true;
        return say('stored?');
      },
    ]);
    const { post, agent } = await serveAgent({ model, memory, memoryFailureMode: 'fail' });
    expect((await post('hello')).status).toBe(503);
    expect(agent().messages).toEqual([]);
  });
});

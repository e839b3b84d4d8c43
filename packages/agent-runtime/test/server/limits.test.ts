import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Agent, type AgentOptions } from '../../src/agent/agent.js';
import type { ModelProvider } from '../../src/ports/model.js';
import type { Tool } from '../../src/ports/tool.js';
import { type AgentAppOptions, createAgentApp } from '../../src/server/app.js';
import { SessionRegistry } from '../../src/sessions/registry.js';
import { callTool, say, scriptedModel } from '../helpers/scripted-model.js';
import { invoke, SESSION_HEADER, SESSION_ID, sseFrames, start, waitFor } from './helpers.js';

/** An app that runs one Agent per session, as apps/agent does. */
function agentServer(agentOptions: Omit<AgentOptions, 'scope'>, appOptions: Partial<AgentAppOptions> = {}) {
  const sessions = new SessionRegistry<Agent>({
    create: (scope) => new Agent({ ...agentOptions, scope }),
    isBusy: (agent) => agent.busy,
  });
  const agentApp = createAgentApp({
    ...appOptions,
    entrypoint: async (payload, context) => {
      const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
      const { prompt } = payload as { prompt: string };
      if (context.acceptsEventStream) return agent.stream(prompt, { signal: context.signal });
      const result = await agent.invoke(prompt, { signal: context.signal });
      return { response: result.text, stopReason: result.stopReason };
    },
  });
  return { agentApp, sessions };
}

const ask = (prompt: string) => JSON.stringify({ prompt });
const inSession = { [SESSION_HEADER]: SESSION_ID };

/** A model that waits until `release()` (or its signal) before answering each call. */
function gatedModel() {
  const gates: Array<() => void> = [];
  let calls = 0;
  const model: ModelProvider = {
    system: 'gated',
    modelId: 'gated-1',
    async *stream(_request, signal) {
      calls += 1;
      yield { type: 'text-delta', text: 'thinking' };
      await new Promise<void>((resolve, reject) => {
        gates.push(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      yield { type: 'stop', stopReason: 'end_turn' };
    },
  };
  return {
    model,
    release: () => gates.shift()?.(),
    get calls() {
      return calls;
    },
    get waiting() {
      return gates.length;
    },
  };
}

describe('limits through HTTP', () => {
  it('refuses a prompt over maxPromptChars with 413 naming AGENT_MAX_PROMPT_CHARS', async () => {
    const { model, requests } = scriptedModel([say('ok')]);
    const { agentApp } = agentServer({ model, maxPromptChars: 10 });
    const response = await invoke(agentApp, ask('x'.repeat(11)));
    expect(response.status).toBe(413);
    const { error } = (await response.json()) as { error: string };
    expect(error).toBe(
      'The prompt is 11 characters; the limit is 10 (set maxPromptChars / AGENT_MAX_PROMPT_CHARS to change it)',
    );
    expect(requests).toHaveLength(0);
    expect((await invoke(agentApp, ask('x'.repeat(10)))).status).toBe(200);
  });

  it('cuts a tool result over maxToolOutputChars and tells the model which setting raises it', async () => {
    const huge: Tool = {
      name: 'dump',
      description: 'dumps',
      inputSchema: { type: 'object' },
      invoke: async () => 'y'.repeat(50_000),
    };
    const { model, requests } = scriptedModel([callTool({ id: 't1', name: 'dump', input: {} }), say('done')]);
    const { agentApp } = agentServer({ model, tools: [huge], maxToolOutputChars: 1000 });
    expect((await invoke(agentApp, ask('dump it'))).status).toBe(200);
    const results = requests[1]!.messages.at(-1)!.content[0] as {
      toolResult: { content: Array<{ text: string }> };
    };
    const [kept, notice] = results.toolResult.content;
    expect(kept!.text).toBe('y'.repeat(1000));
    expect(notice!.text).toContain('returned 50000 characters; only the first 1000 are shown');
    expect(notice!.text).toContain('TOOL_MAX_OUTPUT_CHARS');
  });

  it('ends a turn at maxSteps with stopReason max_steps and a text naming AGENT_MAX_STEPS', async () => {
    const loop: Tool = {
      name: 'again',
      description: 'again',
      inputSchema: { type: 'object' },
      invoke: async () => 'more',
    };
    const { model } = scriptedModel([callTool({ id: 't', name: 'again', input: {} })]);
    const { agentApp } = agentServer({ model, tools: [loop], maxSteps: 2 });
    const body = (await (await invoke(agentApp, ask('go'))).json()) as {
      response: string;
      stopReason: string;
    };
    expect(body.stopReason).toBe('max_steps');
    expect(body.response).toContain('AGENT_MAX_STEPS');
  });

  it('answers 408 naming INVOCATION_TIMEOUT_MS when a turn runs too long, and rolls the turn back', async () => {
    const gated = gatedModel();
    const { agentApp, sessions } = agentServer({ model: gated.model }, { invocationTimeoutMs: 200 });
    const response = await invoke(agentApp, ask('slow'), inSession);
    expect(response.status).toBe(408);
    expect(((await response.json()) as { error: string }).error).toBe(
      'The invocation took longer than 200 ms and was cancelled; the limit is 200 (set invocationTimeoutMs / INVOCATION_TIMEOUT_MS to change it)',
    );
    const agent = sessions.get({ actorId: 'user', sessionId: SESSION_ID });
    await waitFor(() => !agent.busy, 2_000, 'the turn to stop');
    expect(agent.messages).toEqual([]);
  });

  it('answers 408 even when the entrypoint ignores its signal', async () => {
    const agentApp = createAgentApp({ invocationTimeoutMs: 100, entrypoint: () => new Promise(() => {}) });
    const response = await invoke(agentApp, '{}');
    expect(response.status).toBe(408);
    expect(agentApp.inFlight.count).toBe(0);
  });

  it('ends an SSE stream past the timeout with an error frame naming the limit', async () => {
    const gated = gatedModel();
    const { agentApp } = agentServer({ model: gated.model }, { invocationTimeoutMs: 300 });
    const server = await start(agentApp);
    try {
      const response = await fetch(`${server.url}/invocations`, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
        body: ask('slow'),
      });
      const frames = sseFrames(await response.text());
      expect(frames[0]).toBe('data: {"type":"text-delta","text":"thinking"}');
      expect(frames.at(-1)).toMatch(
        /^event: error\ndata: \{"error":"The invocation took longer than 300 ms.*INVOCATION_TIMEOUT_MS/,
      );
    } finally {
      await server.close();
    }
  });

  it('times out each WebSocket payload on its own and keeps the socket open', async () => {
    let calls = 0;
    const agentApp = createAgentApp({
      invocationTimeoutMs: 150,
      entrypoint: () => (calls++ === 0 ? new Promise(() => {}) : { ok: true }),
    });
    const server = await start(agentApp);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    try {
      const replies: string[] = [];
      socket.on('message', (data) => replies.push(String(data)));
      await new Promise<void>((resolve) => socket.once('open', () => resolve()));
      socket.send('{}');
      socket.send('{}');
      await waitFor(() => replies.length === 2, 3_000, 'two replies');
      expect(JSON.parse(replies[0]!).error).toContain('INVOCATION_TIMEOUT_MS');
      expect(JSON.parse(replies[1]!)).toEqual({ ok: true });
      expect(socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      socket.close();
      await server.close();
    }
  });

  it('queues up to maxQueuedTurns invocations of one session, refuses the next with 429, then serves them in order', async () => {
    const gated = gatedModel();
    const { agentApp, sessions } = agentServer({ model: gated.model, maxQueuedTurns: 2 });
    const agent = sessions.get({ actorId: 'user', sessionId: SESSION_ID });
    const running = invoke(agentApp, ask('first'), inSession);
    await waitFor(() => gated.waiting === 1, 2_000, 'the first turn to start');
    const queued = [invoke(agentApp, ask('second'), inSession), invoke(agentApp, ask('third'), inSession)];
    // Let the queued requests reach the agent before the one that must be refused.
    await waitFor(() => agent.pendingTurns === 3, 2_000, 'one turn running and two queued');
    const refused = await invoke(agentApp, ask('fourth'), inSession);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe(
      'This session already has one invocation running and 2 waiting; retry when one has finished; the limit is 2 ' +
        '(set maxQueuedTurns / SESSION_MAX_QUEUED_INVOCATIONS to change it)',
    );
    // Another session is not held up.
    const other = invoke(agentApp, ask('elsewhere'), { [SESSION_HEADER]: `${SESSION_ID}-other` });
    await waitFor(() => gated.waiting === 2, 2_000, 'the other session to start');
    for (let i = 0; i < 4; i++) {
      await waitFor(() => gated.waiting > 0, 2_000, 'a turn to wait');
      gated.release();
    }
    const statuses = await Promise.all([running, ...queued, other].map(async (r) => (await r).status));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(gated.calls).toBe(4);
  });

  it('takes a queued invocation out of the queue when its caller goes away', async () => {
    const gated = gatedModel();
    const agent = new Agent({ model: gated.model, maxQueuedTurns: 1 });
    const first = agent.invoke('first');
    await waitFor(() => gated.waiting === 1, 2_000, 'the first turn');
    const controller = new AbortController();
    const abandoned = agent.invoke('second', { signal: controller.signal });
    controller.abort(new Error('client gone'));
    await expect(abandoned).rejects.toThrow('client gone');
    // Its slot is free again: one more may queue.
    const third = agent.invoke('third');
    gated.release();
    await first;
    await waitFor(() => gated.waiting === 1, 2_000, 'the third turn');
    gated.release();
    expect((await third).text).toBe('thinking');
    expect(gated.calls).toBe(2);
  });

  it('still answers 200 within the limits (the defaults do not get in the way)', async () => {
    const { model } = scriptedModel([say('fine')]);
    const { agentApp } = agentServer({ model });
    const response = await invoke(agentApp, ask('hello'));
    expect(await response.json()).toEqual({ response: 'fine', stopReason: 'end_turn' });
  });
});

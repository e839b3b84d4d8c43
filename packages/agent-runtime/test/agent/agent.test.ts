import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { AgentEvent } from '../../src/agent/events.js';
import { ModelError } from '../../src/errors.js';
import type { AgentMemory, MemoryScope } from '../../src/ports/memory.js';
import type { Message } from '../../src/ports/messages.js';
import type { Tool } from '../../src/ports/tool.js';
import { callTool, say, scriptedModel } from '../helpers/scripted-model.js';

const echo: Tool = {
  name: 'echo',
  description: 'Echoes its input',
  inputSchema: { type: 'object' },
  invoke: async (input) => ({ echoed: input }),
};

function sleepTool(name: string, ms: number, log: string[]): Tool {
  return {
    name,
    description: 'sleeps',
    inputSchema: { type: 'object' },
    invoke: (_input, context) =>
      new Promise((resolve, reject) => {
        log.push(`start ${name}`);
        const timer = setTimeout(() => {
          log.push(`end ${name}`);
          resolve('done');
        }, ms);
        context.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(context.signal.reason);
        });
      }),
  };
}

describe('Agent', () => {
  it('answers without tools and keeps the history', async () => {
    const { model } = scriptedModel([say('hello')]);
    const agent = new Agent({ model });
    const result = await agent.invoke('hi');
    expect(result.text).toBe('hello');
    expect(result.stopReason).toBe('end_turn');
    expect(result.usage.totalTokens).toBe(12);
    expect(agent.messages).toEqual([
      { role: 'user', content: [{ text: 'hi' }] },
      { role: 'assistant', content: [{ text: 'hello' }] },
    ]);
  });

  it('runs a tool, sends the result back, and streams typed events in order', async () => {
    const { model, requests } = scriptedModel([
      callTool({ id: 't1', name: 'echo', input: { a: 1 } }),
      say('ok'),
    ]);
    const agent = new Agent({ model, tools: [echo], systemPrompt: 'be brief' });
    const events: AgentEvent[] = [];
    for await (const event of agent.stream('go')) events.push(event);
    expect(events.map((e) => e.type)).toEqual([
      'tool-call',
      'message',
      'tool-result',
      'message',
      'text-delta',
      'usage',
      'message',
      'final',
    ]);
    expect(requests[0]!.system).toBe('be brief');
    expect(requests[0]!.tools.map((t) => t.name)).toEqual(['echo']);
    expect(requests[1]!.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { toolResult: { toolUseId: 't1', status: 'success', content: [{ json: { echoed: { a: 1 } } }] } },
      ],
    });
  });

  it('runs independent tool calls in parallel', async () => {
    const log: string[] = [];
    const { model } = scriptedModel([
      callTool({ id: 'a', name: 'slowA', input: {} }, { id: 'b', name: 'slowB', input: {} }),
      say('both done'),
    ]);
    const agent = new Agent({ model, tools: [sleepTool('slowA', 50, log), sleepTool('slowB', 50, log)] });
    await agent.invoke('go');
    expect(log.slice(0, 2)).toEqual(['start slowA', 'start slowB']);
  });

  it('turns a tool error, an unknown tool and a timeout into error results, never a failed turn', async () => {
    const failing: Tool = { ...echo, name: 'failing', invoke: async () => Promise.reject(new Error('boom')) };
    const { model, requests } = scriptedModel([
      callTool(
        { id: '1', name: 'failing', input: {} },
        { id: '2', name: 'missing', input: {} },
        { id: '3', name: 'slow', input: {} },
      ),
      say('recovered'),
    ]);
    const agent = new Agent({ model, tools: [failing, sleepTool('slow', 5_000, [])], toolTimeoutMs: 50 });
    const result = await agent.invoke('go');
    expect(result.text).toBe('recovered');
    const results = requests[1]!.messages.at(-1)!.content;
    expect(results).toEqual([
      { toolResult: { toolUseId: '1', status: 'error', content: [{ text: 'boom' }] } },
      {
        toolResult: {
          toolUseId: '2',
          status: 'error',
          content: [{ text: 'Unknown tool "missing". Available tools: failing, slow.' }],
        },
      },
      {
        toolResult: {
          toolUseId: '3',
          status: 'error',
          content: [{ text: 'Tool "slow" timed out after 50 ms and was cancelled.' }],
        },
      },
    ]);
  });

  it('stops at the step bound with a closing assistant message', async () => {
    const { model } = scriptedModel([callTool({ id: 'x', name: 'echo', input: {} })]);
    const agent = new Agent({ model, tools: [echo], maxSteps: 3 });
    const result = await agent.invoke('loop forever');
    expect(result.stopReason).toBe('max_steps');
    expect(agent.messages.at(-1)!.role).toBe('assistant');
    expect(agent.messages.filter((m) => m.role === 'assistant')).toHaveLength(4);
  });

  it('retries retryable model errors with backoff, then succeeds', async () => {
    const throttled = () =>
      Promise.reject(
        new ModelError({ id: 'MODEL_THROTTLED', category: 'third_party', retryable: true }, 'slow down'),
      );
    const { model, requests } = scriptedModel([throttled, throttled, say('finally')]);
    const agent = new Agent({ model, retry: { baseDelayMs: 1 } });
    expect((await agent.invoke('hi')).text).toBe('finally');
    expect(requests).toHaveLength(3);
  });

  it('gives up after the attempts and leaves no half turn in the history', async () => {
    const throttled = () =>
      Promise.reject(
        new ModelError({ id: 'MODEL_THROTTLED', category: 'third_party', retryable: true }, 'slow down'),
      );
    const { model } = scriptedModel([say('first'), throttled]);
    const agent = new Agent({ model, retry: { baseDelayMs: 1, maxAttempts: 2 } });
    await agent.invoke('one');
    await expect(agent.invoke('two')).rejects.toThrow('slow down');
    expect(agent.messages).toHaveLength(2);
  });

  it('does not retry errors that are not retryable', async () => {
    const denied = () =>
      Promise.reject(new ModelError({ id: 'MODEL_ACCESS_DENIED', category: 'config' }, 'denied'));
    const { model, requests } = scriptedModel([denied]);
    await expect(new Agent({ model }).invoke('hi')).rejects.toThrow('denied');
    expect(requests).toHaveLength(1);
  });

  it('cancels through an AbortSignal and rolls the turn back', async () => {
    const log: string[] = [];
    const { model } = scriptedModel([callTool({ id: 's', name: 'slow', input: {} }), say('never')]);
    const agent = new Agent({ model, tools: [sleepTool('slow', 5_000, log)] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by caller')), 30);
    await expect(agent.invoke('go', { signal: controller.signal })).rejects.toThrow('cancelled by caller');
    expect(agent.messages).toEqual([]);
  });

  it('runs turns of one agent one at a time', async () => {
    const { model, requests } = scriptedModel([say('a'), say('b')]);
    const agent = new Agent({ model });
    const [first, second] = await Promise.all([agent.invoke('one'), agent.invoke('two')]);
    expect([first.text, second.text]).toEqual(['a', 'b']);
    expect(requests[1]!.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('rejects an empty prompt with a clear error', async () => {
    const { model } = scriptedModel([say('x')]);
    await expect(new Agent({ model }).invoke('  ')).rejects.toThrow('The prompt must be non-empty text.');
  });

  describe('with memory', () => {
    function fakeMemory(history: Message[] = []) {
      const appended: Message[][] = [];
      const memory: AgentMemory = {
        history: async () => history,
        recall: async (_scope: MemoryScope, query: string) =>
          query.includes('tea')
            ? [{ text: 'Likes Earl Grey', score: 0.9, namespace: '/u', memoryRecordId: 'mem-1' }]
            : [],
        append: async (_scope, messages) => {
          appended.push(messages);
        },
      };
      return { memory, appended };
    }

    it('loads history once, injects recalled memories in a context block, stores clean messages', async () => {
      const { memory, appended } = fakeMemory([
        { role: 'user', content: [{ text: 'earlier' }] },
        { role: 'assistant', content: [{ text: 'reply' }] },
      ]);
      const { model, requests } = scriptedModel([say('Earl Grey it is')]);
      const agent = new Agent({ model, memory });
      const result = await agent.invoke('what tea?');
      expect(result.recalled).toHaveLength(1);
      const sent = requests[0]!.messages;
      expect(sent).toHaveLength(3);
      expect(sent[2]!.content).toEqual([
        { text: '<user_context>\nLikes Earl Grey\n</user_context>' },
        { text: 'what tea?' },
      ]);
      expect(appended[0]![0]).toEqual({ role: 'user', content: [{ text: 'what tea?' }] });
    });

    it('answers without memory when the memory backend fails', async () => {
      const broken: AgentMemory = {
        history: () => Promise.reject(new Error('db down')),
        recall: () => Promise.reject(new Error('db down')),
        append: () => Promise.reject(new Error('db down')),
      };
      const { model } = scriptedModel([say('still here')]);
      expect((await new Agent({ model, memory: broken }).invoke('hi')).text).toBe('still here');
    });
  });
});

describe('Agent with an empty model reply', () => {
  it('stores a visible placeholder instead of a blank text block, and returns empty text', async () => {
    const { model, requests } = scriptedModel([[{ type: 'stop', stopReason: 'end_turn' }], say('second')]);
    const agent = new Agent({ model });
    expect((await agent.invoke('one')).text).toBe('');
    await agent.invoke('two');
    const sent = requests[1]!.messages[1]!;
    expect(sent.content).toEqual([{ text: '(the model returned no content)' }]);
  });
});

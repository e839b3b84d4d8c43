import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../src/agent/agent.js';
import type { AgentEvent } from '../../../src/agent/events.js';
import type { JsonValue } from '../../../src/ports/messages.js';
import type { Tool } from '../../../src/ports/tool.js';
import { type BedrockStub, fixture, startBedrockStub } from './bedrock-stub.js';
import { stubModel } from './helpers.js';

/** A tiny tool, as a plain object: the port is all the agent needs. */
const calls: JsonValue[] = [];
const addTool: Tool = {
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  async invoke(input) {
    calls.push(input);
    const { a, b } = input as { a: number; b: number };
    return String(a + b);
  },
};

// Backoff of a millisecond or two: the retry path is exercised without slowing the suite.
const fastRetry = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

let stub: BedrockStub;
beforeEach(async () => {
  calls.length = 0;
  stub = await startBedrockStub();
});
afterEach(async () => {
  await stub.close();
});

describe('Agent over the Bedrock provider', () => {
  it('runs the tool the model asks for and sends the result back in Converse shapes', async () => {
    stub.reply(fixture('agent-tool-call'), fixture('agent-answer'));
    const agent = new Agent({
      model: stubModel(stub),
      systemPrompt: 'Use the add tool for sums.',
      tools: [addTool],
      retry: fastRetry,
    });

    const events: AgentEvent[] = [];
    for await (const event of agent.stream('What is 19 + 23?')) events.push(event);
    const final = events.at(-1);

    expect(calls).toEqual([{ a: 19, b: 23 }]);
    expect(final).toMatchObject({
      type: 'final',
      result: {
        text: '19 + 23 = 42.',
        stopReason: 'end_turn',
        usage: { inputTokens: 891, outputTokens: 66, totalTokens: 957 },
      },
    });
    expect(events.filter((event) => event.type === 'tool-result')).toMatchObject([
      { name: 'add', status: 'success', content: [{ text: '42' }] },
    ]);
    expect(stub.requests).toHaveLength(2);
    // The second call carries the whole exchange exactly: prompt, tool use, tool result.
    expect(stub.requests[1]!.body).toEqual(fixture('agent-answer.request'));
  });

  it('retries a throttled call (429) with backoff and then succeeds', async () => {
    stub.reply(fixture('error-throttling'), fixture('error-throttling'), fixture('agent-answer'));
    const agent = new Agent({ model: stubModel(stub), tools: [addTool], retry: fastRetry });

    const result = await agent.invoke('What is 19 + 23?');

    expect(result.text).toBe('19 + 23 = 42.');
    expect(stub.requests).toHaveLength(3);
    // Each attempt is one HTTP request: the SDK does not retry underneath the agent.
    expect(stub.requests.map((request) => request.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=1',
      'attempt=1; max=1',
      'attempt=1; max=1',
    ]);
    expect(stub.requests[2]!.body).toEqual(stub.requests[0]!.body);
  });

  it('retries an in-stream internalServerException that came before any content', async () => {
    stub.reply(fixture('stream-exception-first'), fixture('agent-answer'));
    const agent = new Agent({ model: stubModel(stub), retry: fastRetry });
    expect((await agent.invoke('What is 19 + 23?')).text).toBe('19 + 23 = 42.');
    expect(stub.requests).toHaveLength(2);
  });

  it('gives up after the retry budget and surfaces the ModelError', async () => {
    stub.reply(fixture('error-throttling'), fixture('error-throttling'));
    const agent = new Agent({ model: stubModel(stub), retry: { ...fastRetry, maxAttempts: 2 } });
    await expect(agent.invoke('Hi')).rejects.toMatchObject({ id: 'MODEL_THROTTLED', retryable: true });
    expect(stub.requests).toHaveLength(2);
    expect(agent.messages).toEqual([]);
  });

  it('does not retry a non-retryable error (access denied)', async () => {
    stub.reply(fixture('error-access-denied'), fixture('agent-answer'));
    const agent = new Agent({ model: stubModel(stub), retry: fastRetry });
    await expect(agent.invoke('Hi')).rejects.toMatchObject({ id: 'MODEL_ACCESS_DENIED' });
    expect(stub.requests).toHaveLength(1);
  });
});

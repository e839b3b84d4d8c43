import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../src/agent/agent.js';
import type { JsonValue } from '../../../src/ports/messages.js';
import type { Tool } from '../../../src/ports/tool.js';
import { openAiModel } from '../../../src/providers/openai/index.js';
import {
  fixture,
  jsonFixture,
  type RecordedRequest,
  type StubServer,
  startStubServer,
} from './stub-server.js';

/** An answer built from what the request says, the way a model reads the tool message. */
function answerWithToolResult(request: RecordedRequest) {
  const messages = request.body.messages as { role: string; content: string }[];
  const result = JSON.parse(messages.at(-1)!.content) as { tempC: number; sky: string };
  const text = `It is ${result.tempC} °C and ${result.sky} in Paris.`;
  const frame = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const usage = { choices: [], usage: { prompt_tokens: 268, completion_tokens: 13, total_tokens: 281 } };
  return {
    sse: `${frame({ role: 'assistant', content: text.slice(0, 9) }, null)}${frame({ content: text.slice(9) }, null)}${frame({}, 'stop')}data: ${JSON.stringify(usage)}\n\ndata: [DONE]\n\n`,
  };
}

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

describe('Agent with openAiModel', () => {
  it('runs a tool the model asks for and answers with its result', async () => {
    const calls: JsonValue[] = [];
    const weather: Tool = {
      name: 'get_weather',
      description: 'Current weather of a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      invoke: async (input) => {
        calls.push(input);
        return { tempC: 18, sky: 'sunny' };
      },
    };
    stub.enqueue({ sse: fixture('vllm-stream-tool-call.sse') }, answerWithToolResult);
    const agent = new Agent({
      model: openAiModel({ baseUrl: stub.baseUrl, model: 'Qwen/Qwen2.5-7B-Instruct' }),
      systemPrompt: 'You answer weather questions.',
      tools: [weather],
    });

    const result = await agent.invoke('What is the weather in Paris?');

    expect(calls).toEqual([{ city: 'Paris', unit: 'celsius' }]);
    expect(result.text).toBe('It is 18 °C and sunny in Paris.');
    expect(result.stopReason).toBe('end_turn');
    expect(result.usage).toEqual({ inputTokens: 480, outputTokens: 37, totalTokens: 517 });
    expect(stub.requests).toHaveLength(2);
    const second = stub.requests[1]!.body;
    expect(second.messages).toEqual([
      { role: 'system', content: 'You answer weather questions.' },
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'chatcmpl-tool-3b9d1e0f7a2c4e68',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'chatcmpl-tool-3b9d1e0f7a2c4e68', content: '{"tempC":18,"sky":"sunny"}' },
    ]);
    expect(second.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: weather.description, parameters: weather.inputSchema },
      },
    ]);
  });

  it('retries a 429 answer with backoff and then succeeds', async () => {
    stub.enqueue(
      { status: 429, json: jsonFixture('error-rate-limited.json') },
      { sse: fixture('ollama-stream-text.sse') },
    );
    const agent = new Agent({
      model: openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' }),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });

    const result = await agent.invoke('Hi');

    expect(result.text).toBe('Hello there! How can I help you today?');
    expect(stub.requests).toHaveLength(2);
  });

  it('does not retry a 401 answer', async () => {
    stub.enqueue({ status: 401, json: jsonFixture('vllm-error-unauthorized.json') });
    const agent = new Agent({
      model: openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' }),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });

    await expect(agent.invoke('Hi')).rejects.toMatchObject({ id: 'MODEL_AUTH_FAILED' });
    expect(stub.requests).toHaveLength(1);
    expect(agent.messages).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/ports/messages.js';
import { openAiModel } from '../../../src/providers/openai/index.js';
import { ask, weatherTool } from './sample-requests.js';
import { collect, fixture, jsonFixture, type StubServer, startStubServer } from './stub-server.js';

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

describe('openAiModel without streaming', () => {
  it('yields the same events from one JSON answer with a tool call, and asks without stream options', async () => {
    stub.enqueue({ json: jsonFixture('ollama-completion-tool-call.json') });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2', streaming: false });

    const events = await collect(model.stream(ask('Weather in Lyon?', { tools: [weatherTool] })));

    expect(events).toEqual([
      {
        type: 'tool-use',
        toolUseId: 'call_m3v9rt1q',
        name: 'get_weather',
        input: { city: 'Lyon', unit: 'celsius' },
      },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 151, outputTokens: 22, totalTokens: 173 } },
    ]);
    const [request] = stub.requests;
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.body).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Weather in Lyon?' }],
      stream: false,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: weatherTool.description,
            parameters: weatherTool.inputSchema,
          },
        },
      ],
    });
  });
});

describe('openAiModel request conversion', () => {
  it('sends assistant tool calls, then one tool message per result, then the user text and image', async () => {
    stub.enqueue({ sse: fixture('vllm-stream-text.sse') });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const messages: Message[] = [
      { role: 'user', content: [{ text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'assistant',
        content: [
          { text: 'I will check both cities.' },
          { toolUse: { toolUseId: 'call_a', name: 'get_weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 'call_b', name: 'get_weather', input: { city: 'Tokyo' } } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            toolResult: {
              toolUseId: 'call_a',
              status: 'success',
              content: [{ json: { tempC: 18, sky: 'sunny' } }],
            },
          },
          {
            toolResult: {
              toolUseId: 'call_b',
              status: 'error',
              content: [{ text: 'weather service timed out' }],
            },
          },
        ],
      },
      { role: 'assistant', content: [{ text: 'Paris is sunny; Tokyo failed.' }] },
      {
        role: 'user',
        content: [{ text: 'What is in this picture?' }, { image: { format: 'png', source: { bytes: png } } }],
      },
    ];
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'Qwen/Qwen2.5-VL-7B-Instruct' });

    await collect(model.stream({ system: 'Be brief.', messages, tools: [] }));

    expect(stub.requests[0]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: 'I will check both cities.',
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'call_b',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"tempC":18,"sky":"sunny"}' },
      { role: 'tool', tool_call_id: 'call_b', content: 'Error: weather service timed out' },
      { role: 'assistant', content: 'Paris is sunny; Tokyo failed.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          {
            type: 'image_url',
            image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` },
          },
        ],
      },
    ]);
  });
});

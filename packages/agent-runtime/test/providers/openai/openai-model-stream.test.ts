import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAiModel } from '../../../src/providers/openai/index.js';
import { ask, weatherTool } from './sample-requests.js';
import { collect, fixture, type StubServer, startStubServer, waitFor } from './stub-server.js';

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

describe('openAiModel streaming', () => {
  it('streams text deltas, one stop and usage from an Ollama stream, and sends the exact request', async () => {
    stub.enqueue({ sse: fixture('ollama-stream-text.sse') });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });
    expect(model.system).toBe('openai');
    expect(model.modelId).toBe('llama3.2');

    const events = await collect(model.stream(ask('Hi', { system: 'You are terse.' })));

    expect(events).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' there' },
      { type: 'text-delta', text: '! How can I help' },
      { type: 'text-delta', text: ' you today?' },
      { type: 'stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 26, outputTokens: 10, totalTokens: 36 } },
    ]);
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request!.url).toBe('/v1/chat/completions');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.accept).toBe('text/event-stream');
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.body).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('gathers a vLLM tool call whose arguments arrive in pieces into one tool-use', async () => {
    stub.enqueue({ sse: fixture('vllm-stream-tool-call.sse') });
    const model = openAiModel({
      baseUrl: `${stub.baseUrl}/`,
      model: 'Qwen/Qwen2.5-7B-Instruct',
      apiKey: 'sk-local-test',
      headers: { 'x-team': 'agents' },
      maxTokens: 512,
      temperature: 0.2,
    });

    const events = await collect(
      model.stream(ask('Weather in Paris?', { tools: [weatherTool], maxTokens: 256 })),
    );

    expect(events).toEqual([
      {
        type: 'tool-use',
        toolUseId: 'chatcmpl-tool-3b9d1e0f7a2c4e68',
        name: 'get_weather',
        input: { city: 'Paris', unit: 'celsius' },
      },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 212, outputTokens: 24, totalTokens: 236 } },
    ]);
    const [request] = stub.requests;
    expect(request!.url).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe('Bearer sk-local-test');
    expect(request!.headers['x-team']).toBe('agents');
    expect(request!.body).toEqual({
      model: 'Qwen/Qwen2.5-7B-Instruct',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      stream: true,
      stream_options: { include_usage: true },
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
      // The request's own budget wins over the provider default.
      max_tokens: 256,
      temperature: 0.2,
    });
  });

  it('emits two parallel tool calls in index order after the text that preceded them', async () => {
    stub.enqueue({ sse: fixture('vllm-stream-parallel-tool-calls.sse') });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'Qwen/Qwen2.5-7B-Instruct' });

    const events = await collect(model.stream(ask('Paris and Tokyo?', { tools: [weatherTool] })));

    expect(events).toEqual([
      { type: 'text-delta', text: 'I will check' },
      { type: 'text-delta', text: ' both cities.' },
      {
        type: 'tool-use',
        toolUseId: 'chatcmpl-tool-8c1f5a2e9b7d4c03',
        name: 'get_weather',
        input: { city: 'Paris' },
      },
      {
        type: 'tool-use',
        toolUseId: 'chatcmpl-tool-f2e6d0b4a8c14e79',
        name: 'get_weather',
        input: { city: 'Tokyo' },
      },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 230, outputTokens: 51, totalTokens: 281 } },
    ]);
  });

  it('stops with tool_use when a server finishes tool calls with "stop" (older Ollama)', async () => {
    stub.enqueue({ sse: fixture('ollama-stream-tool-call-finish-stop.sse') });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const events = await collect(model.stream(ask('Weather in Paris?', { tools: [weatherTool] })));

    expect(events).toEqual([
      { type: 'tool-use', toolUseId: 'call_x8kqj2ma', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 148, outputTokens: 18, totalTokens: 166 } },
    ]);
  });

  it('reads an SSE stream split mid-line and mid-character across separate TCP writes', async () => {
    const bytes = Buffer.from(fixture('vllm-stream-text.sse'), 'utf8');
    const text = bytes.toString('latin1');
    const degree = bytes.indexOf(Buffer.from('°', 'utf8'));
    const cuts = [
      3, // inside "data:"
      text.indexOf('"content":"It is 18"') + 12, // inside a JSON string
      degree + 1, // between the two bytes of "°"
      text.indexOf('\n\n', degree) + 1, // between the two newlines ending an event
      text.indexOf('[DONE]') + 2,
    ];
    const pieces = [0, ...cuts].map((start, index) => bytes.subarray(start, cuts[index] ?? bytes.length));
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);

    // The client's fetch counts what reaches it, so each write is seen alone before the next goes out.
    const received: Uint8Array[] = [];
    let receivedBytes = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const counted = response.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            received.push(chunk);
            receivedBytes += chunk.length;
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(counted, { status: response.status, headers: response.headers });
    };
    let written = 0;
    stub.enqueue({
      writes: pieces,
      beforeWrite: async (index) => {
        if (index > 0) {
          written += pieces[index - 1]!.length;
          await waitFor(() => receivedBytes >= written, `piece ${index - 1} to reach the client`);
        }
      },
    });
    const model = openAiModel({
      baseUrl: stub.baseUrl,
      model: 'Qwen/Qwen2.5-7B-Instruct',
      fetch: countingFetch,
    });

    const events = await collect(model.stream(ask('Weather in Paris?')));

    expect(received.length).toBeGreaterThanOrEqual(pieces.length);
    expect(Buffer.from(received[0]!).toString('latin1')).toBe('dat');
    const text2 = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(text2).toBe('It is 18 °C and sunny in Paris.');
    expect(events.slice(-2)).toEqual([
      { type: 'stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 268, outputTokens: 13, totalTokens: 281 } },
    ]);
  });

  it('skips keep-alive comments, reads CRLF lines and accepts a stream without [DONE]', async () => {
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\r\n\r\n`;
    stub.enqueue({
      sse: `: keep-alive\r\n\r\n${chunk({ role: 'assistant', content: 'ok' }, null)}: ping\r\n\r\n${chunk({}, 'stop')}`,
    });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'local' });

    const events = await collect(model.stream(ask('Say ok')));

    // No usage chunk was sent, so no usage event follows the stop.
    expect(events).toEqual([
      { type: 'text-delta', text: 'ok' },
      { type: 'stop', stopReason: 'end_turn' },
    ]);
  });

  it.each([
    ['length', 'max_tokens'],
    ['content_filter', 'content_filtered'],
    ['stop', 'end_turn'],
  ])('maps finish_reason %s to %s', async (finishReason, expected) => {
    const chunk = { choices: [{ index: 0, delta: { content: 'x' }, finish_reason: finishReason }] };
    stub.enqueue({ sse: `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n` });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'local' });

    const events = await collect(model.stream(ask('x')));

    expect(events.at(-1)).toEqual({ type: 'stop', stopReason: expected });
  });

  it('gives a tool call with empty arguments an empty object as input', async () => {
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'clock', arguments: '' } };
    const chunk = { choices: [{ index: 0, delta: { tool_calls: [call] }, finish_reason: 'tool_calls' }] };
    stub.enqueue({ sse: `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n` });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'local' });

    const events = await collect(model.stream(ask('Time?')));

    expect(events[0]).toEqual({ type: 'tool-use', toolUseId: 'call_1', name: 'clock', input: {} });
  });
});

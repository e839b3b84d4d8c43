import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/errors.js';
import type { ModelRequest } from '../../../src/ports/model.js';
import { openAiModel } from '../../../src/providers/openai/index.js';
import { collect, fixture, jsonFixture, type StubServer, startStubServer, waitFor } from './stub-server.js';

const request: ModelRequest = { messages: [{ role: 'user', content: [{ text: 'Hi' }] }], tools: [] };

/** Runs the call and returns the error it failed with. */
async function failure(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function modelFailure(run: Promise<unknown>): Promise<ModelError> {
  const error = await failure(run);
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

/** A port on 127.0.0.1 that nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

describe('openAiModel HTTP errors', () => {
  it('marks 429 retryable, quotes the server and keeps Retry-After', async () => {
    stub.enqueue({
      status: 429,
      headers: { 'retry-after': '2' },
      json: jsonFixture('error-rate-limited.json'),
    });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_THROTTLED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('"Rate limit reached: 20 requests per minute"');
    expect(error.details).toMatchObject({ status: 429, retryAfter: '2', model: 'llama3.2' });
  });

  it('marks 5xx retryable', async () => {
    stub.enqueue({ status: 503, json: { error: { message: 'server overloaded' } } });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_SERVER_ERROR');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('"server overloaded"');
  });

  it('tells to check OPENAI_API_KEY on 401 and does not retry', async () => {
    stub.enqueue({ status: 401, json: jsonFixture('vllm-error-unauthorized.json') });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'Qwen/Qwen2.5-7B-Instruct', apiKey: 'wrong' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(error.message).toContain('"Unauthorized"');
    expect(stub.requests[0]!.headers.authorization).toBe('Bearer wrong');
  });

  it('names the model, the URL, `ollama pull` and /v1 on 404, quoting the server', async () => {
    stub.enqueue({ status: 404, json: jsonFixture('ollama-error-model-not-found.json') });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_NOT_FOUND');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`${stub.baseUrl}/chat/completions`);
    expect(error.message).toContain('(404): "model "llama3.2" not found, try pulling it first"');
    expect(error.message).toContain('`ollama pull llama3.2`');
    expect(error.message).toContain('/v1');
  });

  it('explains a base URL without /v1 (the server has no such route)', async () => {
    const model = openAiModel({ baseUrl: stub.baseUrl.replace(/\/v1$/, ''), model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain('"404 page not found"');
    expect(error.message).toContain('base URL ends in /v1');
  });

  it('says no server listens, and how to start one, when the connection is refused', async () => {
    const port = await closedPort();
    // `localhost`, as in Ollama's usual base URL: Node may try ::1 and 127.0.0.1 and report both.
    const model = openAiModel({ baseUrl: `http://localhost:${port}/v1`, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_SERVER_UNREACHABLE');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`http://localhost:${port}/v1/chat/completions`);
    expect(error.message).toContain('`ollama serve`');
    expect(error.message).toContain('OPENAI_BASE_URL');
  });

  it('rejects bad options with the key and the value', () => {
    expect(() => openAiModel({ baseUrl: 'localhost:11434', model: 'llama3.2' })).toThrow(
      expect.objectContaining({ id: 'MODEL_CONFIG_INVALID', message: expect.stringContaining('"baseUrl"') }),
    );
    expect(() => openAiModel({ baseUrl: 'http://localhost:11434/v1', model: ' ' })).toThrow(
      expect.objectContaining({ id: 'MODEL_CONFIG_INVALID', message: expect.stringContaining('"model"') }),
    );
  });
});

describe('openAiModel broken answers', () => {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

  it('names the tool when its arguments are not JSON', async () => {
    const call = {
      index: 0,
      id: 'call_9',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city": Par' },
    };
    stub.enqueue({ sse: `${chunk({ tool_calls: [call] }, 'tool_calls')}data: [DONE]\n\n` });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_TOOL_INPUT_INVALID');
    expect(error.message).toContain('tool "get_weather"');
    expect(error.message).toContain('{"city": Par');
    expect(error.details).toMatchObject({ tool: 'get_weather', toolUseId: 'call_9' });
  });

  it('reports a stream cut before the answer finished as retryable', async () => {
    stub.enqueue({ sse: chunk({ role: 'assistant', content: 'Hel' }) });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_STREAM_INTERRUPTED');
    expect(error.retryable).toBe(true);
  });

  it('quotes an error the server sends inside the stream', async () => {
    const failed = { error: { message: 'CUDA out of memory', type: 'InternalServerError', code: 500 } };
    stub.enqueue({ sse: `${chunk({ content: 'Hi' })}data: ${JSON.stringify(failed)}\n\n` });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_STREAM_ERROR');
    expect(error.message).toContain('"CUDA out of memory"');
  });

  it('says so when a 200 answer is not a chat completion', async () => {
    stub.enqueue({ json: { models: [] } });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2', streaming: false });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_RESPONSE_INVALID');
  });
});

describe('openAiModel cancellation and timeout', () => {
  it('stops a running stream on abort, rejects with the reason and closes the connection', async () => {
    const first = fixture('ollama-stream-text.sse').split('\n\n')[0]!;
    stub.enqueue({ writes: [`${first}\n\n`], hold: true });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const seen: string[] = [];

    const error = await failure(
      (async () => {
        for await (const event of model.stream(request, controller.signal)) {
          seen.push(event.type);
          controller.abort(reason);
        }
      })(),
    );

    expect(error).toBe(reason);
    expect(seen).toEqual(['text-delta']);
    await waitFor(() => stub.clientClosed === 1, 'the stub to see the connection closed');
  });

  it('aborts a call still waiting for the server', async () => {
    stub.enqueue({ silent: true });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });
    const controller = new AbortController();
    const reason = new Error('user cancelled');

    const pending = failure(collect(model.stream(request, controller.signal)));
    await waitFor(() => stub.requests.length === 1, 'the request to reach the stub');
    controller.abort(reason);

    expect(await pending).toBe(reason);
    await waitFor(() => stub.clientClosed === 1, 'the stub to see the connection closed');
  });

  it('sends nothing when the signal is already aborted', async () => {
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2' });
    const reason = new Error('too late');

    expect(await failure(collect(model.stream(request, AbortSignal.abort(reason))))).toBe(reason);
    expect(stub.requests).toHaveLength(0);
  });

  it('times out, retryably, when the server sends no first byte within timeoutMs', async () => {
    stub.enqueue({ silent: true });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2', timeoutMs: 150 });

    const error = await modelFailure(collect(model.stream(request)));

    expect(error.id).toBe('MODEL_TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('150 ms');
    await waitFor(() => stub.clientClosed === 1, 'the stub to see the connection closed');
  });

  it('does not time out a slow stream once its first byte arrived', async () => {
    const frames = fixture('ollama-stream-text.sse')
      .split('\n\n')
      .filter((frame) => frame.length > 0);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    stub.enqueue({
      writes: frames.map((frame) => `${frame}\n\n`),
      beforeWrite: async (index) => {
        if (index === 1) await gate;
      },
    });
    const model = openAiModel({ baseUrl: stub.baseUrl, model: 'llama3.2', timeoutMs: 250 });
    const events: string[] = [];

    for await (const event of model.stream(request)) {
      events.push(event.type);
      // Hold the rest of the answer back past the timeout, then let it through.
      if (events.length === 1) setTimeout(release, 600);
    }

    expect(events).toEqual(['text-delta', 'text-delta', 'text-delta', 'text-delta', 'stop', 'usage']);
  });
});

import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../../src/ports/model.js';
import { bedrockModel, DEFAULT_BEDROCK_MODEL_ID } from '../../../src/providers/bedrock/index.js';
import {
  type BedrockStub,
  fixture,
  type StreamFrame,
  type StubReply,
  startBedrockStub,
  waitFor,
} from './bedrock-stub.js';
import { ask, collect, fakeCredentials, stubModel } from './helpers.js';

const weatherTool: ToolSpec = {
  name: 'get_weather',
  description: 'Forecast for a city.',
  inputSchema: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      units: { type: 'string', enum: ['metric', 'imperial'] },
      days: { type: 'integer', minimum: 1 },
    },
    required: ['city'],
    additionalProperties: false,
  },
};

const calculatorTool: ToolSpec = {
  name: 'calculator',
  description: 'Evaluates an arithmetic expression.',
  inputSchema: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
};

/** The stream-text fixture with another stop reason in its messageStop frame. */
function streamStoppingWith(stopReason: string): StubReply {
  const reply = fixture('stream-text');
  const events = reply.events!.map(
    (frame): StreamFrame =>
      'event' in frame && frame.event === 'messageStop'
        ? { event: 'messageStop', payload: { stopReason } }
        : frame,
  );
  return { events };
}

let stub: BedrockStub;
beforeEach(async () => {
  stub = await startBedrockStub();
});
afterEach(async () => {
  await stub.close();
});

describe('bedrockModel over ConverseStream', () => {
  it('streams text deltas, then stop, then usage, from a signed request with the exact body', async () => {
    stub.reply(fixture('stream-text'));
    const model = stubModel(stub, { maxTokens: 4096, temperature: 0.2 });
    const events = await collect(
      model.stream(ask('Say hello.', { system: 'You are terse.', maxTokens: 256 })),
    );

    expect(events).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' from' },
      { type: 'text-delta', text: ' Bedrock.' },
      { type: 'stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 7, totalTokens: 25 } },
    ]);
    expect(model.system).toBe('aws.bedrock');
    expect(model.modelId).toBe(DEFAULT_BEDROCK_MODEL_ID);
    const [request] = stub.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream');
    // The request's maxTokens wins over the provider default; the default temperature stays.
    expect(request!.body).toEqual(fixture('stream-text.request'));
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request/,
    );
    // SDK retries are off: the agent loop owns retrying.
    expect(request!.headers['amz-sdk-request']).toBe('attempt=1; max=1');
  });

  it('joins a tool input streamed in several deltas into one tool-use with parsed JSON', async () => {
    stub.reply(fixture('stream-tool-use'));
    const events = await collect(
      stubModel(stub).stream(ask('Weather in Seattle for the next 3 days?', { tools: [weatherTool] })),
    );

    expect(events).toEqual([
      { type: 'text-delta', text: "I'll look up" },
      { type: 'text-delta', text: ' the weather.' },
      {
        type: 'tool-use',
        toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
        name: 'get_weather',
        input: { city: 'Seattle', units: 'metric', days: 3 },
      },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 431, outputTokens: 88, totalTokens: 519 } },
    ]);
    expect(stub.requests[0]!.body).toEqual(fixture('stream-tool-use.request'));
  });

  it.each([
    ['end_turn', 'end_turn'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['guardrail_intervened', 'guardrail_intervened'],
    ['content_filtered', 'content_filtered'],
    ['model_context_window_exceeded', 'max_tokens'],
    ['malformed_model_output', 'end_turn'],
  ])('maps stop reason %s to %s', async (wire, expected) => {
    stub.reply(streamStoppingWith(wire));
    const events = await collect(stubModel(stub).stream(ask('Say hello.')));
    expect(events.filter((event) => event.type === 'stop')).toEqual([{ type: 'stop', stopReason: expected }]);
    expect(events.at(-1)!.type).toBe('usage');
  });

  it('cancels a slow stream when the signal aborts, closing the HTTP/2 stream', async () => {
    const frames = fixture('stream-text').events!.slice(0, 2);
    stub.reply({ events: frames, hold: true });
    const controller = new AbortController();
    const reason = new Error('caller went away');
    const seen: string[] = [];
    const started = Date.now();

    const outcome = (async () => {
      for await (const event of stubModel(stub).stream(ask('Say hello.'), controller.signal)) {
        if (event.type === 'text-delta') {
          seen.push(event.text);
          expect(stub.closedStreams()).toBe(0);
          controller.abort(reason);
        }
      }
    })();

    await expect(outcome).rejects.toBe(reason);
    expect(seen).toEqual(['Hello']);
    await waitFor(() => stub.closedStreams() === 1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not call Bedrock when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(collect(stubModel(stub).stream(ask('Hi'), controller.signal))).rejects.toThrow('too late');
    expect(stub.requests).toHaveLength(0);
  });
});

describe('bedrockModel over Converse (streaming: false)', () => {
  it('maps a tool-use answer onto the same events, from the exact request body', async () => {
    stub.reply(fixture('converse-tool-use'));
    const model = stubModel(stub, { streaming: false, maxTokens: 1024 });
    const events = await collect(
      model.stream(
        ask('What is 25 * 4 + 10?', {
          system: 'Use the calculator for arithmetic.',
          tools: [calculatorTool],
        }),
      ),
    );

    expect(events).toEqual([
      { type: 'text-delta', text: 'Let me calculate that.' },
      {
        type: 'tool-use',
        toolUseId: 'tooluse_3TqAvLNaQ1SxmrKbOzD2dg',
        name: 'calculator',
        input: { expression: '25 * 4 + 10' },
      },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 396, outputTokens: 67, totalTokens: 463 } },
    ]);
    const [request] = stub.requests;
    expect(request!.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    expect(request!.body).toEqual(fixture('converse-tool-use.request'));
  });

  it('reports a max_tokens stop and the usage of a text answer', async () => {
    const reply = fixture<{ body: Record<string, unknown> }>('converse-tool-use');
    stub.reply({
      body: {
        ...reply.body,
        output: { message: { role: 'assistant', content: [{ text: 'The list goes on: one, two' }] } },
        stopReason: 'max_tokens',
        usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 },
      },
    });
    const events = await collect(stubModel(stub, { streaming: false }).stream(ask('Count.')));
    expect(events).toEqual([
      { type: 'text-delta', text: 'The list goes on: one, two' },
      { type: 'stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 } },
    ]);
  });
});

describe('bedrockModel clients', () => {
  it('uses the model id given, URL-encoded in the path', async () => {
    stub.reply(fixture('stream-text'));
    await collect(
      stubModel(stub, { modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' }).stream(ask('Hi')),
    );
    expect(stub.requests[0]!.path).toBe(
      '/model/eu.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream',
    );
  });

  it('creates its client once and reuses it for later calls', async () => {
    stub.reply(fixture('stream-text'), fixture('stream-text'), fixture('stream-text'));
    // A client memoizes credentials that carry no expiry, so lookups count the clients created.
    let lookups = 0;
    const credentials = async () => {
      lookups++;
      return fakeCredentials;
    };
    const model = stubModel(stub, { credentials });
    await collect(model.stream(ask('one')));
    await collect(model.stream(ask('two')));
    expect(lookups).toBe(1);
    await collect(stubModel(stub, { credentials }).stream(ask('three')));
    expect(lookups).toBe(2);
  });

  it('sends through an injected client', async () => {
    stub.reply(fixture('stream-text'));
    const client = new BedrockRuntimeClient({
      region: 'eu-central-1',
      endpoint: stub.endpoint,
      credentials: fakeCredentials,
      maxAttempts: 1,
    });
    const events = await collect(bedrockModel({ client }).stream(ask('Say hello.')));
    expect(events.filter((event) => event.type === 'text-delta')).toHaveLength(3);
    expect(stub.requests[0]!.headers.authorization).toContain('/eu-central-1/bedrock/aws4_request');
    client.destroy();
  });

  it('takes its region from AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    try {
      const regions: string[] = [];
      for (const env of [
        { AWS_REGION: 'ap-southeast-2', AWS_DEFAULT_REGION: 'eu-west-1' },
        { AWS_DEFAULT_REGION: 'eu-west-1' },
        {},
      ]) {
        delete process.env.AWS_REGION;
        delete process.env.AWS_DEFAULT_REGION;
        Object.assign(process.env, env);
        stub.reply(fixture('stream-text'));
        await collect(
          bedrockModel({ endpoint: stub.endpoint, credentials: fakeCredentials }).stream(ask('Hi')),
        );
        regions.push(
          /Credential=AKIDEXAMPLE\/\d{8}\/([a-z0-9-]+)\//.exec(
            String(stub.requests.at(-1)!.headers.authorization),
          )![1]!,
        );
      }
      expect(regions).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

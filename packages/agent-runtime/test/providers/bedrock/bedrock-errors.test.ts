import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/errors.js';
import { toModelError } from '../../../src/providers/bedrock/bedrock-errors.js';
import { bedrockModel } from '../../../src/providers/bedrock/index.js';
import { type BedrockStub, fixture, type StreamFrame, startBedrockStub } from './bedrock-stub.js';
import { ask, failure, fakeCredentials, stubModel } from './helpers.js';

let stub: BedrockStub;
beforeEach(async () => {
  stub = await startBedrockStub();
});
afterEach(async () => {
  await stub.close();
});

/** Runs one call against the queued reply and returns the ModelError it ended with. */
async function modelErrorOf(streaming = true): Promise<ModelError> {
  const error = await failure(stubModel(stub, { streaming }).stream(ask('Hi')));
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('Bedrock errors before the stream', () => {
  it.each([true, false])(
    '429 ThrottlingException is a retryable MODEL_THROTTLED (streaming: %s)',
    async (streaming) => {
      stub.reply(fixture('error-throttling'));
      const error = await modelErrorOf(streaming);
      expect(error).toMatchObject({ id: 'MODEL_THROTTLED', retryable: true, category: 'third_party' });
      expect(error.details).toMatchObject({
        httpStatusCode: 429,
        awsError: 'ThrottlingException',
        requestId: 'stub-1',
      });
      expect(error.message).toContain('Too many requests, please wait before trying again.');
    },
  );

  it('503 ServiceUnavailableException is a retryable MODEL_UNAVAILABLE', async () => {
    stub.reply(fixture('error-service-unavailable'));
    expect(await modelErrorOf()).toMatchObject({ id: 'MODEL_UNAVAILABLE', retryable: true });
  });

  it('AccessDeniedException says to request model access in the region and check IAM', async () => {
    stub.reply(fixture('error-access-denied'));
    const error = await modelErrorOf();
    expect(error).toMatchObject({ id: 'MODEL_ACCESS_DENIED', retryable: false, category: 'config' });
    expect(error.message).toContain('Request access to the model in the Amazon Bedrock console');
    expect(error.message).toContain('region us-west-2');
    expect(error.message).toContain('bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream');
  });

  it('the on-demand throughput ValidationException says to use an inference profile id', async () => {
    stub.reply(fixture('error-inference-profile'));
    const error = await failure(
      stubModel(stub, { modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0' }).stream(ask('Hi')),
    );
    expect(error).toMatchObject({
      id: 'MODEL_INFERENCE_PROFILE_REQUIRED',
      retryable: false,
      category: 'config',
    });
    expect((error as Error).message).toMatch(
      /^The model id 'anthropic\.claude-sonnet-4-5-20250929-v1:0' cannot be invoked directly .* use an inference profile id instead, e\.g\. 'us\.anthropic\.claude-sonnet-4-5-20250929-v1:0'/,
    );
  });

  it('ResourceNotFoundException says the model id is unknown in the region', async () => {
    stub.reply(fixture('error-model-not-found'));
    const error = await modelErrorOf();
    expect(error).toMatchObject({ id: 'MODEL_NOT_FOUND', retryable: false });
    expect(error.message).toContain('is not known in us-west-2');
  });

  it('missing credentials say how to configure them or go offline, and nothing is sent', async () => {
    const credentials = async () => {
      // The shape of the SDK default chain's failure (@smithy/property-provider CredentialsProviderError).
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    };
    const error = await failure(stubModel(stub, { credentials }).stream(ask('Hi')));
    expect(error).toMatchObject({ id: 'MODEL_CREDENTIALS_MISSING', retryable: false, category: 'config' });
    expect((error as Error).message).toContain('AWS_PROFILE');
    expect((error as Error).message).toContain('`aws configure`');
    expect((error as Error).message).toContain('AGENT_MODEL=offline');
    expect(stub.requests).toHaveLength(0);
  });

  it('a refused connection says to check the region and endpoint', async () => {
    // A port that was just free: nothing listens there.
    const server = http2.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const endpoint = `http://127.0.0.1:${port}`;

    const error = await failure(bedrockModel({ endpoint, credentials: fakeCredentials }).stream(ask('Hi')));
    expect(error).toMatchObject({ id: 'MODEL_ENDPOINT_UNREACHABLE', retryable: false });
    expect((error as Error).message).toContain(
      `Could not connect to Bedrock Runtime at ${endpoint} (ECONNREFUSED)`,
    );
    expect((error as Error).message).toContain('AWS_REGION');
  });

  it('an unknown host names the default regional endpoint', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND bedrock-runtime.mars-east-1.amazonaws.com'), {
      code: 'ENOTFOUND',
    });
    const error = toModelError(dns, { modelId: 'm', region: 'mars-east-1' });
    expect(error).toMatchObject({ id: 'MODEL_ENDPOINT_UNREACHABLE', retryable: false });
    expect(error.message).toContain('https://bedrock-runtime.mars-east-1.amazonaws.com (ENOTFOUND)');
  });
});

describe('Bedrock errors inside the stream', () => {
  it('a throttlingException frame after text fails the stream with a retryable MODEL_THROTTLED', async () => {
    stub.reply(fixture('stream-exception-midway'));
    const events: string[] = [];
    let caught: unknown;
    try {
      for await (const event of stubModel(stub).stream(ask('Hi'))) events.push(event.type);
    } catch (error) {
      caught = error;
    }
    expect(events).toEqual(['text-delta']);
    expect(caught).toMatchObject({ id: 'MODEL_THROTTLED', retryable: true });
    expect((caught as Error).message).toContain('Too many tokens, please wait before trying again.');
  });

  it('an internalServerException frame is a retryable MODEL_UNAVAILABLE', async () => {
    stub.reply(fixture('stream-exception-first'));
    expect(await modelErrorOf()).toMatchObject({ id: 'MODEL_UNAVAILABLE', retryable: true });
  });

  it('tool input that is not JSON is a MODEL_TOOL_INPUT_INVALID', async () => {
    const events = fixture('stream-tool-use').events!.map(
      (frame): StreamFrame =>
        'event' in frame && JSON.stringify(frame.payload).includes('days')
          ? {
              event: 'contentBlockDelta',
              payload: { contentBlockIndex: 1, delta: { toolUse: { input: 's": metric' } } },
            }
          : frame,
    );
    stub.reply({ events });
    const error = await failure(stubModel(stub).stream(ask('Weather?')));
    expect(error).toMatchObject({ id: 'MODEL_TOOL_INPUT_INVALID', details: { name: 'get_weather' } });
  });

  it('a stream that ends without messageStop is a retryable MODEL_STREAM_INCOMPLETE', async () => {
    stub.reply({ events: fixture('stream-text').events!.slice(0, 3) });
    const events: string[] = [];
    await expect(
      (async () => {
        for await (const event of stubModel(stub).stream(ask('Hi'))) events.push(event.type);
      })(),
    ).rejects.toMatchObject({ id: 'MODEL_STREAM_INCOMPLETE', retryable: true });
    expect(events).toEqual(['text-delta', 'text-delta']);
  });
});

import type { BedrockRuntimeClient, BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { ModelError } from '../../errors.js';
import type { ModelProvider, ModelRequest, ModelStreamEvent } from '../../ports/model.js';
import { type BedrockCallSite, EXAMPLE_INFERENCE_PROFILE, toModelError } from './bedrock-errors.js';
import { mapConverseOutput, mapConverseStream } from './converse-events.js';
import { buildConverseInput } from './converse-request.js';

/** The default model: the US cross-region inference profile of Claude Sonnet 4.5. */
export const DEFAULT_BEDROCK_MODEL_ID = EXAMPLE_INFERENCE_PROFILE;

/** Options of {@link bedrockModel}. */
export interface BedrockModelOptions {
  /** Model or inference profile id. Default `us.anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  modelId?: string;
  /** AWS region. Default `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`. */
  region?: string;
  /** Endpoint override, e.g. a VPC endpoint or a local stub (`http://127.0.0.1:4010`). */
  endpoint?: string;
  /** Credentials or a credentials provider. Default: the SDK's default chain (env, profile, SSO, IMDS...). */
  credentials?: BedrockRuntimeClientConfig['credentials'];
  /** ConverseStream when true (default); Converse when false, mapped onto the same events. */
  streaming?: boolean;
  /** Default maximum output tokens; a request's own `maxTokens` wins. */
  maxTokens?: number;
  /** Default sampling temperature; a request's own `temperature` wins. */
  temperature?: number;
  /**
   * A ready client. Its own settings (region, retries, handler) are used as they are; give it
   * `maxAttempts: 1` so that retries are left to the agent loop.
   */
  client?: BedrockRuntimeClient;
  /** HTTP handler of the client created here. Default: the SDK's HTTP/2 handler. */
  requestHandler?: BedrockRuntimeClientConfig['requestHandler'];
}

function defaultRegion(): string {
  return process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
}

/**
 * A model provider backed by Amazon Bedrock's Converse API (`ConverseStream` by default).
 * The AWS SDK is loaded on the first call, not at import, so a server that runs the offline model
 * never pays for it. SDK retries are off: throttling and server errors become `retryable`
 * {@link ModelError}s, and the agent loop retries those with jittered backoff.
 * @example
 * const agent = new Agent({ model: bedrockModel({ region: 'us-west-2' }), tools: [calculator] });
 * @example
 * // A plain (non-streaming) Converse call to another inference profile:
 * const model = bedrockModel({ modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', streaming: false });
 */
export function bedrockModel(options: BedrockModelOptions = {}): ModelProvider {
  const modelId = options.modelId ?? DEFAULT_BEDROCK_MODEL_ID;
  const region = options.region ?? defaultRegion();
  const streaming = options.streaming ?? true;
  const site: BedrockCallSite = { modelId, region, ...(options.endpoint && { endpoint: options.endpoint }) };
  let sdk: Promise<typeof import('@aws-sdk/client-bedrock-runtime')> | undefined;
  let client: Promise<BedrockRuntimeClient> | undefined;

  const loadSdk = () => {
    // Loaded once and kept: a failed import is not retried, because it would fail the same way.
    sdk ??= import('@aws-sdk/client-bedrock-runtime').catch((cause: unknown) => {
      throw new ModelError(
        { id: 'MODEL_SDK_MISSING', category: 'config', details: { modelId, region } },
        'The Bedrock provider needs @aws-sdk/client-bedrock-runtime, which could not be loaded: install it ' +
          '(pnpm add @aws-sdk/client-bedrock-runtime) or run without AWS with AGENT_MODEL=offline.',
        cause,
      );
    });
    return sdk;
  };
  const getClient = () => {
    client ??= options.client
      ? Promise.resolve(options.client)
      : loadSdk().then(
          ({ BedrockRuntimeClient }) =>
            new BedrockRuntimeClient({
              region,
              // The agent loop retries with jittered backoff; SDK retries on top would multiply the waits.
              maxAttempts: 1,
              ...(options.endpoint && { endpoint: options.endpoint }),
              ...(options.credentials && { credentials: options.credentials }),
              ...(options.requestHandler && { requestHandler: options.requestHandler }),
            }),
        );
    return client;
  };

  async function* stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelStreamEvent> {
    signal?.throwIfAborted();
    const input = buildConverseInput(modelId, request, {
      ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
      ...(options.temperature !== undefined && { temperature: options.temperature }),
    });
    try {
      const [{ ConverseCommand, ConverseStreamCommand }, bedrock] = await Promise.all([
        loadSdk(),
        getClient(),
      ]);
      const sendOptions = signal ? { abortSignal: signal } : {};
      if (!streaming) {
        const output = await bedrock.send(new ConverseCommand(input), sendOptions);
        yield* mapConverseOutput(output);
        return;
      }
      const response = await bedrock.send(new ConverseStreamCommand(input), sendOptions);
      if (!response.stream) {
        throw toModelError(new Error('ConverseStream answered without an event stream'), site);
      }
      for await (const event of mapConverseStream(response.stream)) {
        // Aborting closes the HTTP/2 stream; stop at once rather than handing on what was buffered.
        signal?.throwIfAborted();
        yield event;
      }
    } catch (error) {
      // A cancelled call ends with the caller's reason, as the agent loop's own waits do.
      signal?.throwIfAborted();
      throw toModelError(error, site);
    }
  }

  return { system: 'aws.bedrock', modelId, stream };
}

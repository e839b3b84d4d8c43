import type { BedrockRuntimeClient, BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import type { Embedder } from '../../store/embedder.js';
import { LongTermMemoryError } from '../errors.js';

/** Options of {@link titanEmbedder}. */
export interface TitanEmbedderOptions {
  /** Default `amazon.titan-embed-text-v2:0`. */
  modelId?: string;
  /** 1024 (default), 512 or 256: Titan v2's output sizes. */
  dimensions?: 1024 | 512 | 256;
  /** AWS region. Default `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`. */
  region?: string;
  /** Endpoint override (a VPC endpoint or a local stub). */
  endpoint?: string;
  credentials?: BedrockRuntimeClientConfig['credentials'];
  /** A ready client (its own settings are used). */
  client?: BedrockRuntimeClient;
  /** `InvokeModel` calls in flight at once (Titan embeds one text per call). Default 8. */
  concurrency?: number;
}

const responseSchema = z.object({ embedding: z.array(z.number()) });
/** Titan v2 takes up to 8,192 tokens (about 50,000 characters); longer input is cut, not rejected. */
const MAX_INPUT_CHARS = 50_000;

/**
 * Amazon Titan Text Embeddings v2 through Bedrock `InvokeModel`. The AWS SDK is loaded on first use,
 * so an agent that never embeds never loads it. Vectors are normalised (unit length), so cosine
 * similarity is their dot product.
 * @example const store = new SqliteMemoryStore({ embedder: titanEmbedder({ region: 'us-east-1' }) });
 */
export function titanEmbedder(options: TitanEmbedderOptions = {}): Embedder {
  const modelId = options.modelId ?? 'amazon.titan-embed-text-v2:0';
  const dimensions = options.dimensions ?? 1024;
  if (![1024, 512, 256].includes(dimensions)) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_EMBEDDER_CONFIG_INVALID', category: 'config', details: { dimensions } },
      `Titan v2 dimensions must be 1024, 512 or 256 (got ${dimensions}).`,
    );
  }
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  let client:
    | Promise<{ client: BedrockRuntimeClient; sdk: typeof import('@aws-sdk/client-bedrock-runtime') }>
    | undefined;
  const load = () => {
    client ??= import('@aws-sdk/client-bedrock-runtime').then(
      (sdk) => ({
        sdk,
        client:
          options.client ??
          new sdk.BedrockRuntimeClient({
            region,
            ...(options.endpoint ? { endpoint: options.endpoint } : {}),
            ...(options.credentials ? { credentials: options.credentials } : {}),
          }),
      }),
      (cause: unknown) => {
        throw new LongTermMemoryError(
          { id: 'MEMORY_EMBEDDER_SDK_MISSING', category: 'config' },
          'Titan embeddings need @aws-sdk/client-bedrock-runtime: install it next to @agentcore-ts/memory.',
          cause,
        );
      },
    );
    return client;
  };

  const embedOne = async (text: string): Promise<Float32Array> => {
    const { client: bedrock, sdk } = await load();
    let body: unknown;
    try {
      const output = await bedrock.send(
        new sdk.InvokeModelCommand({
          modelId,
          contentType: 'application/json',
          accept: 'application/json',
          body: JSON.stringify({
            inputText: text.slice(0, MAX_INPUT_CHARS) || ' ',
            dimensions,
            normalize: true,
          }),
        }),
      );
      body = JSON.parse(new TextDecoder().decode(output.body));
    } catch (cause) {
      const name = (cause as { name?: string }).name ?? 'Error';
      throw new LongTermMemoryError(
        {
          id: 'MEMORY_EMBEDDER_FAILED',
          category: 'third_party',
          retryable: /Throttl|ServiceUnavailable|InternalServer|ModelNotReady|Timeout/.test(name),
          details: { modelId, region, error: name },
        },
        `Titan embedding with ${modelId} in ${region} failed (${name}: ${(cause as Error).message}). ` +
          'Check model access for this region in the Bedrock console and your AWS credentials.',
        cause,
      );
    }
    const parsed = responseSchema.safeParse(body);
    if (!parsed.success || parsed.data.embedding.length !== dimensions) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EMBEDDER_INVALID_OUTPUT', category: 'third_party', details: { modelId } },
        `Titan ${modelId} returned no ${dimensions}-dimension "embedding".`,
      );
    }
    return Float32Array.from(parsed.data.embedding);
  };

  return {
    dimensions,
    async embed(texts: string[]): Promise<Float32Array[]> {
      return mapLimited(texts, options.concurrency ?? 8, embedOne);
    },
  };
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

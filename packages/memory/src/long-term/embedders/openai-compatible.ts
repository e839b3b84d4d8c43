import { z } from 'zod';
import type { Embedder } from '../../store/embedder.js';
import { LongTermMemoryError } from '../errors.js';

/** Options of {@link openAiCompatibleEmbedder}. */
export interface OpenAiCompatibleEmbedderOptions {
  /** Base URL up to `/v1`, e.g. `http://127.0.0.1:11434/v1` (Ollama) or `https://api.openai.com/v1`. */
  baseUrl: string;
  /** e.g. `nomic-embed-text`, `text-embedding-3-small`. */
  model: string;
  /** Length of the model's vectors (fixed for a store file), e.g. 768 for nomic-embed-text. */
  dimensions: number;
  apiKey?: string;
  /** Ask the server to shorten vectors to `dimensions` (OpenAI's text-embedding-3 models can). Default false. */
  sendDimensions?: boolean;
  /** Prefixes for asymmetric models, e.g. nomic's `search_query: ` and `search_document: `. */
  queryPrefix?: string;
  documentPrefix?: string;
  /** Texts per request. Default 64. */
  batchSize?: number;
  /** Milliseconds per request. Default 30,000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const responseSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().optional() })),
});

/**
 * Any OpenAI-compatible `POST /embeddings` (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio) through fetch.
 * @example const embedder = openAiCompatibleEmbedder({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'nomic-embed-text', dimensions: 768 });
 */
export function openAiCompatibleEmbedder(options: OpenAiCompatibleEmbedderOptions): Embedder {
  if (!Number.isInteger(options.dimensions) || options.dimensions < 1) {
    throw new LongTermMemoryError(
      {
        id: 'MEMORY_EMBEDDER_CONFIG_INVALID',
        category: 'config',
        details: { dimensions: options.dimensions },
      },
      `Embedder dimensions must be a positive integer, the length of ${options.model}'s vectors (got ${options.dimensions}).`,
    );
  }
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const doFetch = options.fetch ?? fetch;
  const batchSize = options.batchSize ?? 64;

  const request = async (input: string[]): Promise<Float32Array[]> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const body = {
      model: options.model,
      input,
      encoding_format: 'float',
      ...(options.sendDimensions ? { dimensions: options.dimensions } : {}),
    };
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (cause) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EMBEDDER_UNREACHABLE', category: 'third_party', retryable: true, details: { url } },
        `Nothing answered at ${url} (${(cause as Error).message}). Is the embedding server running?`,
        cause,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new LongTermMemoryError(
        {
          id: 'MEMORY_EMBEDDER_FAILED',
          category: response.status === 401 || response.status === 403 ? 'config' : 'third_party',
          retryable: response.status === 429 || response.status >= 500,
          details: { url, status: response.status },
        },
        `${url} answered ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    let parsed: z.infer<typeof responseSchema>;
    try {
      parsed = responseSchema.parse(JSON.parse(text));
    } catch (cause) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EMBEDDER_INVALID_OUTPUT', category: 'third_party', details: { url } },
        `${url} did not answer with {"data":[{"embedding":[...]}]}.`,
        cause,
      );
    }
    const ordered = [...parsed.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (
      ordered.length !== input.length ||
      ordered.some((item) => item.embedding.length !== options.dimensions)
    ) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EMBEDDER_INVALID_OUTPUT', category: 'config', details: { url, model: options.model } },
        `${options.model} returned ${ordered.length} vectors of length ${ordered[0]?.embedding.length} for ` +
          `${input.length} texts; configured dimensions are ${options.dimensions}.`,
      );
    }
    return ordered.map((item) => Float32Array.from(item.embedding));
  };

  return {
    dimensions: options.dimensions,
    async embed(texts: string[], purpose: 'document' | 'query'): Promise<Float32Array[]> {
      const prefix = (purpose === 'query' ? options.queryPrefix : options.documentPrefix) ?? '';
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await request(texts.slice(start, start + batchSize).map((text) => prefix + text))));
      }
      return vectors;
    },
  };
}

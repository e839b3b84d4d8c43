import { z } from 'zod';
import { ModelError } from '../../errors.js';
import type { ModelProvider, ModelRequest, ModelStreamEvent } from '../../ports/model.js';
import { type ChatMessage, type ChatTool, toChatMessages, toChatTools } from './convert.js';
import { completionEvents, stopReason, ToolCalls, tokenUsage } from './decode.js';
import {
  type CallTarget,
  httpError,
  invalidResponse,
  networkError,
  streamedError,
  timeoutError,
} from './errors.js';
import { serverSentEvents } from './sse.js';
import { type ChatChunk, chunkSchema, completionSchema, type WireUsage } from './wire.js';

/** Options of {@link openAiModel}. */
export interface OpenAiModelOptions {
  /** The server's OpenAI base URL, with `/v1`: `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM). */
  baseUrl: string;
  /** The model name the server knows: `llama3.2`, `Qwen/Qwen2.5-7B-Instruct`. */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>`; local servers usually need none. */
  apiKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Stream the answer (server-sent events). Default true. */
  streaming?: boolean;
  /** Output tokens per call, unless the request sets its own. */
  maxTokens?: number;
  /** Sampling temperature, unless the request sets its own. */
  temperature?: number;
  /** Milliseconds to wait for the server to connect and send its first byte. Default: no limit. */
  timeoutMs?: number;
  /** The fetch to use (tests, proxies). Default: Node's global fetch. */
  fetch?: typeof fetch;
}

const optionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  model: z.string().trim().min(1),
  apiKey: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  streaming: z.boolean().optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  timeoutMs: z.number().positive().optional(),
});

/** The body of `POST /chat/completions`. */
interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  stream_options?: { include_usage: boolean };
  tools?: ChatTool[];
  max_tokens?: number;
  temperature?: number;
}

/**
 * A model provider for any OpenAI-compatible chat-completions server: Ollama, vLLM,
 * llama.cpp server, LM Studio. Streams text, tool calls and usage; no SDK, just `fetch`.
 * @example
 * const model = openAiModel({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' });
 * const agent = new Agent({ model, tools: [calculator] });
 */
export function openAiModel(options: OpenAiModelOptions): ModelProvider {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.') || 'options';
    const value = (options as unknown as Record<string, unknown>)[String(issue.path[0])];
    throw new ModelError(
      { id: 'MODEL_CONFIG_INVALID', category: 'config', details: { provider: 'openai', key } },
      `openAiModel: option "${key}" is invalid (got ${JSON.stringify(value)}): ${issue.message}. ` +
        'baseUrl must be an http(s) URL such as http://localhost:11434/v1 and model a non-empty name.',
    );
  }
  const target: CallTarget = {
    model: options.model,
    url: `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`,
  };
  return {
    system: 'openai',
    modelId: options.model,
    stream: (request, signal) => callModel(options, target, request, signal),
  };
}

function requestBody(
  options: OpenAiModelOptions,
  request: ModelRequest,
  streaming: boolean,
): ChatRequestBody {
  const body: ChatRequestBody = {
    model: options.model,
    messages: toChatMessages(request.system, request.messages),
    stream: streaming,
  };
  // Without it servers send no usage in a stream; Ollama and vLLM both honour it.
  if (streaming) body.stream_options = { include_usage: true };
  // An empty `tools` array is an error on some servers: leave the key out.
  if (request.tools.length > 0) body.tools = toChatTools(request.tools);
  const maxTokens = request.maxTokens ?? options.maxTokens;
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  const temperature = request.temperature ?? options.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  return body;
}

async function* callModel(
  options: OpenAiModelOptions,
  target: CallTarget,
  request: ModelRequest,
  signal: AbortSignal | undefined,
): AsyncGenerator<ModelStreamEvent> {
  signal?.throwIfAborted();
  const streaming = options.streaming ?? true;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  if (options.timeoutMs !== undefined) {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  }
  const firstByte = () => clearTimeout(timer);
  // Whatever fails after an abort or the timeout is reported as that, not as what it broke.
  const interrupted = (error: unknown): unknown => {
    if (signal?.aborted) return signal.reason;
    if (timedOut) return timeoutError(target, options.timeoutMs!);
    return error;
  };

  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: streaming ? 'text/event-stream' : 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify(requestBody(options, request, streaming)),
      signal: controller.signal,
    });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    firstByte();
    throw interrupted(networkError(error, target, 'connect'));
  }

  try {
    if (!response.ok) {
      firstByte();
      const text = await response.text().catch(() => '');
      throw httpError(response.status, text, target, response.headers.get('retry-after'));
    }
    if (!streaming) {
      firstByte();
      yield* completionEvents(await readCompletion(response, target), target);
      return;
    }
    if (!response.body) throw invalidResponse(target, 'the streamed answer has no body');
    yield* streamEvents(bodyChunks(response.body, firstByte), target);
  } catch (error) {
    throw interrupted(error instanceof ModelError ? error : networkError(error, target, 'stream'));
  } finally {
    firstByte();
    signal?.removeEventListener('abort', onAbort);
  }
}

async function readCompletion(response: Response, target: CallTarget) {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, target, 'stream');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidResponse(target, `the body is not JSON (${text.slice(0, 120)})`, error);
  }
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success)
    throw invalidResponse(target, `no chat completion in ${text.slice(0, 200)}`, parsed.error);
  return parsed.data;
}

/** The body's chunks; the reader is cancelled when the consumer stops early, freeing the socket. */
async function* bodyChunks(
  body: ReadableStream<Uint8Array>,
  onFirst: () => void,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const result = await reader.read();
      onFirst();
      if (result.done) {
        done = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

function parseChunk(data: string, target: CallTarget): ChatChunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    throw invalidResponse(target, `a stream event is not JSON (${data.slice(0, 120)})`, error);
  }
  const parsed = chunkSchema.safeParse(json);
  if (!parsed.success)
    throw invalidResponse(target, `unexpected stream chunk ${data.slice(0, 200)}`, parsed.error);
  return parsed.data;
}

async function* streamEvents(
  chunks: AsyncIterable<Uint8Array>,
  target: CallTarget,
): AsyncGenerator<ModelStreamEvent> {
  const calls = new ToolCalls(target);
  let finishReason: string | undefined;
  let usage: WireUsage | undefined;
  let sawDone = false;
  for await (const data of serverSentEvents(chunks)) {
    if (data.trim() === '[DONE]') {
      sawDone = true;
      break;
    }
    const chunk = parseChunk(data, target);
    if (chunk.error !== undefined && chunk.error !== null) throw streamedError(target, chunk.error);
    for (const choice of chunk.choices ?? []) {
      // We never ask for n > 1; a server that sends other choices anyway is not followed there.
      if ((choice.index ?? 0) !== 0) continue;
      const content = choice.delta?.content;
      if (content) yield { type: 'text-delta', text: content };
      for (const delta of choice.delta?.tool_calls ?? []) calls.add(delta);
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    // The last chunk (empty `choices`) carries usage; servers that repeat it per chunk end with the total.
    if (chunk.usage) usage = chunk.usage;
  }
  if (!sawDone && finishReason === undefined) {
    throw networkError(new Error('the stream ended before the answer was complete'), target, 'stream');
  }
  yield* calls.events();
  yield { type: 'stop', stopReason: stopReason(finishReason, calls.size > 0) };
  if (usage) yield { type: 'usage', usage: tokenUsage(usage) };
}

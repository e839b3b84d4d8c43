import { ModelError } from '../../errors.js';

/** What an error of this provider names: the model asked for and the URL called. */
export interface CallTarget {
  model: string;
  url: string;
}

const details = (target: CallTarget, extra: Record<string, unknown> = {}) => ({
  provider: 'openai',
  model: target.model,
  url: target.url,
  ...extra,
});

/**
 * Finds the server's own words in an error body: `{error:{message}}` (OpenAI, Ollama, llama.cpp),
 * `{error:"..."}` (vLLM's API-key check), `{message}` (vLLM), `{detail}` (FastAPI), or the raw text.
 * @example serverMessage('{"error":{"message":"model not found"}}') // 'model not found'
 */
export function serverMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0) return undefined;
    try {
      value = JSON.parse(text);
    } catch {
      return text.length > 500 ? `${text.slice(0, 500)}...` : text;
    }
  }
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object') {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  for (const key of ['message', 'detail'] as const) {
    if (typeof record[key] === 'string') return record[key] as string;
  }
  return undefined;
}

/**
 * Turns a non-2xx answer into a {@link ModelError} with a stable id and a fix.
 * @example throw httpError(404, '{"error":{"message":"model not found"}}', { model: 'llama3.2', url }, null);
 */
export function httpError(
  status: number,
  body: string,
  target: CallTarget,
  retryAfter: string | null,
): ModelError {
  const said = serverMessage(body);
  const quoted = said ? `: "${said}"` : '';
  const info = details(target, { status, ...(said ? { serverMessage: said } : {}) });
  if (status === 429) {
    const wait = retryAfter ? ` (the server asks to wait ${retryAfter} s)` : '';
    return new ModelError(
      { id: 'MODEL_THROTTLED', category: 'third_party', retryable: true, details: { ...info, retryAfter } },
      `The model server at ${target.url} is rate limiting requests (429)${quoted}${wait}. ` +
        'The call is retried with backoff; if it persists, lower the request rate or raise the server limit.',
    );
  }
  if (status >= 500 || status === 408) {
    return new ModelError(
      { id: 'MODEL_SERVER_ERROR', category: 'third_party', retryable: true, details: info },
      `The model server at ${target.url} failed (${status})${quoted}. ` +
        'The call is retried with backoff; if it persists, check the server logs (for Ollama: `ollama serve` output).',
    );
  }
  if (status === 401 || status === 403) {
    return new ModelError(
      { id: 'MODEL_AUTH_FAILED', category: 'config', details: info },
      `The model server at ${target.url} refused the credentials (${status})${quoted}. ` +
        'Check OPENAI_API_KEY (sent as "Authorization: Bearer <key>"): it must be a key this server accepts.',
    );
  }
  if (status === 404) {
    return new ModelError(
      { id: 'MODEL_NOT_FOUND', category: 'config', details: info },
      `Model "${target.model}" or the chat-completions route was not found at ${target.url} (404)${quoted}. ` +
        `Check that the server serves model "${target.model}" (for Ollama: \`ollama pull ${target.model}\`) ` +
        'and that the base URL ends in /v1 (e.g. http://localhost:11434/v1).',
    );
  }
  return new ModelError(
    { id: 'MODEL_REQUEST_INVALID', category: 'user', details: info },
    `The model server at ${target.url} rejected the request (${status})${quoted}. ` +
      `Check that model "${target.model}" supports what was asked (tools, images, the context length).`,
  );
}

/** The codes Node's fetch (undici) puts on the cause of a failed connection. */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    const record = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    visit(record.cause, depth + 1);
    // Connecting to `localhost` tries IPv6 and IPv4: undici then reports an AggregateError.
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** The message of the error and its causes: fetch says only "fetch failed", its cause says why. */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let value = error, depth = 0; value instanceof Error && depth < 4; value = value.cause, depth++) {
    if (value.message) messages.push(value.message);
  }
  return messages.join(': ') || String(error);
}

/**
 * Turns a failed connection or a broken stream into a {@link ModelError}.
 * @example throw networkError(error, { model, url }, 'connect');
 */
export function networkError(error: unknown, target: CallTarget, phase: 'connect' | 'stream'): ModelError {
  const codes = causeCodes(error);
  if (codes.includes('ECONNREFUSED')) {
    return new ModelError(
      {
        id: 'MODEL_SERVER_UNREACHABLE',
        category: 'config',
        details: details(target, { code: 'ECONNREFUSED' }),
      },
      `No model server is listening at ${target.url} (connection refused). ` +
        'Start it (for Ollama: `ollama serve`) or point OPENAI_BASE_URL at a running OpenAI-compatible server.',
      error,
    );
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
    return new ModelError(
      { id: 'MODEL_SERVER_UNREACHABLE', category: 'config', details: details(target, { code: codes[0] }) },
      `The host of ${target.url} could not be resolved. Check OPENAI_BASE_URL (e.g. http://localhost:11434/v1).`,
      error,
    );
  }
  const reason = codes[0] ?? describe(error);
  if (phase === 'stream') {
    return new ModelError(
      {
        id: 'MODEL_STREAM_INTERRUPTED',
        category: 'third_party',
        retryable: true,
        details: details(target, { reason }),
      },
      `The connection to the model server at ${target.url} broke while it was answering (${reason}). ` +
        'The call is retried; if it persists, check the server logs.',
      error,
    );
  }
  return new ModelError(
    {
      id: 'MODEL_CONNECTION_FAILED',
      category: 'third_party',
      retryable: true,
      details: details(target, { reason }),
    },
    `Could not reach the model server at ${target.url} (${reason}). Check that it runs and OPENAI_BASE_URL is right.`,
    error,
  );
}

/**
 * The server took longer than `timeoutMs` to connect and send its first byte.
 * @example throw timeoutError({ model, url }, 30_000);
 */
export function timeoutError(target: CallTarget, timeoutMs: number): ModelError {
  return new ModelError(
    {
      id: 'MODEL_TIMEOUT',
      category: 'third_party',
      retryable: true,
      details: details(target, { timeoutMs }),
    },
    `The model server at ${target.url} sent nothing within ${timeoutMs} ms. ` +
      'A local server may still be loading the model: raise timeoutMs, or check that the server is healthy.',
  );
}

/**
 * The server answered 2xx with something that is not the chat-completions format.
 * @example throw invalidResponse({ model, url }, 'the body is not JSON', error);
 */
export function invalidResponse(target: CallTarget, what: string, cause?: unknown): ModelError {
  return new ModelError(
    { id: 'MODEL_RESPONSE_INVALID', category: 'third_party', details: details(target) },
    `The model server at ${target.url} sent an answer this provider cannot read: ${what}. ` +
      'Check that the base URL points at an OpenAI-compatible /v1 endpoint.',
    cause,
  );
}

/**
 * The server reported an error inside a stream that had already started.
 * @example throw streamedError({ model, url }, chunk.error);
 */
export function streamedError(target: CallTarget, error: unknown): ModelError {
  const said = serverMessage(typeof error === 'object' ? { error } : error) ?? 'no message';
  return new ModelError(
    { id: 'MODEL_STREAM_ERROR', category: 'third_party', details: details(target, { serverMessage: said }) },
    `The model server at ${target.url} failed while answering: "${said}". Check the server logs.`,
  );
}

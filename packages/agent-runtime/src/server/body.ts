import type { IncomingMessage } from 'node:http';
import { AgentError } from '../errors.js';

/** AgentCore's payload limit (`InvokeAgentRuntime.payload`, 100,000,000 bytes). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 100_000_000;

const HOW_TO_RAISE = '(set maxPayloadBytes / MAX_PAYLOAD_BYTES)';

/**
 * The 413 error for a body over the limit.
 * @example throw payloadTooLarge('Content-Length is 2000 bytes', 1000);
 */
export function payloadTooLarge(what: string, limit: number): AgentError {
  return new AgentError(
    { id: 'SERVER_PAYLOAD_TOO_LARGE', category: 'user', details: { limit } },
    `Payload too large: ${what}; limit is ${limit} bytes ${HOW_TO_RAISE}`,
  );
}

/**
 * Checks a declared `Content-Length` before reading anything.
 * @example const error = checkContentLength(headers['content-length'], 1000); if (error) return 413;
 */
export function checkContentLength(value: string | undefined, limit: number): AgentError | undefined {
  if (value === undefined) return undefined;
  const length = Number(value);
  if (Number.isFinite(length) && length > limit) {
    return payloadTooLarge(`Content-Length is ${length} bytes`, limit);
  }
  return undefined;
}

/**
 * Reads a whole request body, counting bytes as they arrive so that a chunked body cannot exceed the limit.
 * Reads a Node `IncomingMessage` directly (no web-stream wrapping on the hot path) or a web `ReadableStream`.
 * @example const bytes = await readBody(incoming, 100_000_000);
 */
export function readBody(
  source: IncomingMessage | ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Buffer> {
  if (source === null) return Promise.resolve(Buffer.alloc(0));
  if (source instanceof ReadableStream) return readWebStream(source, limit);
  return readIncoming(source, limit);
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Once settled, later events are ignored rather than unsubscribed (the request is done with either way).
    let settled = false;
    const fail = (error: AgentError): void => {
      if (settled) return;
      settled = true;
      incoming.off('data', onData);
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      // The adapter drains (then drops) the rest once the 413 is written.
      if (size > limit) fail(payloadTooLarge(`received more than ${limit} bytes`, limit));
      else chunks.push(chunk);
    };
    incoming.on('data', onData);
    incoming.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    incoming.on('error', (error: Error) => fail(clientGone(error)));
    incoming.on('close', () => {
      if (!settled) fail(clientGone());
    });
  });
}

async function readWebStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw payloadTooLarge(`received more than ${limit} bytes`, limit);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AgentError) throw error;
    throw clientGone(error);
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

function clientGone(cause?: unknown): AgentError {
  return new AgentError(
    { id: 'SERVER_REQUEST_ABORTED', category: 'user' },
    'The request body ended early: the client closed the connection',
    cause,
  );
}

/**
 * Parses a JSON body; a malformed one becomes a 400 error that quotes the parser's reason.
 * @example const payload = parseJsonBody(Buffer.from('{"prompt":"hi"}'));
 */
export function parseJsonBody(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') {
      throw new AgentError(
        { id: 'SERVER_INVALID_JSON', category: 'user' },
        'Invalid JSON: the body is empty',
      );
    }
    throw new AgentError(
      { id: 'SERVER_INVALID_JSON', category: 'user' },
      `Invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

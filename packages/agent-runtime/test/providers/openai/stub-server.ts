/**
 * A local OpenAI-compatible server for tests: `POST /v1/chat/completions` on 127.0.0.1 with an
 * ephemeral port. It records each request and answers with the replies queued for it, in order,
 * replaying fixture files of wire traffic byte for byte.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
}

/** How the stub answers one request. */
export interface StubReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A `text/event-stream` body, written in one go unless `writes` is given. */
  sse?: string;
  /** The body written piece by piece, each its own `write` call. */
  writes?: (string | Uint8Array)[];
  /** Awaited before each piece of `writes`: lets a test pace the writes. */
  beforeWrite?: (index: number) => Promise<void>;
  /** Send headers and any body, then keep the response open (a model that never finishes). */
  hold?: boolean;
  /** Never answer at all (a server stuck before its first byte). */
  silent?: boolean;
}

type ReplySource = StubReply | ((request: RecordedRequest) => StubReply);

/** A running stub. */
export interface StubServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Responses that the client closed before the stub ended them. */
  readonly clientClosed: number;
  enqueue(...replies: ReplySource[]): void;
  close(): Promise<void>;
}

/** Reads a fixture file of this folder. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Reads a JSON fixture file of this folder. */
export function jsonFixture(name: string): unknown {
  return JSON.parse(fixture(name));
}

async function answer(res: ServerResponse, reply: StubReply): Promise<void> {
  if (reply.silent) return;
  const streaming = reply.sse !== undefined || reply.writes !== undefined;
  res.writeHead(reply.status ?? 200, {
    'content-type': streaming ? 'text/event-stream' : 'application/json',
    ...reply.headers,
  });
  if (reply.writes) {
    res.flushHeaders();
    for (const [index, piece] of reply.writes.entries()) {
      await reply.beforeWrite?.(index);
      if (res.destroyed) return;
      res.write(piece);
    }
  } else if (reply.sse !== undefined) {
    res.write(reply.sse);
  } else if (reply.json !== undefined) {
    res.write(JSON.stringify(reply.json));
  }
  if (reply.hold) {
    res.flushHeaders();
    return;
  }
  res.end();
}

/**
 * Starts the stub on an ephemeral port of 127.0.0.1.
 * @example const stub = await startStubServer(); stub.enqueue({ sse: fixture('ollama-stream-text.sse') });
 */
export async function startStubServer(): Promise<StubServer> {
  const queue: ReplySource[] = [];
  const requests: RecordedRequest[] = [];
  let clientClosed = 0;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      res.on('close', () => {
        if (!res.writableEnded) clientClosed++;
      });
      // Ollama's router answers unknown routes like this (e.g. a base URL without /v1).
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
        return;
      }
      const request: RecordedRequest = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>,
      };
      requests.push(request);
      const next = queue.shift();
      if (!next) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'stub: no reply queued for this request' } }));
        return;
      }
      const reply = typeof next === 'function' ? next(request) : next;
      answer(res, reply).catch((error: unknown) => res.destroy(error as Error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get clientClosed() {
      return clientClosed;
    },
    enqueue: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Polls until the condition holds, failing after a bounded deadline. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';

/**
 * A local Bedrock Runtime: an HTTP/2 cleartext server that answers the Converse and ConverseStream
 * routes with replies taken from fixture files, and records every request it gets.
 */

/** One frame of a ConverseStream body: an event, or an exception (`:message-type` `exception`). */
export type StreamFrame = { event: string; payload: unknown } | { exception: string; payload: unknown };

/** A recorded reply: a JSON body (Converse answers and errors) or an event stream (ConverseStream). */
export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  events?: StreamFrame[];
  /** Test control, not wire: leave the stream open after the last frame, as a slow model would. */
  hold?: boolean;
}

/** What the stub saw of one call. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** `converse` or `converse-stream`. */
  operation: string;
  /** The model id, decoded from the path. */
  modelId: string;
  headers: http2.IncomingHttpHeaders;
  body: unknown;
}

export interface BedrockStub {
  /** `http://127.0.0.1:<port>`, to give the SDK client as its endpoint. */
  endpoint: string;
  requests: RecordedRequest[];
  /** Queues replies, answered in order, one per request. */
  reply(...replies: StubReply[]): void;
  /** Streams the server has closed (finished or reset by the client), counted for the abort test. */
  closedStreams(): number;
  close(): Promise<void>;
}

const fixturesDir = new URL('./fixtures/', import.meta.url);

/** Reads a fixture file (recorded request or reply body) by name, without the `.json`. */
export function fixture<T = StubReply>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixturesDir), 'utf8')) as T;
}

// The SDK decodes frames with the same codec; UTF-8 via the platform, as @smithy/util-utf8 does.
const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
);

/** Encodes one ConverseStream frame exactly as Bedrock sends it. */
export function encodeFrame(frame: StreamFrame): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(frame.payload));
  const kind = 'event' in frame ? 'event' : 'exception';
  const name = 'event' in frame ? frame.event : frame.exception;
  return codec.encode({
    headers: {
      [`:${kind}-type`]: { type: 'string', value: name },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: kind },
    },
    body,
  });
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;

/** Starts a stub on 127.0.0.1 with an ephemeral port. */
export async function startBedrockStub(): Promise<BedrockStub> {
  const queue: StubReply[] = [];
  const requests: RecordedRequest[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  let closed = 0;
  let requestCount = 0;
  const server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('close', () => closed++);
    stream.on('error', () => {});
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const path = String(headers[':path']);
      const text = Buffer.concat(chunks).toString('utf8');
      const match = ROUTE.exec(path);
      requests.push({
        method: String(headers[':method']),
        path,
        operation: match?.[2] ?? '',
        modelId: match ? decodeURIComponent(match[1]!) : '',
        headers,
        body: text ? JSON.parse(text) : undefined,
      });
      const requestId = `stub-${++requestCount}`;
      const reply = queue.shift();
      if (!match || headers[':method'] !== 'POST' || !reply) {
        const message = reply ? `no route ${headers[':method']} ${path}` : `no reply queued for ${path}`;
        stream.respond({
          ':status': 404,
          'content-type': 'application/json',
          'x-amzn-errortype': 'UnknownOperationException',
        });
        stream.end(JSON.stringify({ message }));
        return;
      }
      if (reply.events) {
        stream.respond({
          ':status': reply.status ?? 200,
          'content-type': 'application/vnd.amazon.eventstream',
          'x-amzn-requestid': requestId,
          ...reply.headers,
        });
        for (const frame of reply.events) stream.write(encodeFrame(frame));
        if (!reply.hold) stream.end();
        return;
      }
      stream.respond({
        ':status': reply.status ?? 200,
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        ...reply.headers,
      });
      stream.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    closedStreams: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Waits until the condition holds, polling; fails after the deadline instead of sleeping a fixed time. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local AgentCore Code Interpreter data plane on 127.0.0.1: the Start / Invoke / Stop session
 * routes of `@aws-sdk/client-bedrock-agentcore` over HTTP/1.1 (the client's default handler),
 * InvokeCodeInterpreter answered as `application/vnd.amazon.eventstream` frames.
 */

/** One frame of the InvokeCodeInterpreter stream: a `result` event or an exception member. */
export type StubFrame =
  | { event: 'result'; payload: unknown }
  | { exception: string; payload: { message: string } };

/** How the stub answers one invoke: frames, or a plain HTTP error. */
export type StubAnswer = { frames: StubFrame[] } | { status: number; errorType: string; message: string };

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

export interface InvokeCall {
  sessionId: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface AgentCoreStub {
  endpoint: string;
  calls: RecordedCall[];
  /** Session ids started and not stopped. */
  live: Set<string>;
  /** Answers invokes; the default echoes the operation as a successful result. */
  handle: (call: InvokeCall) => StubAnswer;
  close(): Promise<void>;
}

// The `application/vnd.amazon.eventstream` framing, written out here so that the stub checks the
// wire format independently of the SDK that decodes it: total length, headers length, prelude
// CRC32, headers (name, type 7 = string, value), payload, message CRC32.
const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function encodeMessage(headers: Record<string, string>, payload: Uint8Array): Uint8Array {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name, 'utf8');
      const valueBytes = Buffer.from(value, 'utf8');
      const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
      header.writeUInt8(nameBytes.length, 0);
      nameBytes.copy(header, 1);
      header.writeUInt8(7, 1 + nameBytes.length);
      header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
      valueBytes.copy(header, 4 + nameBytes.length);
      return header;
    }),
  );
  const total = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  Buffer.from(payload).copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

function encode(frame: StubFrame): Uint8Array {
  const kind = 'event' in frame ? 'event' : 'exception';
  const name = 'event' in frame ? frame.event : frame.exception;
  return encodeMessage(
    { [`:${kind}-type`]: name, ':content-type': 'application/json', ':message-type': kind },
    Buffer.from(JSON.stringify(frame.payload), 'utf8'),
  );
}

const ROUTE = /^\/code-interpreters\/([^/]+)\/(sessions\/start|sessions\/stop|tools\/invoke)$/;

/** Starts the stub on an ephemeral port. */
export async function startAgentCoreStub(): Promise<AgentCoreStub> {
  let sequence = 0;
  const stub: AgentCoreStub = {
    endpoint: '',
    calls: [],
    live: new Set(),
    handle: (call) => ({
      frames: [
        {
          event: 'result',
          payload: {
            content: [{ type: 'text', text: `${call.name} ran` }],
            structuredContent: { stdout: `${call.name} ran\n`, stderr: '', exitCode: 0, executionTime: 5 },
            isError: false,
          },
        },
      ],
    }),
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      stub.calls.push({ method: request.method ?? '', path: url.pathname, headers: request.headers, body });
      const match = ROUTE.exec(url.pathname);
      const json = (status: number, value: unknown, errorType?: string) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        response.end(JSON.stringify(value));
      };
      if (!match)
        return json(
          404,
          { message: `no route ${request.method} ${url.pathname}` },
          'UnknownOperationException',
        );
      const identifier = decodeURIComponent(match[1]!);
      const now = new Date().toISOString();
      if (match[2] === 'sessions/start' && request.method === 'PUT') {
        const sessionId = `stubsession${++sequence}`;
        stub.live.add(sessionId);
        return json(200, { codeInterpreterIdentifier: identifier, sessionId, createdAt: now });
      }
      if (match[2] === 'sessions/stop' && request.method === 'PUT') {
        const sessionId = url.searchParams.get('sessionId') ?? '';
        if (!stub.live.delete(sessionId)) {
          return json(404, { message: `Session ${sessionId} not found` }, 'ResourceNotFoundException');
        }
        return json(200, { codeInterpreterIdentifier: identifier, sessionId, lastUpdatedAt: now });
      }
      if (match[2] === 'tools/invoke' && request.method === 'POST') {
        const sessionId = String(request.headers['x-amzn-code-interpreter-session-id'] ?? '');
        if (!stub.live.has(sessionId)) {
          return json(404, { message: `Session ${sessionId} not found` }, 'ResourceNotFoundException');
        }
        const answer = stub.handle({
          sessionId,
          name: String(body?.name),
          arguments: (body?.arguments ?? {}) as Record<string, unknown>,
        });
        if ('status' in answer) return json(answer.status, { message: answer.message }, answer.errorType);
        response.writeHead(200, {
          'content-type': 'application/vnd.amazon.eventstream',
          'x-amzn-code-interpreter-session-id': sessionId,
        });
        for (const frame of answer.frames) response.write(encode(frame));
        response.end();
        return;
      }
      return json(405, { message: 'method not allowed' }, 'ValidationException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

import { createServer, type Server } from 'node:http';
import type { ToolContext } from '@agentcore-ts/agent-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostAllowlist } from '../../src/http-request/host-allowlist.js';
import { createHttpRequestTool } from '../../src/http-request/http-request-tool.js';

let server: Server;
let base: string;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      if (path === '/ok') return response.end('hello');
      if (path === '/echo') {
        response.setHeader('content-type', 'application/json');
        return response.end(
          JSON.stringify({
            method: request.method,
            body: Buffer.concat(chunks).toString('utf8'),
            authorization: request.headers.authorization ?? null,
            apiKey: request.headers['x-api-key'] ?? null,
          }),
        );
      }
      if (path === '/big') {
        response.setHeader('content-type', 'text/plain; charset=utf-8');
        return response.end('é'.repeat(100_000));
      }
      if (path === '/endless') {
        const timer = setInterval(() => response.write('x'.repeat(65_536)), 1);
        const stop = setTimeout(() => {
          clearInterval(timer);
          response.end();
        }, 5_000);
        response.on('close', () => {
          clearInterval(timer);
          clearTimeout(stop);
        });
        return;
      }
      if (path === '/slow') {
        const stop = setTimeout(() => response.end('late'), 5_000);
        response.on('close', () => clearTimeout(stop));
        return;
      }
      if (path === '/binary') return response.end(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
      if (path === '/to-ok') return response.writeHead(302, { location: '/ok' }).end();
      if (path === '/to-echo-303') return response.writeHead(303, { location: '/echo' }).end();
      if (path === '/to-elsewhere')
        return response.writeHead(302, { location: `http://localhost:${port}/ok` }).end();
      if (path === '/to-file') return response.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (path === '/loop') return response.writeHead(302, { location: '/loop' }).end();
      response.statusCode = 404;
      response.end('not here');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits.length = 0;
});

const context = (signal = new AbortController().signal): ToolContext => ({
  actorId: 'a',
  sessionId: 's',
  toolUseId: 't',
  signal,
});

type Output = { content: [{ text: string }, { json: Record<string, unknown> }] };
const call = async (tool: ReturnType<typeof createHttpRequestTool>, input: Record<string, unknown>) =>
  (await tool.invoke(input as never, context())) as Output;

describe('HostAllowlist', () => {
  const allow = new HostAllowlist(['api.example.com', '*.example.org', '127.0.0.1:8080', '[::1]']);
  it.each([
    ['https://api.example.com/x', true],
    ['https://API.EXAMPLE.COM/x', true],
    ['https://evil.api.example.com/x', false],
    ['https://api.example.com.evil.net/x', false],
    ['https://a.example.org/', true],
    ['https://a.b.example.org/', true],
    ['https://example.org/', false],
    ['https://badexample.org/', false],
    ['http://127.0.0.1:8080/', true],
    ['http://127.0.0.1:8081/', false],
    ['http://2130706433:8080/', true],
    ['http://0x7f.0.0.1:8080/', true],
    ['http://[::1]/', true],
  ])('%s → %s', (url, expected) => {
    expect(allow.allows(new URL(url))).toBe(expected);
  });

  it.each([[[]], [['https://example.com']], [['example.com/path']], [['*']], [['*.']]])(
    'refuses the configuration %j',
    (entries) => {
      expect(() => new HostAllowlist(entries as string[])).toThrow(
        /HTTP_REQUEST_CONFIG_INVALID|allowedHosts/,
      );
    },
  );
});

describe('http_request tool', () => {
  it('fetches from an allowed host and returns status, headers and body', async () => {
    const tool = createHttpRequestTool({ allowedHosts: ['127.0.0.1'] });
    expect(tool.name).toBe('http_request');
    expect(tool.inputSchema).toMatchObject({ type: 'object', required: ['url'] });
    const output = await call(tool, { url: `${base}/ok` });
    expect(output.content[0].text).toBe(`HTTP 200 OK (GET ${base}/ok)\ncontent-length: 5\n\nhello`);
    expect(output.content[1].json).toMatchObject({
      status: 200,
      body: 'hello',
      encoding: 'utf-8',
      truncated: false,
    });
  });

  it('refuses hosts off the list, IP literals of listed names and non-http schemes without connecting', async () => {
    const tool = createHttpRequestTool({ allowedHosts: ['localhost'] });
    await expect(call(tool, { url: `${base}/ok` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_HOST_NOT_ALLOWED',
    });
    await expect(call(tool, { url: `http://2130706433:${port}/ok` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_HOST_NOT_ALLOWED',
    });
    await expect(call(tool, { url: 'file:///etc/passwd' })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_SCHEME_NOT_ALLOWED',
    });
    await expect(call(tool, { url: 'ftp://localhost/x' })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_SCHEME_NOT_ALLOWED',
    });
    await expect(call(tool, { url: `http://user:pw@localhost:${port}/ok` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_URL_INVALID',
    });
    await expect(call(tool, { url: '/relative' })).rejects.toMatchObject({ id: 'HTTP_REQUEST_URL_INVALID' });
    expect(hits).toEqual([]);
  });

  it('follows redirects on the list and re-checks each target', async () => {
    const tool = createHttpRequestTool({ allowedHosts: ['127.0.0.1'], maxRedirects: 3 });
    const followed = await call(tool, { url: `${base}/to-ok` });
    expect(followed.content[1].json).toMatchObject({ status: 200, url: `${base}/ok`, body: 'hello' });
    hits.length = 0;
    await expect(call(tool, { url: `${base}/to-elsewhere` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_HOST_NOT_ALLOWED',
      message: expect.stringContaining('redirect target'),
    });
    expect(hits).toEqual(['GET /to-elsewhere']);
    await expect(call(tool, { url: `${base}/to-file` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_SCHEME_NOT_ALLOWED',
    });
    hits.length = 0;
    await expect(call(tool, { url: `${base}/loop` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_TOO_MANY_REDIRECTS',
    });
    expect(hits).toHaveLength(4);
  });

  it('caps the body it reads, for a large body and for an endless one', async () => {
    const tool = createHttpRequestTool({ allowedHosts: ['127.0.0.1'], maxResponseBytes: 1001 });
    const big = await call(tool, { url: `${base}/big` });
    // 'é' is two bytes: the cut falls inside a character, which is dropped rather than mangled.
    expect(big.content[1].json).toMatchObject({
      truncated: true,
      bytes: 1001,
      encoding: 'utf-8',
      body: 'é'.repeat(500),
    });
    expect(big.content[0].text).toContain('[body truncated at 1001 bytes]');
    // The endless body never ends by itself: a result at all proves the size bound cut it.
    const endless = await call(tool, { url: `${base}/endless` });
    expect(endless.content[1].json).toMatchObject({ truncated: true, bytes: 1001 });
  });

  it('gives up at the deadline', async () => {
    const tool = createHttpRequestTool({ allowedHosts: ['127.0.0.1'], timeoutMs: 200 });
    await expect(call(tool, { url: `${base}/slow` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_TIMEOUT',
      retryable: true,
    });
  });

  it('allows only the configured methods and sends bodies and headers', async () => {
    const readOnly = createHttpRequestTool({ allowedHosts: ['127.0.0.1'] });
    await expect(call(readOnly, { url: `${base}/echo`, method: 'POST', body: 'x' })).rejects.toMatchObject({
      id: 'TOOL_INPUT_INVALID',
    });
    const writer = createHttpRequestTool({
      allowedHosts: ['127.0.0.1'],
      methods: ['GET', 'POST'],
      headers: { 'x-api-key': 'configured' },
    });
    const posted = await call(writer, {
      url: `${base}/echo`,
      method: 'POST',
      body: 'payload',
      headers: { authorization: 'Bearer t' },
    });
    expect(JSON.parse(String(posted.content[1].json.body))).toEqual({
      method: 'POST',
      body: 'payload',
      authorization: 'Bearer t',
      apiKey: 'configured',
    });
    const seeOther = await call(writer, { url: `${base}/to-echo-303`, method: 'POST', body: 'payload' });
    expect(JSON.parse(String(seeOther.content[1].json.body))).toMatchObject({ method: 'GET', body: '' });
    await expect(call(writer, { url: `${base}/echo`, method: 'GET', body: 'x' })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_BODY_NOT_ALLOWED',
    });
    await expect(call(writer, { url: `${base}/echo`, headers: { host: 'evil' } })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_HEADER_NOT_ALLOWED',
    });
  });

  it('returns a binary body as base64 and an error status as a result', async () => {
    const tool = createHttpRequestTool({ allowedHosts: ['127.0.0.1'] });
    const binary = await call(tool, { url: `${base}/binary` });
    expect(binary.content[1].json).toMatchObject({
      encoding: 'base64',
      body: Buffer.from([0xff, 0xfe, 0, 1]).toString('base64'),
    });
    const missing = await call(tool, { url: `${base}/nope` });
    expect(missing.content[0].text).toMatch(/^HTTP 404 Not Found/);
  });

  it('reports a refused connection as HTTP_REQUEST_FAILED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const tool = createHttpRequestTool({ allowedHosts: ['127.0.0.1'] });
    await expect(call(tool, { url: `http://127.0.0.1:${freePort}/` })).rejects.toMatchObject({
      id: 'HTTP_REQUEST_FAILED',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

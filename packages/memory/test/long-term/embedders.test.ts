import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openAiCompatibleEmbedder } from '../../src/long-term/embedders/openai-compatible.js';
import { titanEmbedder } from '../../src/long-term/embedders/titan.js';
import { LongTermMemoryError } from '../../src/long-term/errors.js';

const readBody = (request: IncomingMessage | import('node:http2').Http2ServerRequest) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => resolve(body));
  });

/** A vector that says which of a few words a text holds (enough to check the wire, not semantics). */
const vectorOf = (text: string, dimensions: number) =>
  Array.from({ length: dimensions }, (_, index) => (text.length % (index + 2)) / 10);

describe('openAiCompatibleEmbedder against a local /v1/embeddings server', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const serve = (
    handler: (
      body: { model: string; input: string[] },
      headers: IncomingMessage['headers'],
    ) => [number, unknown],
  ) =>
    new Promise<string>((resolve) => {
      server = createHttpServer(async (request, response) => {
        const [status, payload] = handler(JSON.parse(await readBody(request)), request.headers);
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      }).listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`),
      );
    });

  it('embeds in batches, with prefixes and the API key, keeping order', async () => {
    const seen: { model: string; input: string[]; auth: string | undefined }[] = [];
    const baseUrl = await serve((body, headers) => {
      seen.push({ ...body, auth: headers.authorization });
      // answers out of order, with indexes, as some servers do
      const data = body.input.map((text, index) => ({ index, embedding: vectorOf(text, 4) })).reverse();
      return [200, { object: 'list', data }];
    });
    const embedder = openAiCompatibleEmbedder({
      baseUrl,
      model: 'nomic-embed-text',
      dimensions: 4,
      apiKey: 'k',
      batchSize: 2,
      queryPrefix: 'search_query: ',
    });
    const vectors = await embedder.embed(['a', 'bb', 'ccc'], 'document');
    expect(vectors.map((vector) => [...vector].map((x) => Math.round(x * 10)))).toEqual([
      vectorOf('a', 4).map((x) => Math.round(x * 10)),
      vectorOf('bb', 4).map((x) => Math.round(x * 10)),
      vectorOf('ccc', 4).map((x) => Math.round(x * 10)),
    ]);
    expect(seen.map((request) => request.input)).toEqual([['a', 'bb'], ['ccc']]);
    expect(seen[0]!.auth).toBe('Bearer k');
    await embedder.embed(['q'], 'query');
    expect(seen.at(-1)!.input).toEqual(['search_query: q']);
  });

  it('fails clearly on an error status, a wrong size, or nothing listening', async () => {
    const baseUrl = await serve((body) =>
      body.model === 'missing'
        ? [404, { error: 'model not found' }]
        : [200, { data: [{ embedding: [1, 2] }] }],
    );
    await expect(
      openAiCompatibleEmbedder({ baseUrl, model: 'missing', dimensions: 2 }).embed(['x'], 'query'),
    ).rejects.toThrow(/answered 404: .*model not found/);
    await expect(
      openAiCompatibleEmbedder({ baseUrl, model: 'm', dimensions: 3 }).embed(['x'], 'query'),
    ).rejects.toThrow(/configured dimensions are 3/);
    await expect(
      openAiCompatibleEmbedder({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', dimensions: 2 }).embed(
        ['x'],
        'query',
      ),
    ).rejects.toMatchObject({ id: 'MEMORY_EMBEDDER_UNREACHABLE' });
    expect(() => openAiCompatibleEmbedder({ baseUrl, model: 'm', dimensions: 0 })).toThrow(
      LongTermMemoryError,
    );
  });
});

describe('titanEmbedder through the real AWS SDK against a local HTTP/2 stub', () => {
  let server: Http2Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('calls InvokeModel once per text with Titan v2 parameters', async () => {
    const calls: { path: string; body: { inputText: string; dimensions: number; normalize: boolean } }[] = [];
    const endpoint = await new Promise<string>((resolve) => {
      server = createHttp2Server(async (request, response) => {
        const body = JSON.parse(await readBody(request));
        calls.push({ path: request.url, body });
        if (body.inputText === 'throttle me') {
          response.writeHead(429, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'ThrottlingException',
          });
          response.end(JSON.stringify({ message: 'Too many requests' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ embedding: vectorOf(body.inputText, body.dimensions), inputTextTokenCount: 3 }),
        );
      }).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
    });
    const embedder = titanEmbedder({
      endpoint,
      region: 'us-east-1',
      dimensions: 256,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    expect(embedder.dimensions).toBe(256);
    const vectors = await embedder.embed(['hot tea', 'coffee'], 'document');
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(256);
    expect(calls.map((call) => call.path).sort()).toEqual([
      '/model/amazon.titan-embed-text-v2%3A0/invoke',
      '/model/amazon.titan-embed-text-v2%3A0/invoke',
    ]);
    expect(calls[0]!.body).toMatchObject({ dimensions: 256, normalize: true });
    const failed = await titanEmbedder({
      endpoint,
      region: 'us-east-1',
      dimensions: 256,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    })
      .embed(['throttle me'], 'query')
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(LongTermMemoryError);
    expect((failed as LongTermMemoryError).id).toBe('MEMORY_EMBEDDER_FAILED');
    expect(() => titanEmbedder({ dimensions: 100 as never })).toThrow(/1024, 512 or 256/);
  });
});

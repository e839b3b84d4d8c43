import { createServer, get, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_STREAM_HEADERS, type EventSource, pipeEventStream } from '../../src/server/event-stream.js';

/** What the writer did to Node's response: each `write` and the `end` chunk, in order. */
interface Calls {
  writes: string[];
  end: string | undefined;
}

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function spyOn(outgoing: ServerResponse): Calls {
  const calls: Calls = { writes: [], end: undefined };
  const write = outgoing.write.bind(outgoing) as (chunk: string) => boolean;
  const end = outgoing.end.bind(outgoing) as (chunk?: string) => ServerResponse;
  outgoing.write = ((chunk: string) => {
    calls.writes.push(chunk);
    return write(chunk);
  }) as ServerResponse['write'];
  outgoing.end = ((chunk?: string) => {
    calls.end = chunk ?? '';
    return end(chunk);
  }) as ServerResponse['end'];
  return calls;
}

async function sourceOf(iterable: AsyncIterable<unknown>): Promise<EventSource> {
  const iterator = iterable[Symbol.asyncIterator]();
  return { iterator, first: await iterator.next(), describeFailure: (error) => String(error) };
}

/** Serves one stream; resolves with the URL and a promise of the writer's calls once it finished. */
async function serve(
  makeStream: () => AsyncIterable<unknown>,
): Promise<{ url: string; finished: Promise<Calls> }> {
  let done: (calls: Calls) => void = () => {};
  const finished = new Promise<Calls>((resolve) => {
    done = resolve;
  });
  server = createServer((_incoming, outgoing) => {
    const calls = spyOn(outgoing);
    void sourceOf(makeStream())
      .then((source) => pipeEventStream(outgoing, { ...EVENT_STREAM_HEADERS }, source))
      .then(() => done(calls));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, finished };
}

function fetchBody(url: string): Promise<string> {
  return fetch(url).then((response) => response.text());
}

async function* counted(count: number, pause?: () => Promise<void>): AsyncGenerator<{ index: number }> {
  for (let index = 0; index < count; index++) {
    if (pause && index > 0) await pause();
    yield { index };
  }
}

const frames = (count: number): string =>
  Array.from({ length: count }, (_, index) => `data: {"index":${index}}\n\n`).join('');

describe('pipeEventStream', () => {
  it('sends the frames of a stream that is over within one tick with the end of the response, in one call', async () => {
    const { url, finished } = await serve(() => counted(10));
    expect(await fetchBody(url)).toBe(frames(10));
    expect(await finished).toEqual({ writes: [], end: frames(10) });
  });

  it('writes frames produced in different ticks as they come, without holding any back', async () => {
    const { url, finished } = await serve(() => counted(3, () => new Promise((r) => setTimeout(r, 5))));
    expect(await fetchBody(url)).toBe(frames(3));
    const calls = await finished;
    // Each frame left in its own tick; only what came after the last write goes with the end.
    expect(calls.writes.join('') + calls.end).toBe(frames(3));
    expect(calls.writes.length).toBeGreaterThanOrEqual(2);
  });

  it('ends with one error frame after the frames sent before a failure', async () => {
    const { url } = await serve(async function* () {
      yield { index: 0 };
      throw new Error('model went away');
    });
    expect(await fetchBody(url)).toBe(
      `${frames(1)}event: error\ndata: {"error":"Error: model went away"}\n\n`,
    );
  });

  it('stops pulling while a client that does not read leaves the socket buffer full', async () => {
    let pulled = 0;
    const big = 'x'.repeat(16 * 1024);
    const total = 2_000; // about 32 MB: far more than the socket buffers hold
    const { url, finished } = await serve(async function* () {
      for (let index = 0; index < total; index++) {
        pulled = index + 1;
        yield { index, big };
      }
    });
    let received = 0;
    let resume: () => void = () => {};
    const ended = new Promise<void>((resolve, reject) => {
      get(url, (response) => {
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
        });
        response.on('end', resolve);
        response.on('error', reject);
        response.pause();
        resume = () => response.resume();
      }).on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Paused: the writer waits for the socket to drain instead of buffering the whole stream in memory.
    expect(pulled).toBeLessThan(total / 4);
    resume();
    await ended;
    await finished;
    expect(pulled).toBe(total);
    expect(received).toBeGreaterThan(total * big.length);
  });

  it('stops the iterator when the client goes away midway', async () => {
    let stopped = false;
    const { url, finished } = await serve(async function* () {
      try {
        for (let index = 0; ; index++) {
          yield { index };
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        stopped = true;
      }
    });
    await new Promise<void>((resolve, reject) => {
      get(url, (response) => {
        response.once('data', () => {
          response.destroy();
          resolve();
        });
      }).on('error', reject);
    });
    await finished;
    expect(stopped).toBe(true);
  });
});

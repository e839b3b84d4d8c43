import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * One SSE frame carrying one JSON value, as the AWS Python SDK writes them (`undefined` is sent as `null`).
 * @example sseDataFrame({ text: 'hi' }); // 'data: {"text":"hi"}\n\n'
 */
export function sseDataFrame(value: unknown): string {
  return `data: ${JSON.stringify(value) ?? 'null'}\n\n`;
}

/**
 * The frame that reports a failure midway through a stream (the AWS TypeScript SDK's shape); the stream ends after it.
 * @example sseErrorFrame('Internal error (request id r1)'); // 'event: error\ndata: {"error":"..."}\n\n'
 */
export function sseErrorFrame(message: string): string {
  return `event: error\ndata: ${JSON.stringify({ error: message })}\n\n`;
}

/** A stream whose first step has already been taken (so that an early failure could still get a JSON status). */
export interface EventSource {
  iterator: AsyncIterator<unknown>;
  first: IteratorResult<unknown>;
  /** The message of the error frame for a failure midway (logs it too). */
  describeFailure: (error: unknown) => string;
}

/** Headers of every event-stream answer, besides the session id. */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
};

async function stopIterator(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The stream is being dropped; its clean-up failure has no one left to tell.
  }
}

function waitForDrain(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}

/** Past this many pending characters a batch is written at once rather than at the end of the tick. */
const MAX_BATCH_CHARS = 64 * 1024;

/**
 * Writes the stream straight to Node's response. The frames produced within one tick are joined and written as
 * one chunk at the end of the tick (one chunk of the chunked encoding, one system call), which delays none of
 * them; a stream that is over within its first tick goes out with the response's end, in a single write.
 * Backpressure is honoured (no frame is pulled while the socket buffer is over its mark). Resolves once the
 * response has ended or the client has gone (then the iterator is stopped).
 * @example await pipeEventStream(outgoing, { ...EVENT_STREAM_HEADERS }, source);
 */
export async function pipeEventStream(
  outgoing: ServerResponse,
  headers: OutgoingHttpHeaders,
  source: EventSource,
): Promise<void> {
  outgoing.writeHead(200, headers);
  let batch = '';
  let scheduled = false;
  /** Writes the pending frames; false when the socket buffer is full. */
  const flush = (): boolean => {
    scheduled = false;
    if (batch === '' || outgoing.destroyed || outgoing.writableEnded) return true;
    const chunk = batch;
    batch = '';
    return outgoing.write(chunk);
  };
  const enqueue = (frame: string): void => {
    batch += frame;
    if (!scheduled) {
      scheduled = true;
      process.nextTick(flush);
    }
  };
  let result = source.first;
  let iteratorFinished = false;
  let failure: { error: unknown } | undefined;
  try {
    while (!result.done && !outgoing.destroyed) {
      try {
        enqueue(sseDataFrame(result.value));
      } catch (error) {
        failure = { error };
        break;
      }
      if ((batch.length > MAX_BATCH_CHARS && !flush()) || outgoing.writableNeedDrain) {
        await waitForDrain(outgoing);
        if (outgoing.destroyed) break;
      }
      try {
        result = await source.iterator.next();
      } catch (error) {
        // A generator that threw is finished: nothing to stop.
        iteratorFinished = true;
        failure = { error };
        break;
      }
    }
    if (result.done) iteratorFinished = true;
    if (failure) {
      const message = source.describeFailure(failure.error);
      if (!outgoing.destroyed) enqueue(sseErrorFrame(message));
    }
  } finally {
    if (!iteratorFinished) await stopIterator(source.iterator);
    if (!outgoing.destroyed && !outgoing.writableEnded) {
      const rest = batch;
      batch = '';
      // The last frames and the end of the chunked body leave together.
      if (rest === '') outgoing.end();
      else outgoing.end(rest);
    }
  }
}

/**
 * The same stream as a web `ReadableStream`, for requests that do not come from a Node socket (`app.request`,
 * other runtimes). `onDone` runs once, when the stream ends or the reader cancels it.
 * @example return new Response(eventStreamBody(source, () => inFlight.leave()), { headers: EVENT_STREAM_HEADERS });
 */
export function eventStreamBody(source: EventSource, onDone: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let result = source.first;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    onDone();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (result.done) {
        controller.close();
        finish();
        return;
      }
      let frame: string;
      try {
        frame = sseDataFrame(result.value);
      } catch (error) {
        controller.enqueue(encoder.encode(sseErrorFrame(source.describeFailure(error))));
        controller.close();
        finish();
        await stopIterator(source.iterator);
        return;
      }
      controller.enqueue(encoder.encode(frame));
      try {
        result = await source.iterator.next();
      } catch (error) {
        controller.enqueue(encoder.encode(sseErrorFrame(source.describeFailure(error))));
        controller.close();
        finish();
      }
    },
    async cancel() {
      finish();
      await stopIterator(source.iterator);
    },
  });
}

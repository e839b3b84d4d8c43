import { describe, expect, it } from 'vitest';
import { serverSentEvents } from '../../../src/providers/openai/sse.js';
import { collect, fixture } from './stub-server.js';

async function* pieces(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}

describe('serverSentEvents', () => {
  it('yields each data payload and skips comments and other fields', async () => {
    const events = await collect(
      serverSentEvents(
        pieces(': keep-alive\n\nevent: message\nid: 7\ndata: {"a":1}\n\nretry: 10\ndata: [DONE]\n\n'),
      ),
    );
    expect(events).toEqual(['{"a":1}', '[DONE]']);
  });

  it('joins the data lines of one event and keeps a value without the optional space', async () => {
    const events = await collect(serverSentEvents(pieces('data: one\ndata:two\ndata\n\n')));
    expect(events).toEqual(['one\ntwo\n']);
  });

  it('accepts CRLF and CR line ends, also when CR and LF arrive in different chunks', async () => {
    const events = await collect(
      serverSentEvents(pieces('data: a\r', '\ndata: a2\r\n\r', '\ndata: b\r\rdata: c\r', '\r')),
    );
    // A CR+LF split over two chunks is one line end: a stray blank line would cut "a" from "a2".
    expect(events).toEqual(['a\na2', 'b', 'c']);
  });

  it('gives the same events wherever a fixture is split, multi-byte characters included', async () => {
    const bytes = new TextEncoder().encode(fixture('vllm-stream-text.sse'));
    const whole = await collect(serverSentEvents(pieces(bytes)));
    expect(whole).toHaveLength(7);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const split = await collect(serverSentEvents(pieces(bytes.subarray(0, cut), bytes.subarray(cut))));
      expect(split).toEqual(whole);
    }
    const byteByByte = await collect(
      serverSentEvents(pieces(...Array.from(bytes, (byte) => new Uint8Array([byte])))),
    );
    expect(byteByByte).toEqual(whole);
  });

  it('delivers a last event that is not followed by a blank line', async () => {
    expect(await collect(serverSentEvents(pieces('data: x\n\ndata: last')))).toEqual(['x', 'last']);
  });
});

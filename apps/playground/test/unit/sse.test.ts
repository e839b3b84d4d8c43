import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/api/sse.js';

describe('SseParser', () => {
  it('splits frames that arrive in pieces, and keeps the event name', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"type":"text-')).toEqual([]);
    expect(
      parser.push('delta","text":"Hi"}\n\nevent: error\r\ndata: {"error":"boom"}\r\n\r\n: comment\n\n'),
    ).toEqual([
      { event: 'message', data: '{"type":"text-delta","text":"Hi"}' },
      { event: 'error', data: '{"error":"boom"}' },
    ]);
  });

  it('joins multi-line data and returns a last frame that lacks its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\ndata: b')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'message', data: 'a\nb' }]);
    expect(parser.end()).toEqual([]);
  });
});

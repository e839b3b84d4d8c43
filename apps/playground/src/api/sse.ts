/** One server-sent event: its `event:` name (default `message`) and its `data:` lines joined. */
export interface SseFrame {
  event: string;
  data: string;
}

/**
 * Splits a text/event-stream into frames as chunks arrive (a frame may span chunks).
 * @example const parser = new SseParser(); parser.push('data: {"a":1}\n\n') // [{ event: 'message', data: '{"a":1}' }]
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseFrame[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const frames: SseFrame[] = [];
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const frame = parseFrame(this.buffer.slice(0, end));
      if (frame) frames.push(frame);
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
    }
    return frames;
  }

  /** The last frame when the stream ended without its blank line. */
  end(): SseFrame[] {
    const frame = parseFrame(this.buffer);
    this.buffer = '';
    return frame ? [frame] : [];
  }
}

function parseFrame(text: string): SseFrame | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':') || line.length === 0) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}

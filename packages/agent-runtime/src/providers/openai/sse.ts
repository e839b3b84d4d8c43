/**
 * Reads a `text/event-stream` body and yields the `data` of each event, following the
 * WHATWG server-sent events rules that matter for chat completions: lines end in LF, CRLF or CR;
 * a blank line ends an event; several `data:` lines of one event join with LF; lines starting
 * with `:` are comments (keep-alives); other fields (`event`, `id`, `retry`) are ignored.
 * Chunks may split anywhere, even inside a multi-byte character or between CR and LF.
 * @example
 * for await (const data of serverSentEvents(response.body)) if (data !== '[DONE]') JSON.parse(data);
 */
export async function* serverSentEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  // A CR at the very end of a chunk may be the first half of CRLF: remember it to skip the LF.
  let skipLeadingLf = false;

  const takeLine = (line: string): string | undefined => {
    if (line === '') {
      if (data.length === 0) return undefined;
      const event = data.join('\n');
      data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return undefined;
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    data.push(value);
    return undefined;
  };

  const drain = function* (final: boolean): Generator<string> {
    for (;;) {
      if (skipLeadingLf && buffer.startsWith('\n')) buffer = buffer.slice(1);
      if (buffer.length > 0) skipLeadingLf = false;
      const match = /\r\n|\r|\n/.exec(buffer);
      if (!match) break;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (match[0] === '\r' && buffer.length === 0 && !final) skipLeadingLf = true;
      const event = takeLine(line);
      if (event !== undefined) yield event;
    }
  };

  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* drain(false);
  }
  buffer += decoder.decode();
  yield* drain(true);
  // A stream that ends without the blank line still delivers its last event.
  if (buffer.length > 0) {
    const event = takeLine(buffer);
    if (event !== undefined) yield event;
  }
  const last = takeLine('');
  if (last !== undefined) yield last;
}

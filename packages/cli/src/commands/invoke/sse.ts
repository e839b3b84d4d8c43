import type { CliStream } from '../../core/io.js';

/** One server-sent event. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * An incremental SSE parser: feed it text as it arrives, get back the complete events.
 * @example const parser = createSseParser(); parser.push('data: {"a":1}\n\n'); // [{ data: '{"a":1}' }]
 */
export function createSseParser(): { push(text: string): SseEvent[]; end(): SseEvent[] } {
  let buffer = '';
  const parseBlock = (block: string): SseEvent | undefined => {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const at = line.indexOf(':');
      const field = at === -1 ? line : line.slice(0, at);
      const value = at === -1 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0 && event === undefined) return undefined;
    return { ...(event === undefined ? {} : { event }), data: data.join('\n') };
  };
  const drain = (final: boolean): SseEvent[] => {
    const events: SseEvent[] = [];
    buffer = buffer.replace(/\r\n?/g, '\n');
    let at = buffer.indexOf('\n\n');
    while (at !== -1) {
      const parsed = parseBlock(buffer.slice(0, at));
      if (parsed) events.push(parsed);
      buffer = buffer.slice(at + 2);
      at = buffer.indexOf('\n\n');
    }
    if (final && buffer.trim()) {
      const parsed = parseBlock(buffer);
      if (parsed) events.push(parsed);
      buffer = '';
    }
    return events;
  };
  return {
    push(text) {
      buffer += text;
      return drain(false);
    },
    end: () => drain(true),
  };
}

/** Prints events as they arrive; `failed` is set by an `error` event. */
export interface StreamPrinter {
  print(event: SseEvent): void;
  finish(): void;
  readonly failed: string | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Writes an agent's stream for a person: text deltas inline on stdout, tool calls and results as short lines on
 * stderr, other JSON values one per line on stdout. With `raw`, every `data:` value is written as received.
 * @example const printer = createStreamPrinter(deps.stdout, deps.stderr, { raw: false });
 */
export function createStreamPrinter(
  stdout: CliStream,
  stderr: CliStream,
  options: { raw: boolean },
): StreamPrinter {
  let failed: string | undefined;
  let midLine = false;
  const text = (value: string): void => {
    if (!value) return;
    stdout.write(value);
    midLine = !value.endsWith('\n');
  };
  const line = (stream: CliStream, value: string): void => {
    if (midLine) {
      stdout.write('\n');
      midLine = false;
    }
    stream.write(`${value}\n`);
  };
  return {
    get failed() {
      return failed;
    },
    print(event) {
      const value = parseJson(event.data);
      if (
        event.event === 'error' ||
        (typeof value === 'object' && value !== null && 'error' in value && !('type' in value))
      ) {
        failed =
          typeof value === 'object' && value !== null
            ? String((value as { error: unknown }).error)
            : String(value);
        line(stderr, `error: ${failed}`);
        return;
      }
      if (options.raw) return line(stdout, event.data);
      if (typeof value === 'string') return text(value);
      const typed = value as {
        type?: string;
        text?: string;
        name?: string;
        input?: unknown;
        status?: string;
      };
      switch (typed?.type) {
        case 'text-delta':
          return text(typed.text ?? '');
        case 'tool-call':
          return line(stderr, `[tool] ${typed.name} ${JSON.stringify(typed.input)}`);
        case 'tool-result':
          return line(stderr, `[tool] ${typed.name} -> ${typed.status}`);
        case 'final':
        case 'message':
        case 'usage':
        case 'recall':
          return;
        default:
          line(stdout, JSON.stringify(value));
      }
    },
    finish() {
      if (midLine) stdout.write('\n');
      midLine = false;
    },
  };
}

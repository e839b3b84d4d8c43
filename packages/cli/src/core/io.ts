import { styleText } from 'node:util';

/** Where the CLI writes: a stream-like sink that knows whether it is a terminal. */
export interface CliStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan';

/**
 * Styles text for a terminal and leaves it plain elsewhere (pipes, files, tests), and when `NO_COLOR` is set.
 * @example paint(process.stdout, 'green', 'READY');
 */
export function paint(
  stream: CliStream,
  style: Style,
  text: string,
  env: Record<string, string | undefined> = {},
): string {
  if (!stream.isTTY || env.NO_COLOR) return text;
  return styleText(style, text);
}

/**
 * Wraps a Node writable (process.stdout / stderr) as a {@link CliStream}.
 * @example const out = nodeStream(process.stdout);
 */
export function nodeStream(stream: NodeJS.WriteStream): CliStream {
  return {
    write: (text) => {
      stream.write(text);
    },
    get isTTY() {
      return Boolean(stream.isTTY);
    },
  };
}

/** A stream that keeps what is written, for tests and for capturing a command's output. */
export interface MemoryStream extends CliStream {
  readonly text: string;
}

/**
 * A {@link CliStream} that records everything written to it.
 * @example const out = memoryStream(); out.write('hi'); out.text; // 'hi'
 */
export function memoryStream(isTTY = false): MemoryStream {
  let text = '';
  return {
    isTTY,
    write(chunk) {
      text += chunk;
    },
    get text() {
      return text;
    },
  };
}

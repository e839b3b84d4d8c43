import type { CliStream } from './io.js';

/** A long step the user waits on: a spinner in a terminal, plain lines elsewhere. */
export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

/** Starts a {@link Progress} for a step. */
export type ProgressFactory = (text: string) => Progress;

/**
 * Plain progress lines (`… text`, `✔ text`, `✖ text`), for pipes, CI logs and tests. Updates are written only
 * when their text changes, so that a long poll does not flood a log.
 * @example const step = plainProgress(stderr)('Creating memory'); step.succeed('Memory ACTIVE');
 */
export function plainProgress(stream: CliStream): ProgressFactory {
  return (text) => {
    let last = text;
    stream.write(`… ${text}\n`);
    return {
      update(next) {
        if (next === last) return;
        last = next;
        stream.write(`… ${next}\n`);
      },
      succeed(done) {
        stream.write(`✔ ${done}\n`);
      },
      fail(failed) {
        stream.write(`✖ ${failed}\n`);
      },
    };
  };
}

/**
 * An ora spinner on a terminal (loaded only then), plain lines otherwise.
 * @example const progress = await terminalProgress(process.stderr); const step = progress('Uploading');
 */
export async function terminalProgress(
  stream: NodeJS.WriteStream,
  fallback: CliStream,
): Promise<ProgressFactory> {
  if (!stream.isTTY) return plainProgress(fallback);
  const { default: ora } = await import('ora');
  return (text) => {
    const spinner = ora({ text, stream }).start();
    return {
      update(next) {
        spinner.text = next;
      },
      succeed(done) {
        spinner.succeed(done);
      },
      fail(failed) {
        spinner.fail(failed);
      },
    };
  };
}

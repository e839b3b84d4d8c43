import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { createSseParser, createStreamPrinter } from './sse.js';

/** A response as both paths see it: a status, a content type and the body as it arrives. */
export interface InvokeResponse {
  status: number;
  contentType: string;
  body: AsyncIterable<Uint8Array>;
}

function failure(status: number, message: string): CliError {
  const hint =
    status === 400
      ? 'check the payload and headers the agent expects (e.g. {"prompt":"..."})'
      : status === 401 || status === 403
        ? 'check the credentials or bearer token allowed to invoke this agent'
        : status === 404
          ? 'check the URL or the agent name'
          : 'see the agent logs (agentcore-ts status prints the log group)';
  return new CliError(
    { id: 'INVOKE_FAILED', category: 'user', details: { status }, hint },
    `the agent answered ${status}: ${message}`,
  );
}

/**
 * Prints a response: SSE events as they arrive, a JSON body pretty-printed, anything else as text. A status of
 * 400 or more, or an `error` event in the stream, becomes INVOKE_FAILED (non-zero exit).
 * @example await printResponse(response, deps, { raw: false });
 */
export async function printResponse(
  response: InvokeResponse,
  deps: CliDeps,
  options: { raw: boolean },
): Promise<void> {
  const decoder = new TextDecoder();
  if (response.contentType.includes('text/event-stream') && response.status < 400) {
    const parser = createSseParser();
    const printer = createStreamPrinter(deps.stdout, deps.stderr, options);
    for await (const chunk of response.body) {
      for (const event of parser.push(decoder.decode(chunk, { stream: true }))) printer.print(event);
    }
    for (const event of parser.end()) printer.print(event);
    printer.finish();
    if (printer.failed) throw failure(response.status, `error event in the stream: ${printer.failed}`);
    return;
  }
  let text = '';
  for await (const chunk of response.body) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  let formatted = text;
  if (response.contentType.includes('json')) {
    try {
      formatted = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON after all: print as received.
    }
  }
  if (response.status >= 400) {
    let message = text;
    try {
      const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
      message = String(parsed.error ?? parsed.message ?? text);
    } catch {
      // keep the raw text
    }
    throw failure(response.status, message);
  }
  deps.stdout.write(formatted.endsWith('\n') ? formatted : `${formatted}\n`);
}

/**
 * The one entrypoint every server of the HTTP benchmark runs: it answers at once. `{"stream": true}` in the
 * payload asks for `EVENTS_PER_RESPONSE` events (SSE); anything else gets one JSON object. Keeping the decision in
 * the payload, not in the headers, lets every framework run the same code unchanged.
 */
export const EVENTS_PER_RESPONSE = 10;

/** The session id every request carries (AgentCore's rule: 33 to 256 characters). */
export const SESSION_ID = 'bench-session-0000000000000000000000001';

export interface BenchPayload {
  prompt?: string;
  stream?: boolean;
}

/** The JSON answer. */
export function answer(payload: BenchPayload): { response: string } {
  return { response: `echo: ${payload.prompt ?? ''}` };
}

/** The streamed answer: ten small events, produced without waiting. */
export async function* events(payload: BenchPayload): AsyncGenerator<{ text: string; index: number }> {
  for (let index = 0; index < EVENTS_PER_RESPONSE; index++) {
    yield { text: `${payload.prompt ?? ''} ${index}`, index };
  }
}

/** What the entrypoint returns for a payload: a value, or an async iterable to stream. */
export function respond(
  payload: unknown,
): { response: string } | AsyncGenerator<{ text: string; index: number }> {
  const body = (payload ?? {}) as BenchPayload;
  return body.stream === true ? events(body) : answer(body);
}

/** The port the server was told to listen on: its first argument. */
export function portFromArgs(): number {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0)
    throw new Error('Pass the port to listen on as the first argument');
  return port;
}

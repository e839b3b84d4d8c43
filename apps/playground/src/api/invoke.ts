import { SseParser } from './sse.js';
import type { AgentEvent } from './types.js';

/** The AgentCore Runtime headers the agent reads the session and the actor from. */
export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
export const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';

/** Why an invocation failed, as the agent said it. */
export class InvocationError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'InvocationError';
  }
}

async function errorOf(response: Response): Promise<InvocationError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return new InvocationError(body.error, response.status);
  } catch {
    // Not JSON (a proxy error page, say): show the status and the start of the text.
  }
  return new InvocationError(
    `HTTP ${response.status}: ${text.slice(0, 200) || response.statusText}`,
    response.status,
  );
}

/**
 * Invokes the agent with `Accept: text/event-stream` and yields its events as they arrive. A failure
 * (an error status, or an `event: error` frame midway) is thrown as {@link InvocationError}.
 * @example for await (const event of invokeAgent({ prompt: 'Hi', actorId: 'user123', sessionId })) console.log(event);
 */
export async function* invokeAgent(input: {
  prompt: string;
  actorId: string;
  sessionId: string;
  signal?: AbortSignal;
}): AsyncGenerator<AgentEvent> {
  const response = await fetch('/invocations', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      [SESSION_HEADER]: input.sessionId,
      [ACTOR_HEADER]: input.actorId,
    },
    body: JSON.stringify({ prompt: input.prompt }),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (!response.ok) throw await errorOf(response);
  if (!response.headers.get('content-type')?.includes('text/event-stream') || !response.body) {
    // An entrypoint that answers JSON even to a streaming request: show its text as one reply.
    const body = (await response.json()) as { response?: unknown };
    const text = typeof body.response === 'string' ? body.response : JSON.stringify(body);
    yield { type: 'text-delta', text };
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { done, value } = await reader.read();
    const frames = done ? parser.end() : parser.push(value);
    for (const frame of frames) {
      const data = JSON.parse(frame.data) as AgentEvent | { error?: string };
      if (frame.event === 'error' || ('error' in data && !('type' in data))) {
        throw new InvocationError(String((data as { error?: string }).error ?? frame.data));
      }
      yield data as AgentEvent;
    }
    if (done) return;
  }
}

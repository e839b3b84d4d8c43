import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { printResponse } from './output.js';
import { type InvokeRequest, SESSION_HEADER } from './request.js';

/** The local agent's default address (AgentCore's port). */
export const DEFAULT_LOCAL_URL = 'http://127.0.0.1:8080';

/**
 * POSTs to `<url>/invocations` of a local agent with the AgentCore contract headers and prints the answer.
 * @example await invokeLocal('http://127.0.0.1:8080', request, deps, { raw: false });
 */
export async function invokeLocal(
  url: string,
  request: InvokeRequest,
  deps: CliDeps,
  options: { raw: boolean },
): Promise<void> {
  const target = `${url.replace(/\/+$/, '')}/invocations`;
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: request.stream ? 'text/event-stream' : 'application/json',
        [SESSION_HEADER]: request.sessionId,
        ...request.headers,
      },
      body: request.payload,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(
      {
        id: 'AGENT_NOT_REACHABLE',
        category: 'user',
        hint: 'start the agent (agentcore-ts dev) or pass its address with --local http://host:port',
      },
      `no agent answers at ${target} (${reason})`,
    );
  }
  const body = response.body ?? (async function* () {})();
  await printResponse(
    {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: body as AsyncIterable<Uint8Array>,
    },
    deps,
    options,
  );
}

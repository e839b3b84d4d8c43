import { CliError } from '../../core/errors.js';
import { runtimeSessionId } from '../../core/session-id.js';

export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
export const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';

/** Flags of `invoke`, as commander gives them. */
export interface InvokeOptions {
  sessionId?: string;
  actorId?: string;
  headers?: Record<string, string>;
  stream?: boolean;
  raw?: boolean;
  local?: string | boolean;
  agent?: string;
  profile?: string;
}

/** A validated invocation, the same for a local server and a deployed runtime. */
export interface InvokeRequest {
  payload: string;
  sessionId: string;
  stream: boolean;
  /** Custom headers, actor included. */
  headers: Record<string, string>;
}

/**
 * Validates the payload (JSON), the session id (33-256 characters) and the headers.
 * @example invokeRequest('{"prompt":"hi"}', { actorId: 'alice', stream: true });
 */
export function invokeRequest(payload: string, options: InvokeOptions): InvokeRequest {
  try {
    JSON.parse(payload);
  } catch (error) {
    throw new CliError(
      {
        id: 'PAYLOAD_NOT_JSON',
        category: 'user',
        exitCode: 2,
        hint: `quote the JSON for your shell, e.g. agentcore-ts invoke '{"prompt":"Hello"}'`,
      },
      `the payload is not JSON (${(error as Error).message}): ${payload.slice(0, 80)}`,
    );
  }
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.actorId !== undefined) {
    const clash = Object.keys(headers).find((name) => name.toLowerCase() === ACTOR_HEADER.toLowerCase());
    if (clash && headers[clash] !== options.actorId) {
      throw new CliError(
        {
          id: 'ACTOR_ID_CONFLICT',
          category: 'user',
          exitCode: 2,
          hint: 'pass the actor once: --actor-id or the header',
        },
        `--actor-id ${options.actorId} and --headers ${clash}:${headers[clash]} disagree`,
      );
    }
    headers[ACTOR_HEADER] = options.actorId;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
      throw new CliError(
        {
          id: 'HEADER_INVALID',
          category: 'user',
          exitCode: 2,
          hint: 'header names use letters, digits, - and _',
        },
        `--headers: ${JSON.stringify(name)} is not a header name`,
      );
    }
    if (Buffer.byteLength(value) > 4096) {
      throw new CliError(
        {
          id: 'HEADER_INVALID',
          category: 'user',
          exitCode: 2,
          hint: 'AgentCore forwards header values up to 4 KB',
        },
        `--headers: the value of ${name} is longer than 4 KB`,
      );
    }
  }
  return {
    payload,
    sessionId: runtimeSessionId(options.sessionId),
    stream: Boolean(options.stream),
    headers,
  };
}

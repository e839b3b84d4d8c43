import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../telemetry/logger.js';
import type { Authorizer } from './auth/jwt-authorizer.js';
import type { Deadlines } from './deadline.js';
import type { ErrorHook } from './error-reply.js';
import type { InFlightCounter } from './health.js';
import {
  type ContractHeaders,
  type HeaderAllowlist,
  type RequestContext,
  SESSION_ID_HEADER,
} from './request-context.js';

/**
 * The user's code behind `/invocations` and `/ws`. Return a value (sent as JSON) or an async iterable (each value
 * sent as one SSE frame, or one WebSocket frame). Throw an error with a 4xx `status`, a user `AgentError` or a
 * `ZodError` to answer 400-499 with its message; anything else is a 500 that hides the details.
 */
export type Entrypoint = (
  payload: unknown,
  context: RequestContext,
) => unknown | Promise<unknown> | AsyncIterable<unknown>;

/**
 * Hono environment of the agent app. Under `@hono/node-server` the bindings hold the Node request and response
 * (used for the fast paths); under `app.request(...)` they are absent.
 */
export interface AgentAppEnv {
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
  Variables: { contract: ContractHeaders };
}

/** What the route handlers share. */
export interface ServerDeps {
  entrypoint: Entrypoint;
  allowlist: HeaderAllowlist;
  maxPayloadBytes: number;
  logger: Logger;
  onError: ErrorHook | undefined;
  inFlight: InFlightCounter;
  /** Inbound auth; undefined when off (then no per-request auth work at all). */
  auth: Authorizer | undefined;
  /** The invocation timeout's watch; undefined for no limit. */
  deadlines: Deadlines | undefined;
}

/** A JSON answer not yet written: what the Hono route turns into a `Response` and the Node fast path writes. */
export interface JsonReply {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/**
 * A JSON answer, echoing the session id if known.
 * @example return jsonReply(400, { error: 'Invalid JSON: ...' }, sessionId);
 */
export function jsonReply(
  status: number,
  body: unknown,
  sessionId?: string,
  extraHeaders?: Record<string, string>,
): JsonReply {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (sessionId !== undefined) headers[SESSION_ID_HEADER] = sessionId;
  return { status, text: JSON.stringify(body), headers };
}

/**
 * The `Response` of a {@link JsonReply} (plain-object headers: the fast path of `@hono/node-server`).
 * @example return replyResponse(jsonReply(404, { error: 'Not found' }));
 */
export function replyResponse(reply: JsonReply): Response {
  return new Response(reply.text, { status: reply.status, headers: reply.headers });
}

/**
 * A JSON answer with plain-object headers (the fast path of `@hono/node-server`), echoing the session id if known.
 * @example return jsonResponse(400, { error: 'Invalid JSON: ...' }, sessionId);
 */
export function jsonResponse(
  status: number,
  body: unknown,
  sessionId?: string,
  extraHeaders?: Record<string, string>,
): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (sessionId !== undefined) headers[SESSION_ID_HEADER] = sessionId;
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * True for promises and other thenables (what `await` would wait for).
 * @example if (isPromiseLike(result)) await result;
 */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * True for values that `for await` can walk (async generators, Node readable streams), not for strings.
 * @example if (isAsyncIterable(result)) streamIt(result);
 */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

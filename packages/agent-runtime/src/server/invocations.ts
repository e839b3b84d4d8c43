import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { AgentError } from '../errors.js';
import { bindIdentity } from './auth/bind.js';
import { authRefusalResponse } from './auth/challenge.js';
import { checkContentLength, parseJsonBody, readBody } from './body.js';
import { replyForFailure } from './error-reply.js';
import { EVENT_STREAM_HEADERS, type EventSource, eventStreamBody, pipeEventStream } from './event-stream.js';
import {
  type ContractHeadersResult,
  createRequestContext,
  headersToRecord,
  readContractHeaders,
  SESSION_ID_HEADER,
} from './request-context.js';
import {
  type AgentAppEnv,
  isAsyncIterable,
  isPromiseLike,
  type JsonReply,
  jsonReply,
  replyResponse,
  type ServerDeps,
} from './responses.js';

/** A 413 closes the connection rather than reading (up to 100 MB of) a body nobody wants. */
const CLOSE_CONNECTION = { connection: 'close' };

/**
 * Contract headers, after inbound auth when it is on: an unauthenticated caller learns nothing about the other
 * headers, and with auth the actor comes from the token. Returns a ready refusal, or the validated headers.
 * @example const checked = await checkRequest(deps, incoming.headers); if (checked instanceof Response) return checked;
 */
export async function checkRequest(
  deps: ServerDeps,
  rawHeaders: IncomingHttpHeaders,
): Promise<Response | ContractHeadersResult> {
  if (deps.auth === undefined) return readContractHeaders(rawHeaders, deps.allowlist);
  const verdict = await deps.auth.authorize(rawHeaders.authorization);
  // An unauthenticated body is never read: the connection is closed instead of drained.
  if (!verdict.ok) return authRefusalResponse(verdict, CLOSE_CONNECTION);
  const contract = readContractHeaders(rawHeaders, deps.allowlist);
  if (!contract.ok) return contract;
  const mismatch = bindIdentity(contract.value, rawHeaders, verdict.identity);
  return mismatch ? authRefusalResponse(mismatch, CLOSE_CONNECTION) : contract;
}

/**
 * What an invocation answers: JSON (status, text, headers), a ready `Response` (auth refusals, a stream for a
 * caller without a Node socket), or `sent` when the event stream was already written to the Node response.
 */
export type InvocationReply = JsonReply | Response | 'sent';

/** Where one invocation comes from: the Node request and response when there are, the web request otherwise. */
export interface InvocationIo {
  rawHeaders: IncomingHttpHeaders;
  body: IncomingMessage | ReadableStream<Uint8Array> | null;
  /** The Node response: the SSE stream is written to it, and its `close` aborts the context's signal. */
  outgoing: ServerResponse | undefined;
  /** Aborts the context's signal when there is no Node response. */
  signal: AbortSignal | undefined;
}

/**
 * One `POST /invocations`: auth (when on), contract headers, size limit, JSON body, the entrypoint under the
 * invocation timeout, then JSON or SSE. Shared by the Hono route and the Node fast path (`node-fast-path.ts`).
 * @example const reply = await runInvocation(deps, { rawHeaders, body: incoming, outgoing, signal: undefined });
 */
export async function runInvocation(deps: ServerDeps, io: InvocationIo): Promise<InvocationReply> {
  const { rawHeaders, outgoing } = io;
  const contract =
    deps.auth === undefined
      ? readContractHeaders(rawHeaders, deps.allowlist)
      : await checkRequest(deps, rawHeaders);
  if (contract instanceof Response) return contract;
  if (!contract.ok) return jsonReply(400, { error: contract.error });
  const { sessionId } = contract.value;
  const declaredTooLarge = checkContentLength(rawHeaders['content-length'], deps.maxPayloadBytes);
  if (declaredTooLarge) {
    return jsonReply(413, { error: declaredTooLarge.message }, sessionId, CLOSE_CONNECTION);
  }
  const { deadlines } = deps;
  // Under Node, the signal is derived from the response only if the entrypoint asks for it.
  const context = createRequestContext(
    contract.value,
    outgoing ?? io.signal ?? new AbortController().signal,
    deps.logger,
    deadlines !== undefined,
  );

  deps.inFlight.enter();
  let handedOff = false;
  try {
    let payload: unknown;
    try {
      payload = parseJsonBody(await readBody(io.body, deps.maxPayloadBytes));
    } catch (error) {
      const tooLarge = error instanceof AgentError && error.id === 'SERVER_PAYLOAD_TOO_LARGE';
      const message = error instanceof Error ? error.message : String(error);
      return jsonReply(tooLarge ? 413 : 400, { error: message }, sessionId, tooLarge ? CLOSE_CONNECTION : {});
    }

    const failed = (error: unknown): JsonReply => {
      const reply = replyForFailure(error, context, deps.onError);
      return jsonReply(reply.status, { error: reply.message }, sessionId);
    };
    // The clock starts once the body is in: slow uploads are the HTTP server's timeouts' business.
    deadlines?.start(context);
    let result: unknown;
    try {
      const work = deps.entrypoint(payload, context);
      // A value returned at once is used at once (no turn of the microtask queue).
      if (!isPromiseLike(work)) result = work;
      else result = deadlines ? await context.settleBeforeDeadline(work) : await work;
    } catch (error) {
      return failed(error);
    }

    if (!isAsyncIterable(result)) {
      let text: string;
      try {
        text = JSON.stringify(result) ?? 'null';
      } catch (error) {
        return failed(error);
      }
      return {
        status: 200,
        text,
        headers: { 'content-type': 'application/json', [SESSION_ID_HEADER]: sessionId },
      };
    }

    // The first value is awaited before any byte is sent, so a stream that fails at once still gets its status.
    let source: EventSource;
    try {
      const iterator = result[Symbol.asyncIterator]();
      const describeFailure = (error: unknown): string =>
        replyForFailure(error, context, deps.onError).message;
      const first = iterator.next();
      source = {
        iterator,
        first: deadlines ? await context.settleBeforeDeadline(first) : await first,
        describeFailure,
      };
    } catch (error) {
      return failed(error);
    }
    const headers = { ...EVENT_STREAM_HEADERS, [SESSION_ID_HEADER]: sessionId };
    if (outgoing) {
      await pipeEventStream(outgoing, headers, source);
      return 'sent';
    }
    handedOff = true;
    return new Response(
      eventStreamBody(source, () => {
        deadlines?.finish(context);
        deps.inFlight.leave();
      }),
      { status: 200, headers },
    );
  } finally {
    if (!handedOff) {
      deadlines?.finish(context);
      deps.inFlight.leave();
    }
  }
}

/**
 * The `POST /invocations` route of the Hono app: requests that do not take the Node fast path, and `app.request`.
 * @example app.post('/invocations', createInvocationHandler(deps));
 */
export function createInvocationHandler(deps: ServerDeps): (c: Context<AgentAppEnv>) => Promise<Response> {
  return async (c) => {
    const incoming = c.env?.incoming;
    const outgoing = c.env?.outgoing;
    // Under @hono/node-server, touching c.req.raw builds a whole web Request: only without a Node request.
    const reply = await runInvocation(deps, {
      rawHeaders: incoming ? incoming.headers : headersToRecord(c.req.raw.headers),
      body: incoming ?? c.req.raw.body,
      outgoing,
      signal: outgoing ? undefined : c.req.raw.signal,
    });
    if (reply === 'sent') return RESPONSE_ALREADY_SENT;
    return reply instanceof Response ? reply : replyResponse(reply);
  };
}

import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { AgentError } from '../errors.js';
import { checkContentLength, parseJsonBody, readBody } from './body.js';
import { replyForFailure } from './error-reply.js';
import { EVENT_STREAM_HEADERS, type EventSource, eventStreamBody, pipeEventStream } from './event-stream.js';
import {
  createRequestContext,
  headersToRecord,
  readContractHeaders,
  SESSION_ID_HEADER,
} from './request-context.js';
import { type AgentAppEnv, isAsyncIterable, jsonResponse, type ServerDeps } from './responses.js';

/** A 413 closes the connection rather than reading (up to 100 MB of) a body nobody wants. */
const CLOSE_CONNECTION = { connection: 'close' };

/**
 * The `POST /invocations` handler: contract headers, size limit, JSON body, the entrypoint, then JSON or SSE.
 * @example app.post('/invocations', createInvocationHandler(deps));
 */
export function createInvocationHandler(deps: ServerDeps): (c: Context<AgentAppEnv>) => Promise<Response> {
  return async (c) => {
    const incoming = c.env?.incoming;
    const outgoing = c.env?.outgoing;
    const rawHeaders = incoming ? incoming.headers : headersToRecord(c.req.raw.headers);
    const contract = readContractHeaders(rawHeaders, deps.allowlist);
    if (!contract.ok) return jsonResponse(400, { error: contract.error });
    const { sessionId } = contract.value;
    const declaredTooLarge = checkContentLength(rawHeaders['content-length'], deps.maxPayloadBytes);
    if (declaredTooLarge) {
      return jsonResponse(413, { error: declaredTooLarge.message }, sessionId, CLOSE_CONNECTION);
    }
    // Under Node, the signal is derived from the response only if the entrypoint asks for it.
    const context = createRequestContext(contract.value, outgoing ?? c.req.raw.signal, deps.logger);

    deps.inFlight.enter();
    let handedOff = false;
    try {
      let payload: unknown;
      try {
        payload = parseJsonBody(await readBody(incoming ?? c.req.raw.body, deps.maxPayloadBytes));
      } catch (error) {
        const tooLarge = error instanceof AgentError && error.id === 'SERVER_PAYLOAD_TOO_LARGE';
        const message = error instanceof Error ? error.message : String(error);
        return jsonResponse(
          tooLarge ? 413 : 400,
          { error: message },
          sessionId,
          tooLarge ? CLOSE_CONNECTION : {},
        );
      }

      const failed = (error: unknown): Response => {
        const reply = replyForFailure(error, context, deps.onError);
        return jsonResponse(reply.status, { error: reply.message }, sessionId);
      };
      let result: unknown;
      try {
        result = await deps.entrypoint(payload, context);
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
        return new Response(text, {
          status: 200,
          headers: { 'content-type': 'application/json', [SESSION_ID_HEADER]: sessionId },
        });
      }

      // The first value is awaited before any byte is sent, so a stream that fails at once still gets its status.
      let source: EventSource;
      try {
        const iterator = result[Symbol.asyncIterator]();
        const describeFailure = (error: unknown): string =>
          replyForFailure(error, context, deps.onError).message;
        source = { iterator, first: await iterator.next(), describeFailure };
      } catch (error) {
        return failed(error);
      }
      const headers = { ...EVENT_STREAM_HEADERS, [SESSION_ID_HEADER]: sessionId };
      if (outgoing) {
        await pipeEventStream(outgoing, headers, source);
        return RESPONSE_ALREADY_SENT;
      }
      handedOff = true;
      return new Response(
        eventStreamBody(source, () => deps.inFlight.leave()),
        { status: 200, headers },
      );
    } finally {
      if (!handedOff) deps.inFlight.leave();
    }
  };
}

import type { WSContext, WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';
import { errorMessage } from '../errors.js';
import { parseJsonBody, payloadTooLarge } from './body.js';
import { replyForFailure } from './error-reply.js';
import { type ContractHeaders, createRequestContext, type RequestContext } from './request-context.js';
import { isAsyncIterable, type ServerDeps } from './responses.js';

const OPEN = 1;

function send(ws: WSContext<WebSocket>, text: string): void {
  if (ws.readyState === OPEN) ws.send(text);
}

function sendError(ws: WSContext<WebSocket>, message: string): void {
  send(ws, JSON.stringify({ error: message }));
}

/**
 * The events of one `/ws` connection. Frame protocol:
 * - each text frame from the client is one JSON payload, handed to the entrypoint like a `POST /invocations` body;
 *   frames are handled one at a time, in order, so the answers of two payloads never interleave;
 * - a plain result comes back as one text frame holding its JSON; a streamed result (async iterable) as one text
 *   frame per value, in order;
 * - a failure (malformed JSON, a binary frame, a message over `maxPayloadBytes`, an entrypoint error) comes back as one `{"error": "..."}` text frame,
 *   with the same messages as the HTTP route, and the socket stays open;
 * - all payloads of a connection share the context read from the upgrade request (session, actor and request id,
 *   allow-listed headers); its `signal` aborts when the socket closes, which also stops a stream in progress.
 * @example app.get('/ws', upgradeWebSocket((c) => createWebSocketEvents(deps, c.get('contract'))));
 */
export function createWebSocketEvents(deps: ServerDeps, contract: ContractHeaders): WSEvents<WebSocket> {
  const controller = new AbortController();
  const context = createRequestContext(contract, controller.signal, deps.logger);
  let queue: Promise<void> = Promise.resolve();
  return {
    onMessage(event, ws) {
      const data: unknown = event.data;
      queue = queue
        .then(() => handleMessage(deps, context, data, ws, () => controller.abort()))
        .catch((error: unknown) => context.logger.error({ err: error }, 'websocket message handling failed'));
    },
    onClose() {
      controller.abort();
    },
    onError(event) {
      context.logger.warn({ err: (event as { error?: unknown }).error }, 'websocket error');
    },
  };
}

async function handleMessage(
  deps: ServerDeps,
  context: RequestContext,
  data: unknown,
  ws: WSContext<WebSocket>,
  socketGone: () => void,
): Promise<void> {
  if (context.signal.aborted) return;
  if (typeof data !== 'string') {
    sendError(ws, 'Binary frames are not supported: send the JSON payload as a text frame');
    return;
  }
  const size = Buffer.byteLength(data);
  if (size > deps.maxPayloadBytes) {
    sendError(ws, payloadTooLarge(`the message is ${size} bytes`, deps.maxPayloadBytes).message);
    return;
  }
  let payload: unknown;
  try {
    payload = parseJsonBody(data);
  } catch (error) {
    sendError(ws, errorMessage(error));
    return;
  }
  deps.inFlight.enter();
  try {
    const result = await deps.entrypoint(payload, context);
    if (!isAsyncIterable(result)) {
      send(ws, JSON.stringify(result) ?? 'null');
      return;
    }
    for await (const value of result) {
      if (ws.readyState !== OPEN) {
        // Closing already: 'close' comes only after the handshake, so abort now, before the generator's clean-up
        // runs (leaving the loop calls its return()).
        socketGone();
        break;
      }
      send(ws, JSON.stringify(value) ?? 'null');
    }
  } catch (error) {
    sendError(ws, replyForFailure(error, context, deps.onError).message);
  } finally {
    deps.inFlight.leave();
  }
}

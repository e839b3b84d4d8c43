import type { WSContext, WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';
import { errorMessage } from '../errors.js';
import { parseJsonBody, payloadTooLarge } from './body.js';
import { replyForFailure } from './error-reply.js';
import {
  type ContractHeaders,
  createRequestContext,
  type ExpiringRequestContext,
} from './request-context.js';
import { isAsyncIterable, isPromiseLike, type ServerDeps } from './responses.js';

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
 * - all payloads of a connection share what the upgrade request said (session, actor and request id, allow-listed
 *   headers, the token's identity); each payload's `signal` aborts when the socket closes, which also stops a
 *   stream in progress, or when that payload's invocation timeout passes;
 * - with auth on, a payload that arrives after the upgrade token's `exp` gets an error frame and the socket is
 *   closed with 1008 (policy violation): reconnect with a fresh token.
 * @example app.get('/ws', upgradeWebSocket((c) => createWebSocketEvents(deps, c.get('contract'))));
 */
export function createWebSocketEvents(deps: ServerDeps, contract: ContractHeaders): WSEvents<WebSocket> {
  const controller = new AbortController();
  const timed = deps.deadlines !== undefined;
  const connection = createRequestContext(contract, controller.signal, deps.logger);
  let queue: Promise<void> = Promise.resolve();
  return {
    onMessage(event, ws) {
      const data: unknown = event.data;
      queue = queue
        .then(() => {
          if (tokenExpired(contract)) {
            sendError(
              ws,
              'Invalid token: it expired since the WebSocket was opened; reconnect with a fresh token',
            );
            ws.close(1008, 'token expired');
            return;
          }
          const context = createRequestContext(contract, controller.signal, deps.logger, timed);
          return handleMessage(deps, context, data, ws, () => controller.abort());
        })
        .catch((error: unknown) =>
          connection.logger.error({ err: error }, 'websocket message handling failed'),
        );
    },
    onClose() {
      controller.abort();
    },
    onError(event) {
      connection.logger.warn({ err: (event as { error?: unknown }).error }, 'websocket error');
    },
  };
}

function tokenExpired(contract: ContractHeaders): boolean {
  const expiresAt = contract.identity?.expiresAt;
  return expiresAt !== undefined && Date.now() >= expiresAt * 1000;
}

async function handleMessage(
  deps: ServerDeps,
  context: ExpiringRequestContext,
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
  const { deadlines } = deps;
  deadlines?.start(context);
  try {
    const work = deps.entrypoint(payload, context);
    const result = deadlines && isPromiseLike(work) ? await context.settleBeforeDeadline(work) : await work;
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
    deadlines?.finish(context);
    deps.inFlight.leave();
  }
}

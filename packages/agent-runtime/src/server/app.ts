import { randomUUID } from 'node:crypto';
import type { NodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { AgentError, errorMessage } from '../errors.js';
import { type Logger, silentLogger } from '../telemetry/logger.js';
import { type Authorizer, createJwtAuthorizer } from './auth/jwt-authorizer.js';
import type { JwtAuthOptions } from './auth/options.js';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './body.js';
import { Deadlines } from './deadline.js';
import type { ErrorHook } from './error-reply.js';
import { HealthTracker, InFlightCounter } from './health.js';
import { checkRequest, createInvocationHandler } from './invocations.js';
import { lazyWebSocket } from './lazy-websocket.js';
import { registerFastPath } from './node-fast-path.js';
import { type ContractHeaders, createHeaderAllowlist, headersToRecord } from './request-context.js';
import { type AgentAppEnv, type Entrypoint, jsonResponse, type ServerDeps } from './responses.js';
import { createWebSocketEvents } from './websocket.js';

/** Options of {@link createAgentApp}. */
export interface AgentAppOptions {
  /** The agent: gets the JSON payload and the {@link RequestContext}; returns a value or an async iterable. */
  entrypoint: Entrypoint;
  /** Largest request body in bytes. Default 100,000,000 (AgentCore's payload limit). */
  maxPayloadBytes?: number;
  /** Structured logger (pino). Default: silent. */
  logger?: Logger;
  /**
   * Extra header names passed to the entrypoint in `context.headers` (case-insensitive). `Authorization`,
   * `X-Amzn-Bedrock-AgentCore-Runtime-Custom-*` and the AgentCore Identity headers (workload access token,
   * OAuth2 callback URL) always pass.
   */
  requestHeaderAllowlist?: readonly string[];
  /** Observes entrypoint failures; may return `{ status, message }` to answer instead of the default mapping. */
  onError?: ErrorHook;
  /** Health tracker to report on `/ping`; pass one to share it with code created before the app. */
  health?: HealthTracker;
  /**
   * Inbound JWT auth on `/invocations` and `/ws` (`/ping` stays open: the platform calls it): AgentCore's
   * `customJWTAuthorizer` settings, or your own {@link Authorizer}. With it, the actor is the token's.
   * Default: off.
   */
  auth?: JwtAuthOptions | Authorizer;
  /**
   * Milliseconds one invocation may take (a WebSocket payload: each one); past it the context's signal aborts and
   * the caller gets 408 `INVOCATION_TIMEOUT` (an SSE stream: an error frame). 0 means no limit. Default 900,000
   * (AgentCore's synchronous request timeout).
   */
  invocationTimeoutMs?: number;
}

/** The app and what the server (and the agent's code) need around it. */
export interface AgentApp {
  /** The Hono app: `app.request(...)` in tests, `app.fetch` for any adapter. */
  app: Hono<AgentAppEnv>;
  /** What `/ping` reports: `track()` background work, `addBusySource()` pollers. */
  health: HealthTracker;
  /** Invocations being served (HTTP requests and WebSocket payloads). */
  inFlight: InFlightCounter;
  /** Attaches the `/ws` upgrade handling to a Node server (done by {@link serveAgentApp}). */
  injectWebSocket: NodeWebSocket['injectWebSocket'];
  /**
   * The WebSocket server behind `/ws`, whose `clients` are closed at shutdown; undefined until the first upgrade
   * request loads it (`ws` is not loaded at start-up).
   */
  readonly webSocketServer: NodeWebSocket['wss'] | undefined;
  logger: Logger;
  /** True when inbound auth is on (the server warns at start-up when it is off on a non-loopback address). */
  authEnabled: boolean;
}

/** AgentCore Runtime's synchronous request timeout, the default invocation timeout. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 900_000;

const ROUTES = 'POST /invocations, GET /ping, GET /ws';

function checkMaxPayload(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new AgentError(
      { id: 'SERVER_MAX_PAYLOAD_INVALID', category: 'config', details: { maxPayloadBytes: value } },
      `maxPayloadBytes must be a positive integer number of bytes, got ${value}`,
    );
  }
  return value;
}

function timeoutWatch(value: number): Deadlines | undefined {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AgentError(
      {
        id: 'SERVER_INVOCATION_TIMEOUT_INVALID',
        category: 'config',
        details: { invocationTimeoutMs: value },
      },
      `invocationTimeoutMs must be a whole number of milliseconds (0 for no limit), got ${value}`,
    );
  }
  return value === 0 ? undefined : new Deadlines(value);
}

function methodNotAllowed(path: string, allowed: string) {
  return (c: { req: { method: string } }): Response =>
    jsonResponse(
      405,
      { error: `Method ${c.req.method} is not allowed on ${path}; use ${allowed}` },
      undefined,
      {
        allow: allowed,
      },
    );
}

/**
 * The AgentCore Runtime HTTP contract on Hono: `POST /invocations` (JSON in; JSON, or SSE when the entrypoint returns
 * an async iterable), `GET /ping` (`Healthy` / `HealthyBusy`), `GET /ws` (WebSocket, see
 * {@link createWebSocketEvents} for the frame protocol). Session id (33-256 characters, generated when absent and
 * echoed back), request id and actor id (`...-Runtime-Custom-Actor-Id`, AgentCore Memory rule, default `user`) are
 * read from the headers; with `auth`, a bearer JWT is required on `/invocations` and `/ws` and the actor is the
 * token's (401 / 403 with a `WWW-Authenticate` challenge otherwise). An async iterable is streamed as SSE whatever
 * the `Accept` header says (the entrypoint can read `context.acceptsEventStream` to choose). Errors are
 * `{"error": "..."}` JSON: 400 for bad input, 413 over `maxPayloadBytes`, 408 past `invocationTimeoutMs`, other
 * 4xx for limits the entrypoint raises (429 for a busy session...), 404/405 for other routes, 503 when a service
 * the agent needs is down, 500 with only the request id for internal failures (details in the log).
 * @example
 * const agentApp = createAgentApp({
 *   entrypoint: async ({ prompt }: { prompt: string }, context) => ({ answer: `hi ${context.actorId}: ${prompt}` }),
 * });
 * const res = await agentApp.app.request('/invocations', { method: 'POST', body: '{"prompt":"hello"}' });
 */
export function createAgentApp(options: AgentAppOptions): AgentApp {
  const logger = options.logger ?? silentLogger;
  const deps: ServerDeps = {
    entrypoint: options.entrypoint,
    allowlist: createHeaderAllowlist(options.requestHeaderAllowlist),
    maxPayloadBytes: checkMaxPayload(options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES),
    logger,
    onError: options.onError,
    inFlight: new InFlightCounter(),
    auth:
      options.auth === undefined
        ? undefined
        : 'authorize' in options.auth
          ? options.auth
          : createJwtAuthorizer(options.auth, logger),
    deadlines: timeoutWatch(options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS),
  };
  const health = options.health ?? new HealthTracker({ logger });
  const app = new Hono<AgentAppEnv>();
  const webSocket = lazyWebSocket(app, logger);

  const ping = (): ReturnType<HealthTracker['ping']> => {
    try {
      return health.ping();
    } catch (error) {
      // As the AWS SDKs: /ping never fails.
      logger.warn({ err: error }, `health check failed, answering Healthy: ${errorMessage(error)}`);
      return { status: 'Healthy', time_of_last_update: Math.floor(Date.now() / 1000) };
    }
  };
  const own = {
    invoke: createInvocationHandler(deps),
    invokeOtherMethod: methodNotAllowed('/invocations', 'POST'),
    ping: () => jsonResponse(200, ping()),
    pingOtherMethod: methodNotAllowed('/ping', 'GET'),
  };
  app.post('/invocations', own.invoke);
  app.all('/invocations', own.invokeOtherMethod);
  app.get('/ping', own.ping);
  app.all('/ping', own.pingOtherMethod);
  // serveAgentApp answers these two straight from Node while no route of the user's could shadow them.
  registerFastPath(app, { deps, health, handlers: new Set(Object.values(own)), ping });

  app.get(
    '/ws',
    async (c, next) => {
      const incoming = c.env?.incoming;
      const contract = await checkRequest(deps, incoming?.headers ?? headersToRecord(c.req.raw.headers));
      if (contract instanceof Response) return contract;
      if (!contract.ok) return jsonResponse(400, { error: contract.error });
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        return jsonResponse(
          426,
          { error: 'GET /ws expects a WebSocket upgrade (Upgrade: websocket)' },
          undefined,
          {
            upgrade: 'websocket',
          },
        );
      }
      if (!incoming) {
        return jsonResponse(501, {
          error: 'WebSocket needs the Node server: start the app with serveAgentApp',
        });
      }
      c.set('contract', contract.value);
      await next();
    },
    webSocket.upgradeWebSocket((c) => createWebSocketEvents(deps, c.get('contract') as ContractHeaders), {
      onError: (error: unknown) => logger.warn({ err: error }, 'websocket handler failed'),
    }),
  );
  app.all('/ws', methodNotAllowed('/ws', 'GET'));

  app.notFound((c) =>
    jsonResponse(404, { error: `Not found: ${c.req.method} ${c.req.path}. Routes: ${ROUTES}` }),
  );
  app.onError((error) => {
    const requestId = randomUUID();
    logger.error({ err: error, requestId }, 'unhandled server error');
    return jsonResponse(500, { error: `Internal error (request id ${requestId})` });
  });

  return {
    app,
    health,
    inFlight: deps.inFlight,
    injectWebSocket: webSocket.injectWebSocket,
    get webSocketServer() {
      return webSocket.server;
    },
    logger,
    authEnabled: deps.auth !== undefined,
  };
}

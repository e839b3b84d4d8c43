/**
 * The Node fast path: `POST /invocations` and `GET /ping` answered straight from Node's request and response,
 * without building the web `Request` / `Response` pair and routing through Hono (about a quarter of the CPU a
 * bare invocation costs). It answers exactly as the Hono routes do (same code, `runInvocation`). It is taken only
 * while every route that could match `/invocations` or `/ping` is one of ours: once the user adds one that could
 * (`app.use('*', ...)`, a wildcard or parameter route, another handler on the same path; Hono would still run
 * ours first), every request goes through Hono, so that nothing depends on that reasoning. Other paths, methods
 * and WebSocket upgrades always go through Hono.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import { errorMessage } from '../errors.js';
import type { HealthTracker } from './health.js';
import { type InvocationReply, runInvocation } from './invocations.js';
import type { AgentAppEnv, ServerDeps } from './responses.js';

/** What the fast path needs from the app it serves. */
export interface FastPathParts {
  deps: ServerDeps;
  health: HealthTracker;
  /** Our own route handlers, by identity. */
  handlers: ReadonlySet<unknown>;
  /** `/ping`'s answer (never fails). */
  ping(): unknown;
}

const registry = new WeakMap<Hono<AgentAppEnv>, FastPathParts>();

/**
 * Records what the fast path of `app` needs (called by `createAgentApp`).
 * @example registerFastPath(app, { deps, health, handlers: new Set([invocationHandler]), ping });
 */
export function registerFastPath(app: Hono<AgentAppEnv>, parts: FastPathParts): void {
  registry.set(app, parts);
}

const TARGETS = new Set(['invocations', 'ping']);
const DYNAMIC = /[:*{}?(]/;

/** True when a route registered on `path` could answer `/invocations` or `/ping`. */
export function routeCouldShadow(path: string): boolean {
  if (!DYNAMIC.test(path)) return path === '/invocations' || path === '/ping';
  const first = path.split('/').find((segment) => segment !== '') ?? '';
  // A route whose first segment is fixed and different cannot match either path.
  return first === '' || DYNAMIC.test(first) || TARGETS.has(first);
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Writes an invocation's reply to Node's response: JSON at once (no promise), a web `Response` once its body is read.
 * @example writeReply(outgoing, { status: 200, text: '{}', headers: { 'content-type': 'application/json' } });
 */
export function writeReply(outgoing: ServerResponse, reply: InvocationReply): Promise<void> | undefined {
  if (reply === 'sent') return undefined;
  if (reply instanceof Response) return writeResponse(outgoing, reply);
  const headers: Record<string, string | number> = reply.headers;
  headers['content-length'] = Buffer.byteLength(reply.text);
  outgoing.writeHead(reply.status, headers);
  outgoing.end(reply.text);
  return undefined;
}

/** Rare answers built as web Responses (auth refusals): copied over as they are. */
async function writeResponse(outgoing: ServerResponse, reply: Response): Promise<void> {
  const body = Buffer.from(await reply.arrayBuffer());
  const headers: Record<string, string | number> = {};
  reply.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers['content-length'] = body.byteLength;
  outgoing.writeHead(reply.status, headers);
  outgoing.end(body);
}

function fail(parts: FastPathParts, outgoing: ServerResponse, error: unknown): void {
  const requestId = randomUUID();
  parts.deps.logger.error({ err: error, requestId }, `unhandled server error: ${errorMessage(error)}`);
  if (outgoing.headersSent) {
    outgoing.destroy();
    return;
  }
  const text = JSON.stringify({ error: `Internal error (request id ${requestId})` });
  outgoing.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  outgoing.end(text);
}

/**
 * The fast path of an app made by `createAgentApp`, or undefined for any other Hono app. It returns true when it
 * took the request, false to let Hono have it.
 * @example const fast = nodeFastPath(app); server.on('request', (req, res) => fast?.(req, res) || hono(req, res));
 */
export function nodeFastPath(
  app: Hono<AgentAppEnv>,
): ((incoming: IncomingMessage, outgoing: ServerResponse) => boolean) | undefined {
  const parts = registry.get(app);
  if (!parts) return undefined;
  let checkedRoutes = -1;
  let allowed = false;
  const isAllowed = (): boolean => {
    // Routes are only ever added: look again only when their number changed.
    if (app.routes.length !== checkedRoutes) {
      checkedRoutes = app.routes.length;
      allowed = app.routes.every(
        (route) => parts.handlers.has(route.handler) || !routeCouldShadow(route.path),
      );
    }
    return allowed;
  };
  return (incoming, outgoing) => {
    const method = incoming.method;
    if (method !== 'POST' && method !== 'GET') return false;
    const path = pathOf(incoming.url);
    if (method === 'POST' ? path !== '/invocations' : path !== '/ping') return false;
    if (!isAllowed()) return false;
    if (method === 'GET') {
      const text = JSON.stringify(parts.ping());
      outgoing.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      outgoing.end(text);
      return true;
    }
    const failed = (error: unknown): void => fail(parts, outgoing, error);
    runInvocation(parts.deps, {
      rawHeaders: incoming.headers,
      body: incoming,
      outgoing,
      signal: undefined,
    }).then((reply) => {
      try {
        writeReply(outgoing, reply)?.catch(failed);
      } catch (error) {
        failed(error);
      }
    }, failed);
    return true;
  };
}

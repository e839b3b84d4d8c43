import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { AgentApp } from './app.js';
import { nodeFastPath } from './node-fast-path.js';

/** Options of {@link serveAgentApp}. */
export interface ServeOptions {
  /** Default 8080 (the AgentCore contract). 0 picks a free port. */
  port?: number;
  /** Default `0.0.0.0`, as AgentCore requires. */
  host?: string;
  /** How long shutdown waits for in-flight requests and tracked background tasks. Default 10,000 ms. */
  shutdownTimeoutMs?: number;
  /** Shut down gracefully on SIGTERM / SIGINT (a second signal forces it). Default true. */
  handleSignals?: boolean;
}

/** A running agent server. */
export interface RunningAgentServer {
  /** The port actually bound. */
  port: number;
  /** A URL that reaches the server from this machine (`0.0.0.0` is shown as `127.0.0.1`). */
  url: string;
  /** Graceful shutdown (same as on SIGTERM); resolves when the server is closed. Idempotent. */
  close(): Promise<void>;
  /** Resolves when the server has shut down, by signal or by `close()`: await it, then exit. */
  closed: Promise<void>;
  /** The Node server. */
  server: Server;
}

const POLL_MS = 20;

/** Hosts only this machine can reach. */
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/;

/**
 * The start-up warning for a server without inbound auth on an address other machines can reach, or undefined.
 * @example const warning = unauthenticatedWarning('0.0.0.0', false);
 */
export function unauthenticatedWarning(host: string, authEnabled: boolean): string | undefined {
  if (authEnabled || LOOPBACK_HOST.test(host)) return undefined;
  return (
    `INBOUND AUTH IS OFF and the server listens on ${host}: anyone who can reach it can invoke the agent as ANY ` +
    'actor (the X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id header) and read that actor\u2019s memory. ' +
    'Set AUTH_DISCOVERY_URL (with AUTH_ALLOWED_AUDIENCES or AUTH_ALLOWED_CLIENTS) to require a JWT and take the ' +
    'actor from it, or HOST=127.0.0.1 to listen on this machine only. Behind AgentCore Runtime, the platform ' +
    'authenticates callers (IAM or its JWT authorizer), but the actor header is still whatever the caller sends.'
  );
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Resolves true when `done()` holds, false at the deadline; runs `tick` on each poll. */
async function waitUntil(done: () => boolean, deadline: () => number, tick?: () => void): Promise<boolean> {
  for (;;) {
    tick?.();
    if (done()) return true;
    if (Date.now() >= deadline()) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Serves an agent app with `@hono/node-server` (WebSocket included); `POST /invocations` and `GET /ping` take a
 * Node fast path with the same answers (see `node-fast-path.ts`). Shutdown (SIGTERM / SIGINT or `close()`):
 * stop accepting connections, let in-flight invocations and tracked background tasks finish within
 * `shutdownTimeoutMs`, close WebSockets (1001) and idle keep-alive sockets, then cut whatever is left.
 * @example
 * const server = await serveAgentApp(createAgentApp({ entrypoint }), { port: 8080 });
 * await server.closed; // after SIGTERM
 * process.exit(0);
 */
export async function serveAgentApp(
  agentApp: AgentApp,
  options: ServeOptions = {},
): Promise<RunningAgentServer> {
  const { port = 8080, host = '0.0.0.0', shutdownTimeoutMs = 10_000, handleSignals = true } = options;
  const { logger, inFlight, health } = agentApp;
  const viaHono = getRequestListener(agentApp.app.fetch);
  const fast = nodeFastPath(agentApp.app);
  const server = createServer((incoming, outgoing) => {
    if (fast?.(incoming, outgoing)) return;
    void viaHono(incoming, outgoing);
  });
  agentApp.injectWebSocket(server);
  await listen(server, port, host);
  const boundPort = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${boundPort}`;
  logger.info({ url, host, port: boundPort }, `agent server listening on ${url}`);
  const warning = unauthenticatedWarning(host, agentApp.authEnabled);
  if (warning) logger.warn({ host, auth: 'off' }, warning);

  let closing: Promise<void> | undefined;
  let deadline = Number.POSITIVE_INFINITY;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  const forceNow = (): void => {
    deadline = Date.now();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn({ signal }, 'second signal: closing all connections now');
      forceNow();
      return;
    }
    void close(signal);
  };
  if (handleSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  async function shutdown(reason: string): Promise<void> {
    deadline = Date.now() + shutdownTimeoutMs;
    logger.info(
      { reason, inFlight: inFlight.count, backgroundTasks: health.pendingTasks, shutdownTimeoutMs },
      'agent server shutting down',
    );
    let serverClosed = false;
    const serverClosedPromise = new Promise<void>((resolve) => {
      server.close(() => {
        serverClosed = true;
        resolve();
      });
    });
    const drained = await waitUntil(
      () => inFlight.count === 0 && health.status() === 'Healthy',
      () => deadline,
      // Keep-alive sockets that become idle meanwhile would otherwise hold the server open.
      () => server.closeIdleConnections(),
    );
    const webSockets = agentApp.webSocketServer?.clients ?? [];
    for (const client of webSockets) client.close(1001, 'server shutting down');
    const closedInTime = await waitUntil(
      () => serverClosed,
      () => deadline,
      () => server.closeIdleConnections(),
    );
    if (!closedInTime) {
      server.closeAllConnections();
      for (const client of webSockets) client.terminate();
    }
    await serverClosedPromise;
    if (handleSignals) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
    logger.info(
      { drained, forced: !closedInTime, inFlight: inFlight.count, backgroundTasks: health.pendingTasks },
      'agent server stopped',
    );
    resolveClosed();
  }

  function close(reason = 'close()'): Promise<void> {
    closing ??= shutdown(reason);
    return closing;
  }

  return { port: boundPort, url, close: () => close(), closed, server };
}

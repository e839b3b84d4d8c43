import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NodeWebSocket } from '@hono/node-ws';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';
import { errorMessage } from '../errors.js';
import type { Logger } from '../telemetry/logger.js';
import type { AgentAppEnv } from './responses.js';

/** The WebSocket side of an agent app, with `ws` loaded on the first upgrade. */
export interface LazyWebSocket {
  /** Listens for upgrades on a Node server; the first one loads `@hono/node-ws` and `ws`. */
  injectWebSocket: NodeWebSocket['injectWebSocket'];
  /** The `/ws` middleware of `@hono/node-ws`, made when it first runs. */
  upgradeWebSocket(
    createEvents: (c: Context<AgentAppEnv>) => WSEvents<WebSocket>,
    options: { onError: (error: unknown) => void },
  ): MiddlewareHandler<AgentAppEnv>;
  /** The WebSocket server, once an upgrade has loaded it. */
  readonly server: NodeWebSocket['wss'] | undefined;
}

/**
 * `@hono/node-ws` without its cost at start-up: `ws` and its WebSocket server (some 20 modules, about 20 ms of cold
 * start) load when the first upgrade request arrives, which a server answering only `POST /invocations` never
 * sees. Upgrades are relayed, in order, to the real `injectWebSocket` once it is there.
 * @example const webSocket = lazyWebSocket(app, logger); app.get('/ws', webSocket.upgradeWebSocket(events));
 */
export function lazyWebSocket(app: Hono<AgentAppEnv>, logger: Logger): LazyWebSocket {
  // The real injectWebSocket listens on this stand-in for a server; upgrades are re-emitted on it once loaded.
  const relay = new EventEmitter();
  let loaded: NodeWebSocket | undefined;
  let loading: Promise<NodeWebSocket> | undefined;
  const load = (): Promise<NodeWebSocket> => {
    loading ??= import('@hono/node-ws').then(({ createNodeWebSocket }) => {
      loaded = createNodeWebSocket({ app });
      loaded.injectWebSocket(relay as Server);
      return loaded;
    });
    return loading;
  };
  return {
    injectWebSocket(server) {
      (server as Server).on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        load().then(
          () => relay.emit('upgrade', request, socket, head),
          (error: unknown) => {
            logger.error({ err: error }, `WebSocket support failed to load: ${errorMessage(error)}`);
            socket.destroy();
          },
        );
      });
    },
    upgradeWebSocket(createEvents, options) {
      let middleware: MiddlewareHandler | undefined;
      return async (c, next) => {
        middleware ??= (await load()).upgradeWebSocket(
          createEvents as (c: Context) => WSEvents<WebSocket>,
          options,
        );
        return middleware(c, next);
      };
    },
    get server() {
      return loaded?.wss;
    },
  };
}

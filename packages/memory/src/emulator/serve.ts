import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SqliteMemoryStore } from '../sqlite/sqlite-memory-store.js';
import type { MemoryConfig, MemoryStore } from '../store/types.js';
import { createMemoryEmulator } from './app.js';

export interface ServeMemoryEmulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The store to serve; when absent a SqliteMemoryStore is opened on `dbPath`. */
  store?: MemoryStore;
  /** SQLite file for the store opened here (default `.agentcore/memory.db`). */
  dbPath?: string;
  /** Memories the store opened here serves (default one `local_memory-0000000000`). */
  memories?: MemoryConfig[];
}

export interface RunningMemoryEmulator {
  /** `http://host:port`: pass it as the AWS SDK client's `endpoint`. */
  url: string;
  port: number;
  store: MemoryStore;
  /** Stops the server; closes the store only when it was opened here. */
  close(): Promise<void>;
}

/**
 * Starts the AgentCore Memory emulator on a real socket.
 * @example
 * const emulator = await serveMemoryEmulator({ port: 0 });
 * const client = new BedrockAgentCoreClient({ endpoint: emulator.url, region: 'us-east-1', credentials });
 */
export async function serveMemoryEmulator(
  options: ServeMemoryEmulatorOptions = {},
): Promise<RunningMemoryEmulator> {
  const ownsStore = options.store === undefined;
  const store =
    options.store ??
    new SqliteMemoryStore({
      ...(options.dbPath === undefined ? {} : { path: options.dbPath }),
      ...(options.memories === undefined ? {} : { memories: options.memories }),
    });
  const app = createMemoryEmulator({ store });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    store,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of SDK clients would otherwise hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      if (ownsStore) await store.close();
    },
  };
}

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { ServiceException } from '../store/errors.js';
import { loadPg } from './connection.js';

/** A PostgreSQL server started for tests or benchmarks, removed by `stop()`. */
export interface TemporaryPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: the server's maintenance database. */
  url: string;
  port: number;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and deletes its files (a server given by URL is left running; its databases are dropped). */
  stop(): Promise<void>;
}

/** Options of {@link startTemporaryPostgres}. */
export interface TemporaryPostgresOptions {
  /** Use this server instead of starting one (e.g. `process.env.MEMORY_TEST_POSTGRES_URL`). */
  url?: string;
  /** Folder with `initdb` and `pg_ctl`. Default: the newest `/usr/lib/postgresql/<version>/bin`, or `POSTGRES_BIN_DIR`. */
  binDir?: string;
}

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found: install them with `apt-get install -y postgresql` ' +
  '(Debian/Ubuntu; they land in /usr/lib/postgresql/<version>/bin), set POSTGRES_BIN_DIR to their folder, or set ' +
  'MEMORY_TEST_POSTGRES_URL=postgres://... to use a running server.';

/**
 * The folder holding `initdb` and `pg_ctl`, or a ServiceException saying how to install them.
 * @example findPostgresBinaries() // '/usr/lib/postgresql/15/bin'
 */
export function findPostgresBinaries(binDir = process.env.POSTGRES_BIN_DIR): string {
  const candidates = binDir
    ? [binDir]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((version) => /^\d+$/.test(version))
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : [];
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new ServiceException(INSTALL_HINT, { id: 'POSTGRES_NOT_INSTALLED', category: 'config' });
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` OS user (Debian creates it). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(binary: string, args: string[], owner: { uid: number } | undefined): void {
  const result = owner
    ? spawnSync('runuser', ['-u', 'postgres', '--', binary, ...args], { encoding: 'utf8' })
    : spawnSync(binary, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new ServiceException(
      `${binary} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout || result.error}`,
      { id: 'POSTGRES_TEMPORARY_CLUSTER_FAILED', category: 'system' },
    );
  }
}

async function admin<R>(url: string, body: (client: pg.Client) => Promise<R>): Promise<R> {
  const { Client } = await loadPg();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/**
 * Starts a throwaway PostgreSQL cluster on a free loopback port (initdb into a temp folder, as the
 * `postgres` OS user when running as root; fsync off: the data is disposable), or uses the server at
 * `options.url`. For tests and benchmarks, so they run anywhere Debian's `postgresql` package is
 * installed. Fails (never skips) with the `apt-get install -y postgresql` hint when it is not.
 * @example
 * const server = await startTemporaryPostgres({ url: process.env.MEMORY_TEST_POSTGRES_URL });
 * const url = await server.createDatabase();
 * // ... new PostgresMemoryStore({ url }) ...
 * await server.stop();
 */
export async function startTemporaryPostgres(
  options: TemporaryPostgresOptions = {},
): Promise<TemporaryPostgres> {
  let counter = 0;
  const created: string[] = [];
  const databaseUrl = (base: string, name: string) => {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const withDatabases = (url: string, port: number, stopServer: () => void): TemporaryPostgres => ({
    url,
    port,
    async createDatabase(name) {
      const database = name ?? `memory_${process.pid}_${Date.now().toString(36)}_${++counter}`;
      await admin(url, (client) => client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`));
      created.push(database);
      return databaseUrl(url, database);
    },
    async stop() {
      if (options.url) {
        await admin(url, async (client) => {
          for (const database of created.splice(0)) {
            await client.query(`DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}" WITH (FORCE)`);
          }
        });
      }
      stopServer();
    },
  });

  if (options.url) {
    const port = Number(new URL(options.url).port || 5432);
    return withDatabases(options.url, port, () => undefined);
  }

  const bin = findPostgresBinaries(options.binDir);
  const owner = runAs();
  const root = mkdtempSync(join(tmpdir(), 'agentcore-pg-'));
  const data = join(root, 'data');
  if (owner) chownSync(root, owner.uid, owner.gid);
  chmodSync(root, 0o700);
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    run(
      join(bin, 'initdb'),
      ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'],
      owner,
    );
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const settings = [
        `-p ${port}`,
        `-k ${root}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        run(
          join(bin, 'pg_ctl'),
          ['-D', data, '-o', settings, '-l', join(root, 'server.log'), '-w', 'start'],
          owner,
        );
        break;
      } catch (error) {
        // Another process may have taken the port between the probe and the start.
        if (attempt >= 2) throw error;
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let stopped = false;
    return withDatabases(url, port, () => {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], owner);
      } finally {
        cleanup();
      }
    });
  } catch (error) {
    cleanup();
    throw error;
  }
}

import { afterAll, beforeAll } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../src/postgres/temporary-cluster.js';

/**
 * One PostgreSQL server for the calling test file: a throwaway cluster (initdb + pg_ctl on a free
 * loopback port, removed afterwards), or the server at MEMORY_TEST_POSTGRES_URL when it is set. Each
 * test asks it for a fresh database. Missing binaries fail the file with the install hint.
 * @example const server = usePostgres(); it('...', async () => { const url = await server.createDatabase(); })
 */
export function usePostgres(): { createDatabase(): Promise<string>; readonly url: string } {
  let server: TemporaryPostgres | undefined;
  beforeAll(async () => {
    const url = process.env.MEMORY_TEST_POSTGRES_URL?.trim();
    server = await startTemporaryPostgres(url ? { url } : {});
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    createDatabase() {
      if (!server) throw new Error('the PostgreSQL server did not start (see the error of beforeAll)');
      return server.createDatabase();
    },
    get url() {
      if (!server) throw new Error('the PostgreSQL server did not start (see the error of beforeAll)');
      return server.url;
    },
  };
}

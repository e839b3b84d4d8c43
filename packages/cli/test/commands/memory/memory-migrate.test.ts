import { startTemporaryPostgres, type TemporaryPostgres } from '@agentcore-ts/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk, testCli } from '../../helpers/cli.js';

let server: TemporaryPostgres;
beforeAll(async () => {
  const external = process.env.MEMORY_TEST_POSTGRES_URL?.trim();
  server = await startTemporaryPostgres(external ? { url: external } : {});
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('memory migrate (a throwaway PostgreSQL cluster)', () => {
  it('creates the schema, then finds it up to date; reads MEMORY_URL; never prints the password', async () => {
    const url = (await server.createDatabase()).replace('postgres@', 'postgres:s3cret@');
    const first = testCli();
    await runOk(first, 'memory', 'migrate', '--url', url);
    expect(first.stdout.text).toContain('memory-store: version 1 (applied 1)');
    expect(first.stdout.text).toContain('extraction: version 1 (applied 1)');
    expect(first.stdout.text).toContain('vector search: in-process');
    expect(first.stdout.text).toContain('postgres:***@');
    expect(first.stdout.text).not.toContain('s3cret');

    const again = testCli({ env: { MEMORY_URL: url } });
    await runOk(again, 'memory', 'migrate');
    expect(again.stdout.text).toContain('memory-store: version 1 (up to date)');
  });

  it('refuses a URL that is not PostgreSQL, naming what to pass', async () => {
    const cli = testCli({ env: {} });
    expect(await cli.run('memory', 'migrate', '--url', 'sqlite:.agentcore/memory.db')).toBe(2);
    expect(cli.stderr.text).toContain('postgres://user:password@host:5432/database');
  });
});

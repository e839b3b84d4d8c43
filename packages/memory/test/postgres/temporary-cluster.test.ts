import { describe, expect, it } from 'vitest';
import { findPostgresBinaries, ServiceException, startTemporaryPostgres } from '../../src/index.js';

describe('startTemporaryPostgres without the server binaries', () => {
  it('fails (never skips) with the apt-get hint', async () => {
    expect(() => findPostgresBinaries('/nonexistent/postgresql/bin')).toThrow(
      /apt-get install -y postgresql/,
    );
    const error = await startTemporaryPostgres({ binDir: '/nonexistent/postgresql/bin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ServiceException);
    expect((error as ServiceException).id).toBe('POSTGRES_NOT_INSTALLED');
    expect((error as ServiceException).message).toContain('MEMORY_TEST_POSTGRES_URL');
  });

  it('finds Debian’s binaries on this machine', () => {
    expect(findPostgresBinaries()).toMatch(/\/bin$/);
  });
});

import type pg from 'pg';

/** One schema step of a component on PostgreSQL. `up` runs inside the migration transaction. */
export interface PostgresMigration {
  version: number;
  up(client: pg.ClientBase): Promise<void>;
}

/** The advisory-lock key every migration of every component takes (one per database). */
const MIGRATION_LOCK = "hashtextextended('agentcore-ts memory migrations', 0)";

/**
 * Applies the component's migrations that `schema_migrations` does not list yet, in version order,
 * in one transaction that first takes a transaction-scoped advisory lock: replicas starting at once
 * queue on the lock, and each one after the first finds the work done. DDL is transactional in
 * PostgreSQL, so a failing step leaves nothing behind. Returns the versions applied now.
 * @example await applyPostgresMigrations(pool, 'extraction', [{ version: 1, up: (c) => c.query('CREATE TABLE ...').then(() => {}) }])
 */
export async function applyPostgresMigrations(
  pool: pg.Pool,
  component: string,
  migrations: readonly PostgresMigration[],
): Promise<number[]> {
  const versions = migrations.map((migration) => migration.version);
  if (new Set(versions).size !== versions.length) {
    throw new Error(
      `MIGRATION_DUPLICATE_VERSION: component "${component}" lists a version twice: ${versions}`,
    );
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component TEXT NOT NULL,
      version INTEGER NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version)
    )`);
    const done = new Set(
      (
        await client.query<{ version: number }>(
          'SELECT version FROM schema_migrations WHERE component = $1',
          [component],
        )
      ).rows.map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await migration.up(client);
      await client.query('INSERT INTO schema_migrations (component, version) VALUES ($1, $2)', [
        component,
        migration.version,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

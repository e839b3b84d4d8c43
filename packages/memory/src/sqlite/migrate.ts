import type Database from 'better-sqlite3';

/** One schema step of a component. `up` runs inside the migration transaction. */
export interface Migration {
  version: number;
  up(db: Database.Database): void;
}

/**
 * Applies the component's migrations that are not yet recorded in `schema_migrations`, in
 * version order, all in one immediate transaction (so two processes opening the same file
 * cannot both apply a step). Returns the versions applied now.
 * @example applyMigrations(db, 'extraction', [{ version: 1, up: (db) => db.exec('CREATE TABLE jobs (...)') }])
 */
export function applyMigrations(
  db: Database.Database,
  component: string,
  migrations: readonly Migration[],
): number[] {
  const versions = migrations.map((migration) => migration.version);
  if (new Set(versions).size !== versions.length) {
    throw new Error(
      `MIGRATION_DUPLICATE_VERSION: component "${component}" lists a version twice: ${versions}`,
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version)
  )`);
  const applied = db.transaction(() => {
    const done = new Set(
      (
        db.prepare('SELECT version FROM schema_migrations WHERE component = ?').all(component) as {
          version: number;
        }[]
      ).map((row) => row.version),
    );
    const record = db.prepare(
      'INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)',
    );
    const now: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      migration.up(db);
      record.run(component, migration.version, new Date().toISOString());
      now.push(migration.version);
    }
    return now;
  });
  return applied.immediate();
}

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, SqliteMemoryStore } from '../../src/index.js';

describe('applyMigrations', () => {
  it('applies pending versions in order, once, per component', () => {
    const db = new Database(':memory:');
    const order: number[] = [];
    const migrations = [
      {
        version: 2,
        up: (d: Database.Database) => {
          order.push(2);
          d.exec('ALTER TABLE jobs ADD COLUMN state TEXT');
        },
      },
      {
        version: 1,
        up: (d: Database.Database) => {
          order.push(1);
          d.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY)');
        },
      },
    ];
    expect(applyMigrations(db, 'extraction', migrations)).toEqual([1, 2]);
    expect(order).toEqual([1, 2]);
    expect(applyMigrations(db, 'extraction', migrations)).toEqual([]);
    expect(applyMigrations(db, 'other', [{ version: 1, up: (d) => d.exec('CREATE TABLE t (x)') }])).toEqual([
      1,
    ]);
    const rows = db
      .prepare('SELECT component, version FROM schema_migrations ORDER BY component, version')
      .all();
    expect(rows).toEqual([
      { component: 'extraction', version: 1 },
      { component: 'extraction', version: 2 },
      { component: 'other', version: 1 },
    ]);
    db.close();
  });

  it('rolls back every step of a run when one fails', () => {
    const db = new Database(':memory:');
    expect(() =>
      applyMigrations(db, 'extraction', [
        { version: 1, up: (d) => d.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY)') },
        { version: 2, up: (d) => d.exec('THIS IS NOT SQL') },
      ]),
    ).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'jobs'").get()).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('rejects a list with a repeated version', () => {
    const db = new Database(':memory:');
    const step = { version: 1, up: () => {} };
    expect(() => applyMigrations(db, 'x', [step, step])).toThrow(/MIGRATION_DUPLICATE_VERSION/);
    db.close();
  });

  it('works on the store’s own database (how the long-term layer adds its tables)', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    applyMigrations(store.database, 'extraction', [
      { version: 1, up: (d) => d.exec('CREATE TABLE extraction_jobs (id INTEGER PRIMARY KEY)') },
    ]);
    const components = store.database
      .prepare('SELECT DISTINCT component FROM schema_migrations ORDER BY 1')
      .all();
    expect(components).toEqual([{ component: 'extraction' }, { component: 'memory-store' }]);
    await store.close();
  });
});

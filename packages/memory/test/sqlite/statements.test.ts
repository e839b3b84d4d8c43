import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reusePreparedStatements } from '../../src/sqlite/statements.js';

describe('reusePreparedStatements', () => {
  it('hands back the statement prepared for the same text, in plain-row mode again', () => {
    const db = new Database(':memory:');
    reusePreparedStatements(db);
    reusePreparedStatements(db);
    db.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    const first = db.prepare('SELECT a, b FROM t ORDER BY a');
    expect(first.pluck().all()).toEqual([1, 2]);
    const again = db.prepare('SELECT a, b FROM t ORDER BY a');
    expect(again).toBe(first);
    expect(again.all()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(db.prepare('SELECT a, b FROM t ORDER BY a').raw().all()).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(db.prepare('SELECT a, b FROM t ORDER BY a').get()).toEqual({ a: 1, b: 'x' });
    // Writers have no row modes: they are handed back as they are.
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    expect(db.prepare('INSERT INTO t VALUES (?, ?)')).toBe(insert);
    expect(insert.run(3, 'z').changes).toBe(1);
    db.close();
  });
});

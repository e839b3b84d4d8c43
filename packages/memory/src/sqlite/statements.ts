/**
 * Prepared statements kept per database. Every store operation prepares its SQL anew (`db.prepare(...)`), and
 * preparing costs more than running a small statement: an agent turn with memory prepared about 20. The store
 * makes its connection's `prepare` return the statement it already has for the same text, reset to return plain
 * rows (the `pluck` and `raw` modes are set per use and would otherwise stick).
 */
import type Database from 'better-sqlite3';

/** Distinct SQL texts kept per connection before the cache starts over (scopes and filters vary the text). */
const MAX_STATEMENTS = 500;

const cached = new WeakSet<Database.Database>();

/**
 * Makes `db.prepare` reuse statements for the same SQL text. Idempotent. A statement is only ever used by one
 * caller at a time here: nothing iterates a cursor while preparing the same text again.
 * @example reusePreparedStatements(db); db.prepare('SELECT 1') === db.prepare('SELECT 1'); // true
 */
export function reusePreparedStatements(db: Database.Database): void {
  if (cached.has(db)) return;
  cached.add(db);
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    } else if (statement.reader) {
      statement.raw(false);
      statement.pluck(false);
    }
    return statement;
  }) as Database.Database['prepare'];
}

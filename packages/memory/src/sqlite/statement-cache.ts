import type Database from 'better-sqlite3';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A statement prepared once per database and reused (retrieval builds a few shapes of SQL over and over; the job
 * queue runs the same few statements for every event). Preparing costs tens of microseconds each time.
 * @example cachedStatement(db, 'SELECT count(*) FROM records').pluck().get()
 */
export function cachedStatement(db: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) {
    byText = new Map();
    statements.set(db, byText);
  }
  let statement = byText.get(sql);
  if (!statement) {
    // Scopes with many metadata filters make many shapes: keep the cache bounded.
    if (byText.size >= 500) byText.clear();
    statement = db.prepare(sql);
    byText.set(sql, statement);
  }
  return statement;
}

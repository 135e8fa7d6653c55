/**
 * Prepared statements cached per connection. Preparing is the most expensive part of a small
 * SQLite write (about a tenth of the pipeline's time before this cache), so hot paths prepare
 * each distinct SQL text once.
 */
import type Database from 'better-sqlite3';
import type { SqliteDb } from './sqlite.ts';

const MAX_STATEMENTS = 512;
const caches = new WeakMap<SqliteDb, Map<string, Database.Statement>>();

export function stmt<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(
  db: SqliteDb,
  sql: string,
): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    // Statements with variable IN lists are many; keep the cache bounded.
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Database.Statement<P, R>;
}

/** Saved console queries: a small SQLite table (migration `0200_saved_queries`), main thread only. */

import { FaultlineError } from '../../../src-shared/errors.ts';
import type { SavedQuery } from '../../../src-shared/snql-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';

export const SAVED_QUERIES_MIGRATION = {
  name: '0200_saved_queries',
  sql: `
    CREATE TABLE saved_queries (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      query TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};

interface Row {
  id: number;
  name: string;
  query: string;
  created_at: number;
  updated_at: number;
}

const toSaved = (row: Row): SavedQuery => ({
  id: row.id,
  name: row.name,
  query: row.query,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export function listSavedQueries(db: SqliteDb): SavedQuery[] {
  return db
    .prepare<[], Row>('SELECT * FROM saved_queries ORDER BY updated_at DESC, id DESC')
    .all()
    .map(toSaved);
}

export function saveQuery(
  db: SqliteDb,
  args: { id?: number; name: string; query: string },
  now = Date.now(),
): SavedQuery {
  if (args.id !== undefined) {
    const changed = db
      .prepare('UPDATE saved_queries SET name = ?, query = ?, updated_at = ? WHERE id = ?')
      .run(args.name, args.query, now, args.id).changes;
    if (changed === 0) throw new FaultlineError('not_found', `saved query ${args.id} does not exist`);
    return toSaved(db.prepare<[number], Row>('SELECT * FROM saved_queries WHERE id = ?').get(args.id) as Row);
  }
  const id = Number(
    db
      .prepare('INSERT INTO saved_queries (name, query, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(args.name, args.query, now, now).lastInsertRowid,
  );
  return toSaved(db.prepare<[number], Row>('SELECT * FROM saved_queries WHERE id = ?').get(id) as Row);
}

export function deleteSavedQuery(db: SqliteDb, id: number): { deleted: boolean } {
  return { deleted: db.prepare('DELETE FROM saved_queries WHERE id = ?').run(id).changes > 0 };
}

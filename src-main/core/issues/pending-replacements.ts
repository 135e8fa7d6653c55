/**
 * The event index's side of a merge, unmerge or delete, kept durable until done (Snuba's replacements
 * topic in small). The SQLite change commits first; DuckDB's update (`deleted`, `group_id`, the group
 * mirrors) follows in the worker. Recorded in the same transaction as the SQLite change and cleared
 * once the index has it, a replacement a crash interrupted is applied again when the worker starts:
 * otherwise SnQL, tag distributions and tag searches named the old groups for good. Each is
 * idempotent, so applying one twice changes nothing.
 */
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export const PENDING_REPLACEMENTS_MIGRATION: Migration = {
  name: '0113_pending_replacements',
  sql: `
    CREATE TABLE pending_replacements (
      id INTEGER PRIMARY KEY,
      replacement TEXT NOT NULL
    );
  `,
};

export type Replacement =
  | { kind: 'merge'; projectId: number; mergedIds: number[]; primaryId: number }
  | { kind: 'unmerge'; projectId: number; sourceId: number; destinationId: number; hashes: string[] }
  | { kind: 'delete'; projectId: number; groupIds: number[] };

export interface PendingReplacement {
  id: number;
  replacement: Replacement;
}

/**
 * Runs `change` (a SQLite change of groups) and records the replacement it calls for, if any, in
 * the same transaction. Returns the change's result and the replacement to apply, then clear.
 */
export function withReplacement<T>(
  db: SqliteDb,
  change: () => T,
  replacementOf: (result: T) => Replacement | undefined,
): { result: T; pending: PendingReplacement | undefined } {
  return db.transaction(() => {
    const result = change();
    const replacement = replacementOf(result);
    if (replacement === undefined) return { result, pending: undefined };
    const { lastInsertRowid } = stmt(db, 'INSERT INTO pending_replacements (replacement) VALUES (?)').run(
      JSON.stringify(replacement),
    );
    return { result, pending: { id: Number(lastInsertRowid), replacement } };
  })();
}

export function clearReplacement(db: SqliteDb, id: number): void {
  stmt(db, 'DELETE FROM pending_replacements WHERE id = ?').run(id);
}

/** Replacements recorded and not cleared (a crash came between the two), oldest first. */
export function pendingReplacements(db: SqliteDb): PendingReplacement[] {
  return stmt<[], { id: number; replacement: string }>(
    db,
    'SELECT id, replacement FROM pending_replacements ORDER BY id',
  )
    .all()
    .map((row) => ({ id: row.id, replacement: JSON.parse(row.replacement) as Replacement }));
}

/**
 * The check-in items a project received, read from `item_store` as they were stored: newest first
 * along the index `item_store_project_type (project_id, type, received)`, at most
 * `MAX_CHECK_IN_ITEMS_SCANNED` of them (the read runs on the main thread), returned oldest first,
 * the order in which Sentry's monitor consumer applies them.
 */
import { MAX_CHECK_IN_ITEMS_SCANNED } from '../../../src-shared/crons-api.ts';
import { type Json, storedBody } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export interface StoredCheckIn {
  /** The item's row id. */
  id: number;
  /** Milliseconds since the epoch: when the pipeline stored it (Sentry's `start_time`). */
  received: number;
  body: Json;
}

export interface CheckInItems {
  items: StoredCheckIn[];
  /** The bound stopped the read: older items exist. */
  partial: boolean;
}

export function readCheckInItems(db: SqliteDb, projectId: number): CheckInItems {
  const rows = stmt(
    db,
    `SELECT id, received, data FROM item_store
     WHERE project_id = ? AND type = 'check_in'
     ORDER BY received DESC, id DESC LIMIT ${MAX_CHECK_IN_ITEMS_SCANNED + 1}`,
  ).all(projectId) as Array<{ id: number; received: number; data: Buffer }>;
  const partial = rows.length > MAX_CHECK_IN_ITEMS_SCANNED;
  const items: StoredCheckIn[] = [];
  for (const row of rows.slice(0, MAX_CHECK_IN_ITEMS_SCANNED).reverse()) {
    const body = storedBody(row.data);
    if (body) items.push({ id: row.id, received: row.received, body });
  }
  return { items, partial };
}

/**
 * Fills the environment tables once for a data dir that had events before they existed (the
 * migration leaves a settings row asking for it): the distinct environments of the event index's
 * errors, per project, and those of the newest stored transactions, streamed spans and check-ins
 * (their JSON is compressed, so each is decoded: at most BACKFILL_ITEMS of each type per project,
 * newest first, through the `item_store_project_type` index). Run by the worker before the first
 * batch, one SQLite transaction.
 */
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import { decodeNode } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { itemEnvironments } from './item-environment.ts';
import { addEnvironment, ENVIRONMENTS_BACKFILL_KEY, environmentName } from './store.ts';

/** Items of each type per project read at most: the newest, which name the environments in use. */
export const BACKFILL_ITEMS = 20_000;
const ITEM_TYPES = ['transaction', 'span', 'check_in'] as const;

export interface EnvironmentBackfill {
  environments: number;
  items: number;
  ms: number;
}

interface Seen {
  projectId: number;
  name: string;
  seen: number;
}

async function errorEnvironments(index: EventIndex): Promise<Seen[]> {
  const conn = await index.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT project_id, environment, epoch_ms(min("timestamp")) FROM errors
       WHERE deleted = 0 AND environment IS NOT NULL AND environment <> ''
       GROUP BY project_id, environment`,
    );
    return reader.getRowsJS().flatMap(([projectId, environment, seen]) => {
      const name = environmentName(environment);
      return name === null ? [] : [{ projectId: Number(projectId), name, seen: Number(seen) }];
    });
  } finally {
    conn.closeSync();
  }
}

function itemEnvironmentsOf(db: SqliteDb): { seen: Seen[]; items: number } {
  const projects = stmt<[], { id: number }>(db, 'SELECT id FROM projects').all();
  const newest = stmt<[number, string, number], { received: number; data: Buffer }>(
    db,
    `SELECT received, data FROM item_store INDEXED BY item_store_project_type
     WHERE project_id = ? AND type = ? ORDER BY received DESC LIMIT ?`,
  );
  const seen: Seen[] = [];
  let items = 0;
  for (const { id: projectId } of projects)
    for (const type of ITEM_TYPES)
      for (const { received, data } of newest.iterate(projectId, type, BACKFILL_ITEMS)) {
        items++;
        let body: unknown;
        try {
          body = (decodeNode(data) as { body?: unknown }).body;
        } catch {
          continue; // An entry that does not decode names nothing.
        }
        const json =
          typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
        for (const name of itemEnvironments(type, json)) seen.push({ projectId, name, seen: received });
      }
  return { seen, items };
}

/** Fills the tables if the data dir asks for it; null when it did not. */
export async function backfillEnvironments(
  db: SqliteDb,
  index: EventIndex,
): Promise<EnvironmentBackfill | null> {
  const pending = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?');
  if (!pending.get(ENVIRONMENTS_BACKFILL_KEY)) return null;
  const started = performance.now();
  const fromErrors = await errorEnvironments(index);
  const fromItems = itemEnvironmentsOf(db);
  // One row per (project, name), first seen the earliest time any of them shows.
  const first = new Map<string, Seen>();
  for (const entry of [...fromErrors, ...fromItems.seen]) {
    const key = `${entry.projectId}\n${entry.name}`;
    const known = first.get(key);
    if (!known || entry.seen < known.seen) first.set(key, entry);
  }
  db.transaction(() => {
    for (const { projectId, name, seen } of first.values()) addEnvironment(db, projectId, name, seen);
    stmt(db, 'DELETE FROM settings WHERE key = ?').run(ENVIRONMENTS_BACKFILL_KEY);
  }).immediate();
  return { environments: first.size, items: fromItems.items, ms: performance.now() - started };
}

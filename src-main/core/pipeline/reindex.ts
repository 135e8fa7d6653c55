/**
 * Refills the event index (DuckDB `errors`) from nodestore when it lacks error events SQLite has:
 * an events.duckdb moved away (a new, empty one is created) or one that lost its WAL's tail. Every
 * event the pipeline indexed is still in SQLite's `events` and nodestore, so its row is built again
 * as step 1 built it (`eventToErrorsRow` on the stored, normalized event, encoded by the index's
 * own `ErrorsLineEncoder`), with the group and primary hash SQLite has now.
 *
 * Run once as the worker starts, after the pending replacements and before the first batch, so no
 * batch's rows and no group change interleave with it. Cheap when nothing is missing: SQLite's
 * count of the events the pipeline indexes against DuckDB's count of live rows, two index counts.
 * The counts are comparable because both stores remove the same events: a deleted issue's events
 * leave `events` and nodestore and are soft-deleted in DuckDB (`deleted = 1`, Snuba's replacer),
 * retention deletes them from both, a merge or unmerge moves them in both; sample events are in
 * neither (see process-batch.ts, `indexRows`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { eventToErrorsRow, NO_PRIMARY_HASH } from '../store/duckdb/errors_row.ts';
import { batchOf, type ErrorsLine, writeErrorsBatch } from '../store/duckdb/errors_writer.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import { decodeNode } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import type { JsonObject } from './normalize/json.ts';

/** Events rebuilt and written per DuckDB statement. */
const REINDEX_STEP = 1000;

export interface ReindexResult {
  /** Rows written to `errors`. */
  reindexed: number;
  /** Missing events whose stored JSON could not be made a row (left out). */
  failed: number;
  ms: number;
}

/**
 * Events the pipeline indexes: grouped, not Sentry's sample event. Counted as all grouped events
 * (`events_group`) less the samples (`events_sample`, a partial index): both read an index only.
 * Scanning the table for `is_sample = 0` took 18-24 ms at 210k events, warm.
 */
function indexedInSqlite(db: SqliteDb): number {
  const grouped = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM events WHERE group_id IS NOT NULL');
  const samples = stmt<[], { n: number }>(
    db,
    'SELECT count(*) AS n FROM events INDEXED BY events_sample WHERE is_sample = 1 AND group_id IS NOT NULL',
  );
  return (grouped.get()?.n ?? 0) - (samples.get()?.n ?? 0);
}

const eventKey = (projectId: number, eventId: string) => `${projectId}:${eventId}`;

async function liveRows(reader: DuckDBConnection): Promise<number> {
  const counted = await reader.runAndReadAll('SELECT count(*) FROM errors WHERE deleted = 0');
  return Number(counted.getRows()[0]?.[0] ?? 0);
}

/** The (project, event id) keys of `errors`' live rows, event ids as SQLite writes them. */
async function liveKeys(reader: DuckDBConnection): Promise<Set<string>> {
  const result = await reader.runAndReadAll(
    "SELECT project_id, replace(event_id::VARCHAR, '-', '') FROM errors WHERE deleted = 0",
  );
  return new Set(
    result.getRows().map(([projectId, eventId]) => eventKey(Number(projectId), String(eventId))),
  );
}

/** The `events` rowids of the indexed events DuckDB has no live row of, in arrival order. */
function missingEvents(db: SqliteDb, indexed: Set<string>): number[] {
  const missing: number[] = [];
  const rows = stmt<[], { id: number; project_id: number; event_id: string }>(
    db,
    'SELECT id, project_id, event_id FROM events WHERE group_id IS NOT NULL AND is_sample = 0 ORDER BY id',
  ).iterate();
  for (const row of rows) if (!indexed.has(eventKey(row.project_id, row.event_id))) missing.push(row.id);
  return missing;
}

interface StoredEvent {
  project_id: number;
  event_id: string;
  group_id: number;
  primary_hash: string | null;
  received: number;
  data: Buffer;
}

/**
 * The `errors` lines of the listed events as step 1 encodes them, with their group now. An event
 * deleted since it was found missing is left out (what deleted it soft-deleted or removed its row).
 */
function rebuildLines(
  db: SqliteDb,
  index: EventIndex,
  ids: readonly number[],
): { lines: ErrorsLine[]; failed: number } {
  const { encoder } = batchOf(index);
  const stored = stmt<[string], StoredEvent>(
    db,
    `SELECT e.project_id, e.event_id, e.group_id, e.primary_hash, e.received, n.data
       FROM events e JOIN nodestore n ON n.project_id = e.project_id AND n.event_id = e.event_id
      WHERE e.id IN (SELECT value FROM json_each(?)) AND e.group_id IS NOT NULL AND e.is_sample = 0`,
  ).all(JSON.stringify(ids));
  const lines: ErrorsLine[] = [];
  let failed = 0;
  for (const event of stored) {
    // One entry that cannot be read must not stop the worker at every start: it is left out.
    try {
      const row = eventToErrorsRow(decodeNode(event.data) as JsonObject, {
        projectId: event.project_id,
        groupId: event.group_id,
        primaryHash: event.primary_hash ?? NO_PRIMARY_HASH,
        receivedAt: new Date(event.received),
        hierarchicalHashes: [],
      });
      lines.push({ project_id: row.project_id, event_id: row.event_id, line: encoder.encode(row) });
    } catch {
      failed++;
    }
  }
  return { lines, failed };
}

/**
 * Writes the rows of the indexed events `errors` has no live row of, built from nodestore; resolves
 * to how many (0, after two counts, when none is missing). Each event gets one row: the missing
 * ones are found against DuckDB's rows first, and nothing else writes `errors` meanwhile.
 */
export async function reindexMissingEvents(
  db: SqliteDb,
  index: EventIndex,
  /** Checked between steps: a stopping worker leaves the rest to its next start, which finds it missing. */
  stopping: () => boolean = () => false,
): Promise<ReindexResult> {
  const started = performance.now();
  const expected = indexedInSqlite(db);
  const reader = await index.connect();
  let missing: number[];
  try {
    const live = await liveRows(reader);
    if (live === expected) return { reindexed: 0, failed: 0, ms: performance.now() - started };
    // A new, empty index lacks everything: no need to read its keys.
    missing = missingEvents(db, live === 0 ? new Set() : await liveKeys(reader));
  } finally {
    reader.closeSync();
  }
  let reindexed = 0;
  let failed = 0;
  let writing: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < missing.length && !stopping(); start += REINDEX_STEP) {
    // The next step's rows are built while DuckDB writes the last one's.
    const step = rebuildLines(db, index, missing.slice(start, start + REINDEX_STEP));
    await writing;
    reindexed += step.lines.length;
    failed += step.failed;
    writing = writeErrorsBatch(index, step.lines, { checkStored: false });
  }
  await writing;
  return { reindexed, failed, ms: performance.now() - started };
}

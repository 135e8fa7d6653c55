/**
 * One batch of the ingest queue through Sentry's `save_error_events`, for one laptop:
 *
 *   1. prepare      parse, normalize, group, compress the nodestore entry (CPU only)
 *   2. assign       drop duplicates of stored event ids, find or create each event's group (SQLite)
 *   3. commit       count events on their groups, nodestore, attachments, other items,
 *                   outcomes, and mark the queue rows processed (SQLite)
 *   4. index        copy the touched groups to DuckDB's mirrors (mirrors.ts), append the errors
 *                   rows to DuckDB (idempotent by event id)
 *   5. ack          once DuckDB committed them, delete the rows from the queue (its own file)
 *
 * Steps 2 and 3 write in transactions of EVENTS_PER_TRANSACTION events; an event is on its issue
 * (the issue list, its counts) once step 3 committed it. In the worker, step 4 gathers the rows of
 * the batches of a quarter second into one DuckDB write (index-buffer.ts), and step 5 follows it;
 * elsewhere (tests, benches without a buffer) each batch writes its rows and step 5 follows.
 *
 * A crash anywhere replays what is not acked. A row not marked processed is processed again:
 * step 2 finds the groups it created (and takes an event id step 3 counted for another row as a
 * duplicate), step 3 counts an event id once, step 4 skips stored event ids. A row marked
 * processed (its step 3 committed) comes back flagged `processed`: only its DuckDB row is written,
 * if missing, with the group its `events` row names, and that group is copied to the mirrors
 * again. The mirrors are written before the rows are handed to DuckDB, so a batch is never acked
 * before its groups' copies are committed: they converge.
 *
 * Step 1 is prepare-batch.ts (and the prepare threads); attachments are batch-attachments.ts.
 * Step 4 runs on DuckDB's own thread: the worker claims and prepares the next batch meanwhile
 * (batch-loop.ts).
 */
import type { EnvironmentRecorder } from '../environments/store.ts';
import { type Assignment, assignGroup } from '../issues/assign.ts';
import { EventRecorder, type GroupChange, isRecorded } from '../issues/record.ts';
import { recordPerformanceIssues } from '../performance-issues/occurrences.ts';
import type { AttachmentStore } from '../store/attachments.ts';
import { batchOf, type ErrorsLine, writeErrorsBatch } from '../store/duckdb/errors_writer.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { Nodestore } from '../store/nodestore.ts';
import type { OutcomeStore } from '../store/outcomes.ts';
import type { IngestQueueConsumer, QueuedEnvelope } from '../store/queue.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { dropAttachments, storeAttachments } from './batch-attachments.ts';
import type { IndexBuffer } from './index-buffer.ts';
import { mirrorGroups } from './mirrors.ts';
import { storeOtherItems } from './other-items.ts';
import type { GroupingFn, GroupingHashes, GroupingPolicy, PreparedEnvelope } from './prepare.ts';
import { type PreparedBatch, prepareBatch, regroupStale } from './prepare-batch.ts';
import type { PreparePool } from './prepare-pool.ts';
import { upgradeGroupingConfigIfNeeded } from './project-options.ts';

export interface PipelineStores {
  db: SqliteDb;
  /** On its own connection to the queue file, marking rows processed in `db`. */
  consumer: IngestQueueConsumer;
  outcomes: OutcomeStore;
  /** The environments the stored events and items name (environments/store.ts). */
  environments: EnvironmentRecorder;
  nodestore: Nodestore;
  attachments: AttachmentStore;
  index: EventIndex;
  group: GroupingFn;
  policyFor(projectId: number): GroupingPolicy;
  /** The per-issue crash-report limit of a project (Sentry's `sentry:store_crash_reports`); null = no limit. */
  crashReportLimit(projectId: number): number | null;
  /** Threads that prepare batches (step 1) with Sentry's grouping; without them, this thread does. */
  pool?: PreparePool;
  /** Gathers the `errors` rows of batches into one DuckDB write; without it, each batch writes its own. */
  indexBuffer?: IndexBuffer;
}

export interface BatchResult {
  processed: number;
  stored: number;
  discarded: number;
  invalid: number;
  /** Groups whose state changed, with what happened to them. */
  changes: Map<number, GroupChange>;
  projects: Set<number>;
  /** Per project, the types of the other items stored (transactions, logs …), for `items.changed`. */
  itemTypes: Map<number, Set<string>>;
}

/**
 * Step 2's decision for an event: its group, its discard, or that it is a duplicate: the project
 * stored an event with its id before, or an earlier event of the batch has its id and a group.
 * Like Sentry's ingest consumer (`process_event`: "pre-process-forwarder detected a duplicated
 * event"), a duplicate is dropped before it is grouped, and no outcome is recorded for it; its
 * group, counts, nodestore entry and `errors` row stay those of the first event with the id.
 */
type Placement = Assignment | { kind: 'duplicate' };

interface Assigned {
  prepared: PreparedEnvelope;
  assignment: Placement | undefined;
}

/**
 * Data categories of outcomes, by event type (Sentry's `DataCategory.from_event_type`, which is
 * Relay's `From<EventType>`): default (message) and NEL events count as errors, as the `event`
 * item they came in counts at ingest.
 */
function categoryOf(type: string): string {
  if (type === 'transaction') return 'transaction';
  if (['csp', 'hpkp', 'expectct', 'expectstaple'].includes(type)) return 'security';
  if (type === 'feedback') return 'feedback';
  return 'error';
}

/**
 * Outcomes of the envelopes that failed to prepare, recorded with the batch's other outcomes (a
 * row processed before had its outcome recorded then). A Reporting API report other than CSP is
 * filtered (`invalid-csp`, Relay's inbound filter), not invalid; security reports count as
 * `security`.
 */
function recordInvalid(batch: PreparedBatch, stores: PipelineStores, result: BatchResult): void {
  for (const { row, reason } of batch.invalid) {
    if (row.processed) continue;
    result.invalid++;
    stores.outcomes.record({
      projectId: row.projectId,
      outcome: reason === 'invalid-csp' ? 'filtered' : 'invalid',
      reason,
      category: row.route === 'security' ? 'security' : 'error',
      quantity: 1,
      timestamp: row.receivedAt,
    });
  }
}

/**
 * A SQLite write transaction of the pipeline ends after this many events, or once it has run
 * TRANSACTION_MS, whichever comes first: the main thread's own writes (settings, outcomes of
 * refused envelopes) wait for the lock no longer than one such transaction takes. Each commit
 * writes every page it changed to the WAL whole, and the same few pages (the groups', the indexes'
 * last leaves) change in every transaction: 250 events a commit instead of 100 took steps 2-3 of
 * the pipeline bench's events from ~50 to ~42 µs of CPU an event (with the pipeline's checkpoint
 * bound, sqlite.ts), at ~10 ms a transaction.
 */
const EVENTS_PER_TRANSACTION = 250;
const TRANSACTION_MS = 10;

/**
 * Runs `each` on every item, in write transactions (BEGIN IMMEDIATE) of at most
 * EVENTS_PER_TRANSACTION items or TRANSACTION_MS; `end` runs last in each, given that
 * transaction's items (and whether they are the first), also once for no items at all.
 */
function inTransactions<T>(
  stores: PipelineStores,
  items: readonly T[],
  each: (item: T) => void,
  end: (slice: readonly T[], first: boolean) => void = () => undefined,
): void {
  const write = stores.db.transaction((from: number): number => {
    const last = Math.min(items.length, from + EVENTS_PER_TRANSACTION);
    const deadline = performance.now() + TRANSACTION_MS;
    let to = from;
    while (to < last) {
      each(items[to] as T);
      to++;
      if (performance.now() >= deadline) break;
    }
    end(items.slice(from, to), from === 0);
    return to;
  });
  let from = 0;
  do from = write.immediate(from);
  while (from < items.length);
}

function assignAll(prepared: readonly PreparedEnvelope[], stores: PipelineStores): Assigned[] {
  const assigned: Assigned[] = [];
  // Event ids of the batch that go to a group: in `events` once step 3 commits them.
  const grouped = new Set<string>();
  inTransactions(stores, prepared, (item) => {
    const event = item.prepared;
    if (!event) {
      assigned.push({ prepared: item, assignment: undefined });
      return;
    }
    const { projectId } = item.row;
    const { eventId } = event.occurrence;
    const key = `${projectId}:${eventId}`;
    if (grouped.has(key) || isRecorded(stores.db, projectId, eventId)) {
      assigned.push({ prepared: item, assignment: { kind: 'duplicate' } });
      return;
    }
    const assignment = assignGroup(stores.db, {
      projectId,
      hashes: event.grouping.hashes,
      config: event.grouping.config,
      secondary: event.secondary ? () => event.secondary as GroupingHashes : undefined,
      seed: event.occurrence,
      timestamp: event.occurrence.timestamp,
      now: Date.now(),
    });
    if (assignment.kind === 'group') grouped.add(key);
    assigned.push({ prepared: item, assignment });
  });
  return assigned;
}

/**
 * What step 4 appends to DuckDB, whether DuckDB must be asked which of it it has, and the groups
 * of the rows processed before (a crashed run may have changed them without copying them).
 */
interface IndexRows {
  rows: ErrorsLine[];
  checkStored: boolean;
  replayedGroups: number[];
}

/**
 * Step 4's rows, chosen before step 3 commits. DuckDB is asked which event ids it already has only
 * when that can be so without SQLite knowing: a replayed envelope (claimed before, so maybe
 * indexed before its crash) is in the batch. Otherwise an event that goes to a group is not a
 * duplicate (step 2), so neither counted nor indexed before. A row processed before gets the group
 * of its `events` row.
 */
function indexRows(assigned: Assigned[], processed: PreparedEnvelope[], stores: PipelineStores): IndexRows {
  const checkStored = processed.length > 0 || assigned.some(({ prepared }) => prepared.row.attempts > 1);
  const { encoder } = batchOf(stores.index);
  const rows = assigned.flatMap(({ prepared, assignment }) => {
    const event = prepared.prepared;
    if (!event || assignment?.kind !== 'group' || event.occurrence.isSample) return [];
    const { errors } = event;
    return [{ ...errors, line: encoder.withGroupId(errors.line, assignment.groupId) }];
  });
  const replayedGroups: number[] = [];
  if (processed.length === 0) return { rows, checkStored, replayedGroups };
  const counted = stmt<[number, string], { group_id: number | null; is_sample: number }>(
    stores.db,
    'SELECT group_id, is_sample FROM events WHERE project_id = ? AND event_id = ?',
  );
  for (const { row, prepared: event } of processed) {
    if (!event) continue;
    const stored = counted.get(row.projectId, event.occurrence.eventId);
    if (!stored || stored.group_id === null) continue;
    replayedGroups.push(stored.group_id);
    if (stored.is_sample) continue;
    rows.push({ ...event.errors, line: encoder.withGroupId(event.errors.line, stored.group_id) });
  }
  return { rows, checkStored, replayedGroups };
}

/**
 * Step 3, in transactions of a few events (`inTransactions`), each marking processed exactly the
 * queue rows whose outcomes it records (the first also those of the envelopes that failed to
 * prepare), so a crash between two replays only the rows not yet marked, and counts nothing twice.
 */
function commitAll(
  assigned: Assigned[],
  invalid: PreparedBatch['invalid'],
  stores: PipelineStores,
  result: BatchResult,
  toIndex: IndexRows,
): void {
  const now = Date.now();
  // Counts on groups are written once per group and transaction (see EventRecorder).
  const recorder = new EventRecorder(stores.db);
  try {
    inTransactions(
      stores,
      assigned,
      (item) => commitOne(item, stores, recorder, result, now, toIndex),
      (slice, first) => {
        recorder.flush();
        stores.outcomes.flush();
        stores.environments.settle();
        const processed = slice.map(({ prepared }) => prepared.row.id);
        if (first) for (const { row } of invalid) if (!row.processed) processed.push(row.id);
        stores.consumer.markProcessed(processed);
      },
    );
  } catch (error) {
    // What the failed transaction wrote is gone: its environments are written again when named.
    stores.environments.forget();
    throw error;
  }
}

/** What happened to a group in the batch: its strongest change, else that it was counted on. */
function noteChange(result: BatchResult, groupId: number, change: GroupChange | null): void {
  if (change && change !== 'counted') result.changes.set(groupId, change);
  else if (!result.changes.has(groupId)) result.changes.set(groupId, 'counted');
}

function commitOne(
  { prepared, assignment }: Assigned,
  stores: PipelineStores,
  recorder: EventRecorder,
  result: BatchResult,
  now: number,
  toIndex: IndexRows,
): void {
  const { row, items } = prepared;
  const event = prepared.prepared;
  result.projects.add(row.projectId);
  const stored = storeOtherItems(stores, row, items.others, now, items.headers, (item) => {
    if (item.type !== 'transaction' && item.type !== 'span') return;
    // Performance issues (Sentry's issue platform): each occurrence counted and indexed as an event.
    for (const occurrence of recordPerformanceIssues(stores, recorder, row.projectId, item, now)) {
      noteChange(result, occurrence.groupId, occurrence.change);
      toIndex.rows.push(occurrence.line);
    }
  });
  if (stored.size > 0) {
    const types = result.itemTypes.get(row.projectId) ?? new Set();
    for (const type of stored) types.add(type);
    result.itemTypes.set(row.projectId, types);
  }
  const { filtered } = prepared;
  if (filtered) {
    // Relay's inbound filters: the event and its attachments are dropped, its other items kept.
    stores.outcomes.record({
      projectId: row.projectId,
      outcome: 'filtered',
      reason: filtered.reason,
      category: categoryOf(filtered.type),
      quantity: 1,
      timestamp: row.receivedAt,
    });
    dropAttachments(stores, row, prepared, filtered.reason);
    return;
  }
  if (!event) {
    storeAttachments(stores, row, prepared, null, now);
    return;
  }
  const category = categoryOf(event.occurrence.type);
  if (assignment?.kind === 'discarded') {
    result.discarded++;
    stores.outcomes.record({
      projectId: row.projectId,
      outcome: 'filtered',
      reason: 'discarded-hash',
      category,
      quantity: 1,
      timestamp: row.receivedAt,
    });
    dropAttachments(stores, row, prepared, 'discarded-hash');
    return;
  }
  // A duplicate's event is dropped (see Placement); the envelope's other items are stored above.
  if (assignment?.kind !== 'group') return;
  const recorded = recorder.record(row.projectId, assignment.groupId, event.occurrence, now);
  if (recorded.duplicate) return;
  stores.nodestore.put(row.projectId, event.occurrence.eventId, event.node);
  stores.environments.note(row.projectId, event.occurrence.environment ?? null, now);
  storeAttachments(stores, row, prepared, assignment.groupId, now);
  result.stored++;
  noteChange(result, assignment.groupId, recorded.change);
  stores.outcomes.record({
    projectId: row.projectId,
    outcome: 'accepted',
    reason: '',
    category,
    quantity: 1,
    timestamp: row.receivedAt,
  });
}

/**
 * Step 4's copy of the groups the batch created or counted on, and of those of its rows processed
 * before (a crashed run may have changed them without copying them), to DuckDB's mirrors.
 */
function mirrorTouched(stores: PipelineStores, result: BatchResult, toIndex: IndexRows): Promise<void> {
  const groups = new Set([...result.changes.keys(), ...toIndex.replayedGroups]);
  return mirrorGroups(stores.db, stores.index, [...groups]);
}

/** Time spent, in milliseconds. */
export interface Timed {
  ms: number;
}

/**
 * Steps 2-5 of a prepared batch. `duringIndex` is called once DuckDB has the rows; it must not
 * write to any store, and what it starts runs between DuckDB's replies (the worker claims the next
 * batch there and prepares it in steps). The time of such steps that run before the index is
 * written goes into `overlapped`, which is not this batch's time.
 */
export async function storeBatch(
  batch: PreparedBatch,
  stores: PipelineStores,
  duringIndex?: (overlapped: Timed) => void,
): Promise<BatchResult & Timed> {
  const { rows } = batch;
  const result: BatchResult & Timed = {
    processed: rows.length,
    stored: 0,
    discarded: 0,
    invalid: 0,
    changes: new Map(),
    projects: new Set(),
    itemTypes: new Map(),
    ms: 0,
  };
  const overlapped: Timed = { ms: 0 };
  const t1 = performance.now();
  regroupStale(batch, stores);
  recordInvalid(batch, stores, result);
  const processed = batch.prepared.filter((item) => item.row.processed);
  const assigned = assignAll(
    processed.length > 0 ? batch.prepared.filter((item) => !item.row.processed) : batch.prepared,
    stores,
  );
  const toIndex = indexRows(assigned, processed, stores);
  const t2 = performance.now();
  commitAll(assigned, batch.invalid, stores, result, toIndex);
  for (const projectId of result.projects) upgradeGroupingConfigIfNeeded(stores.db, projectId);
  const t3 = performance.now();
  const queueRows = rows.map((row) => row.id);
  const { indexBuffer } = stores;
  // The groups' copy is queued on DuckDB's writer before the rows, and the rows go to the buffer
  // (whose write acks the batch) once it committed: a batch is not acked before its groups are
  // copied, and a failed copy fails the batch (replayed, it copies them again).
  const mirroring = mirrorTouched(stores, result, toIndex);
  const indexing = indexBuffer
    ? mirroring.then(() => indexBuffer.add(queueRows, toIndex.rows, toIndex.checkStored))
    : Promise.all([
        mirroring,
        toIndex.rows.length > 0
          ? writeErrorsBatch(stores.index, toIndex.rows, { checkStored: toIndex.checkStored })
          : undefined,
      ]);
  duringIndex?.(overlapped);
  await indexing;
  const t4 = performance.now();
  const otherMs = overlapped.ms;
  if (!indexBuffer) stores.consumer.ack(queueRows);
  const t5 = performance.now();
  result.ms = batch.ms + (t5 - t1) - otherMs;
  if (process.env.FAULTLINE_TRACE)
    console.error(
      `batch ${rows.length}: prepare ${batch.ms.toFixed(0)} assign ${(t2 - t1).toFixed(0)} commit ${(t3 - t2).toFixed(0)} index ${(t4 - t3 - otherMs).toFixed(0)} (+${otherMs.toFixed(0)} preparing the next batch meanwhile) ack ${(t5 - t4).toFixed(0)} ms`,
    );
  return result;
}

export function processBatch(rows: QueuedEnvelope[], stores: PipelineStores): Promise<BatchResult & Timed> {
  return storeBatch(prepareBatch(rows, stores), stores);
}

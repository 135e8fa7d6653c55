/**
 * Outcome counters (Relay's `services/outcome.rs`, Snuba's `outcomes_hourly`): per project, hour,
 * data category, outcome and reason. Recording is buffered in memory and merged into SQLite a few
 * times a second; outcomes are statistics, not data, so they need not be committed before a reply.
 */
import type { OutcomeName, OutcomeRow } from '../../../src-shared/api.ts';
import type { SqliteDb } from './sqlite.ts';

export type { OutcomeName, OutcomeRow } from '../../../src-shared/api.ts';

/** Relay's outcome ids. */
export const OUTCOME_IDS = {
  accepted: 0,
  filtered: 1,
  rate_limited: 2,
  invalid: 3,
  abuse: 4,
  client_discard: 5,
  cardinality_limited: 6,
} as const satisfies Record<OutcomeName, number>;

const OUTCOME_NAMES = Object.fromEntries(
  Object.entries(OUTCOME_IDS).map(([name, id]) => [id, name]),
) as Record<number, OutcomeName>;

export interface OutcomeRecord {
  projectId: number;
  outcome: OutcomeName;
  /** Discard reason, filter key or client-report reason; '' for none. */
  reason: string;
  category: string;
  quantity: number;
  /** When it happened (ms since epoch); bucketed to the hour. */
  timestamp: number;
}

/** A row of the `outcomes` table: one hour's count of one outcome. */
export interface OutcomeSqlRow {
  project_id: number;
  hour: number;
  category: string;
  outcome: number;
  reason: string;
  quantity: number;
}

export interface OutcomeQuery {
  projectId?: number;
  /** Inclusive, ISO 8601 or ms. */
  since?: string | number;
  /** Exclusive, ISO 8601 or ms. */
  until?: string | number;
}

const FLUSH_INTERVAL_MS = 250;
/** After a failed flush (the disk is full), the counters wait this long before the next try. */
const RETRY_MS = 5000;

export class OutcomeStore {
  readonly #db: SqliteDb;
  readonly #upsert;
  readonly #merge: (rows: Array<[string, number]>) => void;
  readonly #buffer = new Map<string, number>();
  readonly #onFlushError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  /** The last flush failed: the next failure is not reported again. */
  #failing = false;

  /**
   * `onFlushError` hears of a background flush that failed (once until one succeeds again); the
   * counters are kept and tried again later. A flush on a timer that threw stopped the process.
   */
  constructor(db: SqliteDb, onFlushError: (error: unknown) => void = () => undefined) {
    this.#db = db;
    this.#onFlushError = onFlushError;
    this.#upsert = db.prepare<[number, number, string, number, string, number]>(
      `INSERT INTO outcomes (project_id, hour, category, outcome, reason, quantity) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, hour, category, outcome, reason) DO UPDATE SET quantity = quantity + excluded.quantity`,
    );
    this.#merge = db.transaction((rows: Array<[string, number]>) => {
      for (const [key, quantity] of rows) {
        const [projectId, hour, category, outcome, reason] = JSON.parse(key) as [
          number,
          number,
          string,
          number,
          string,
        ];
        this.#upsert.run(projectId, hour, category, outcome, reason, quantity);
      }
    });
  }

  record(record: OutcomeRecord): void {
    if (record.quantity <= 0) return;
    const hour = Math.floor(record.timestamp / 3_600_000) * 3600;
    const key = JSON.stringify([
      record.projectId,
      hour,
      record.category,
      OUTCOME_IDS[record.outcome],
      record.reason,
    ]);
    this.#add(key, record.quantity);
    if (!this.#timer) this.#flushIn(FLUSH_INTERVAL_MS);
  }

  /** One outcome in several categories (an item's quantities, as `itemQuantities` gives them). */
  recordEach(
    record: Omit<OutcomeRecord, 'category' | 'quantity'>,
    quantities: ReadonlyArray<{ category: string; quantity: number }>,
  ): void {
    for (const { category, quantity } of quantities) this.record({ ...record, category, quantity });
  }

  /**
   * Merges the buffered counters into SQLite now. If that fails they are gone: inside the caller's
   * transaction (the pipeline's), whose rollback replays what recorded them.
   */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.size === 0) return;
    const rows = [...this.#buffer];
    this.#buffer.clear();
    this.#merge(rows);
  }

  /** The stored counters; those still buffered only if they can be written now. */
  list(query: OutcomeQuery = {}): OutcomeRow[] {
    this.#tryFlush();
    return listOutcomes(this.#db, query);
  }

  close(): void {
    this.#tryFlush(true);
  }

  #add(key: string, quantity: number): void {
    this.#buffer.set(key, (this.#buffer.get(key) ?? 0) + quantity);
  }

  #flushIn(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#tryFlush();
    }, ms);
    this.#timer.unref();
  }

  /**
   * A flush outside any transaction of a caller: what cannot be written stays buffered and is
   * tried again later (unless closing).
   */
  #tryFlush(closing = false): void {
    const rows = [...this.#buffer];
    try {
      this.flush();
      this.#failing = false;
    } catch (error) {
      for (const [key, quantity] of rows) this.#add(key, quantity);
      if (!this.#failing) this.#onFlushError(error);
      this.#failing = true;
      if (!closing && !this.#timer) this.#flushIn(RETRY_MS);
    }
  }
}

function toHourSeconds(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export function listOutcomes(db: SqliteDb, query: OutcomeQuery = {}): OutcomeRow[] {
  const where: string[] = [];
  const params: number[] = [];
  if (query.projectId !== undefined) {
    where.push('project_id = ?');
    params.push(query.projectId);
  }
  const since = toHourSeconds(query.since);
  if (since !== undefined) {
    // An hour bucket counts when any part of it is after `since`.
    where.push('hour > ?');
    params.push(since - 3600);
  }
  const until = toHourSeconds(query.until);
  if (until !== undefined) {
    where.push('hour < ?');
    params.push(until);
  }
  const rows = db
    .prepare<number[], OutcomeSqlRow>(
      `SELECT project_id, hour, category, outcome, reason, quantity FROM outcomes
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY hour, project_id, outcome, category, reason`,
    )
    .all(...params);
  return rows.map((row) => ({
    projectId: row.project_id,
    hour: new Date(row.hour * 1000).toISOString(),
    category: row.category,
    outcome: OUTCOME_NAMES[row.outcome] ?? 'invalid',
    reason: row.reason,
    quantity: row.quantity,
  }));
}

/**
 * The `transactions` dataset of the events endpoint (and `metricsEnhanced`, which Sentry answers from
 * metrics or, failing that, from these same indexed transactions): one row per transaction — a
 * `transaction` item, or a segment span SDK 11 streamed — read as the Performance page reads them
 * (`performance/transaction-events.ts`), so bounded to each project's newest items (the answer's meta
 * says when older ones were left unread). The fields are Sentry's discover fields on transactions
 * (`transaction.duration` in milliseconds, `timestamp` its end, `measurements.*` the measurements it
 * carries, typed as Sentry types them, and `measurements.score.*` computed from its vitals …, any other name a tag); its own
 * functions are in `explore-transaction-functions.ts`.
 */
import type { Project } from '../../../../src-shared/api.ts';
import {
  SCORED_VITALS,
  type ScoredVital,
  scoreMeasurements,
} from '../../../../src-shared/web-vitals-score.ts';
import { isFailure } from '../../performance/figures.ts';
import { MEASUREMENT_FIELD, measurementType } from '../../performance/measurements.ts';
import { readTransactionEvents, type TransactionEvent } from '../../performance/transaction-events.ts';
import { nameOf } from '../../performance/transactions.ts';
import { type Json, obj, text } from '../../store/item-json.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import type { Cell, ExploreColumn, ExploreDataset } from './explore-table.ts';
import { TRANSACTION_FUNCTIONS } from './explore-transaction-functions.ts';
import type { TimeRange } from './time-range.ts';

export type TransactionRow = TransactionEvent;

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** A string or a number as a string; anything else is no value. */
function scalar(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return text(value);
}

/** An event's tags: an object, or the `[key, value]` pairs Relay normalizes them to. */
function tagOf(item: Json, key: string): string | null {
  const tags = item.tags;
  if (Array.isArray(tags)) {
    for (const pair of tags) if (Array.isArray(pair) && pair[0] === key) return scalar(pair[1]);
    return null;
  }
  return scalar(obj(tags)?.[key]);
}

/** A streamed segment's attribute (its `data`, with the attributes' values) or tag. */
function segmentAttribute(row: TransactionRow, key: string): string | null {
  const { data, tags } = row.root;
  return scalar(data?.[key]) ?? scalar(tags?.[key]);
}

/** The transaction's trace context data (`contexts.trace.data`: the root span's attributes). */
const traceData = (item: Json, key: string) => scalar(obj(obj(obj(item.contexts)?.trace)?.data)?.[key]);

/** The first of `keys` the transaction's root span carries as an attribute. */
function spanAttribute(row: TransactionRow, keys: string[]): string | null {
  for (const key of keys) {
    const value = row.item ? traceData(row.item, key) : segmentAttribute(row, key);
    if (value !== null) return value;
  }
  return null;
}

/** A tag (bare name or `tags[x]`): the event's tag, a streamed segment's attribute, else its item's context. */
function attribute(row: TransactionRow, key: string): Cell {
  const found = row.item
    ? tagOf(row.item, key)
    : (segmentAttribute(row, key) ?? segmentAttribute(row, `sentry.${key}`));
  return found ?? row.context[key as keyof TransactionRow['context']] ?? null;
}

/** The item's own field (`release` …), or a streamed segment's `sentry.*` attribute. */
function contextField(key: 'environment' | 'release' | 'platform' | 'sdk.name' | 'sdk.version') {
  return (row: TransactionRow): Cell =>
    row.item ? (row.context[key] ?? null) : segmentAttribute(row, `sentry.${key}`);
}

type UserKey = 'id' | 'email' | 'username' | 'ip';
/** The user's fields: the event's `user`, or the attributes SDK 11 gives a segment. */
const USER_ATTRIBUTES: Record<UserKey, { event: string; attributes: string[] }> = {
  id: { event: 'id', attributes: ['user.id'] },
  email: { event: 'email', attributes: ['user.email'] },
  username: { event: 'username', attributes: ['user.name', 'user.username'] },
  ip: { event: 'ip_address', attributes: ['user.ip_address', 'client.address'] },
};

function userField(row: TransactionRow, key: UserKey): string | null {
  const { event, attributes } = USER_ATTRIBUTES[key];
  const value = row.item
    ? scalar(obj(row.item.user)?.[event])
    : (attributes.map((name) => segmentAttribute(row, name)).find((v) => v !== null) ?? null);
  // `{{auto}}` asks the server to fill the address in; it is not one.
  return value === '{{auto}}' ? null : value;
}

/** Sentry's `http.method`: the request's method (Relay's promoted tag), or the span's attribute. */
function httpMethod(row: TransactionRow): Cell {
  const method = row.item ? scalar(obj(row.item.request)?.method) : null;
  return (method ?? spanAttribute(row, ['http.request.method', 'http.method']))?.toUpperCase() ?? null;
}

/** Sentry's `http.status_code`: the response context's status code, else the tag or span attribute. */
function httpStatusCode(row: TransactionRow): Cell {
  const response = row.item ? scalar(obj(obj(row.item.contexts)?.response)?.status_code) : null;
  return (
    response ??
    (row.item ? tagOf(row.item, 'http.status_code') : null) ??
    spanAttribute(row, ['http.response.status_code', 'http.status_code'])
  );
}

const string = (get: (row: TransactionRow) => Cell): ExploreColumn<TransactionRow> => ({
  type: 'string',
  unit: null,
  get,
});

const scoresOfRow = new WeakMap<TransactionRow, Record<string, number>>();

/** The row's score measurements, computed from its web vitals as Relay would (never stored). */
function rowScores(row: TransactionRow): Record<string, number> {
  let scores = scoresOfRow.get(row);
  if (!scores) {
    const vitals: Partial<Record<ScoredVital, number>> = {};
    for (const vital of SCORED_VITALS) {
      const value = row.measurements[vital]?.value;
      if (value !== undefined) vitals[vital] = value;
    }
    scores = scoreMeasurements(vitals);
    scoresOfRow.set(row, scores);
  }
  return scores;
}

/**
 * `measurements.<name>`: the measurement the transaction carries (any name, any case), of Sentry's
 * type; `measurements.score.*` are Relay's performance scores of its web vitals, ratios.
 */
function measurementColumn(name: string): ExploreColumn<TransactionRow> | null {
  const key = MEASUREMENT_FIELD.exec(name)?.[1]?.toLowerCase();
  if (key === undefined) return null;
  if (key.startsWith('score.'))
    return { type: 'number', unit: null, get: (row) => rowScores(row)[key] ?? null };
  return { ...measurementType(key), get: (row) => row.measurements[key]?.value ?? null };
}

export const TRANSACTIONS: ExploreDataset<TransactionRow> = {
  columns: {
    // A streamed segment has no event id (it was never an event); `trace.span` names it.
    id: string((r) => r.root.eventId),
    project: string((r) => r.root.projectSlug),
    'project.name': string((r) => r.root.projectSlug),
    'project.id': { type: 'integer', unit: null, get: (r) => r.root.projectId },
    transaction: string(nameOf),
    title: string(nameOf),
    'transaction.duration': { type: 'duration', unit: 'millisecond', get: (r) => r.durationMs },
    'transaction.op': string((r) => r.root.op),
    'transaction.status': string((r) => r.root.status),
    // A transaction's timestamp is its end, as Sentry's `finish_ts`.
    timestamp: { type: 'date', unit: null, get: (r) => iso(r.root.end) },
    'precise.start_ts': { type: 'number', unit: null, get: (r) => r.root.start / 1000 },
    'precise.finish_ts': { type: 'number', unit: null, get: (r) => r.root.end / 1000 },
    trace: string((r) => r.traceId),
    'trace.span': string((r) => r.root.spanId),
    'trace.parent_span': string((r) => r.root.parentSpanId),
    release: string(contextField('release')),
    environment: string(contextField('environment')),
    platform: string(contextField('platform')),
    'sdk.name': string(contextField('sdk.name')),
    'sdk.version': string(contextField('sdk.version')),
    user: string((r) => r.root.user),
    'user.id': string((r) => userField(r, 'id')),
    'user.email': string((r) => userField(r, 'email')),
    'user.username': string((r) => userField(r, 'username')),
    'user.ip': string((r) => userField(r, 'ip')),
    'user.display': string(
      (r) => userField(r, 'email') ?? userField(r, 'username') ?? userField(r, 'id') ?? userField(r, 'ip'),
    ),
    'http.method': string(httpMethod),
    'http.status_code': string(httpStatusCode),
    'event.type': string(() => 'transaction'),
  },
  column: measurementColumn,
  attribute,
  failed: (row) => isFailure(row.root.status),
  functions: TRANSACTION_FUNCTIONS,
};

/**
 * The fields asked for, with Sentry's auto fields when none is a function: `id` (each row links to its
 * event) and `project.name`, as Discover's query builder adds them.
 */
export function transactionFieldNames(names: string[]): string[] {
  if (names.some((name) => name.includes('('))) return names;
  const out = [...names];
  if (!out.includes('id')) out.push('id');
  if (!out.includes('project.id') && !out.includes('project.name')) out.push('project.name');
  return out;
}

export interface TransactionRead {
  rows: TransactionRow[];
  /** Some project had more items than were read. */
  partial: boolean;
}

/**
 * The projects' transactions whose timestamp, the end, is within the range, as Sentry bounds them
 * (one begun before the range's start is in it). The `environment` parameter reaches here as the
 * search's `environment:[…]`.
 */
export function readTransactions(db: SqliteDb, projects: Project[], range: TimeRange): TransactionRead {
  const rows: TransactionRow[] = [];
  let partial = false;
  for (const project of projects) {
    const read = readTransactionEvents(db, project.id, range.start);
    partial ||= read.partial;
    for (const event of read.events)
      if (event.root.end >= range.start && event.root.end < range.end) rows.push(event);
  }
  return { rows, partial };
}

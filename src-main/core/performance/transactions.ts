/**
 * `performance.transactions` and `performance.summary`: a project's transactions of a period grouped
 * by name, as Sentry's Performance landing tables them (transactions a minute, its default order,
 * percentiles, failure rate, Apdex, users), and one name's summary — its figures, duration histogram,
 * slowest or newest events and `span_ops` breakdown.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  type OpsBreakdownRow,
  SPAN_OPS_BREAKDOWN,
  type TransactionFigures,
  type TransactionList,
  type TransactionSample,
  type TransactionSort,
  type TransactionSummary,
} from '../../../src-shared/performance-api.ts';
import { PERIOD_MS } from '../issues/queries/periods.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { durationHistogram, transactionFigures } from './figures.ts';
import { readTransactionEvents, type TransactionEvent } from './transaction-events.ts';

/** A transaction or segment that names none is counted, as in Sentry, under this name. */
export const UNNAMED_TRANSACTION = '<unlabeled transaction>';

export const nameOf = (event: TransactionEvent) =>
  event.root.segmentName ?? event.root.name ?? UNNAMED_TRANSACTION;

const SORT_KEYS: Record<TransactionSort, (row: TransactionFigures) => number> = {
  tpm: (row) => row.tpm,
  p50: (row) => row.p50Ms,
  p75: (row) => row.p75Ms,
  p95: (row) => row.p95Ms,
  failure: (row) => row.failureRate,
  apdex: (row) => row.apdex,
  users: (row) => row.users,
};

/** Every word of the search in the name, case-insensitive. */
function matcher(query: string | undefined): (name: string) => boolean {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (name) => {
    const lower = name.toLowerCase();
    return words.every((word) => lower.includes(word));
  };
}

function periodOf(period: keyof typeof PERIOD_MS, now: number) {
  return { since: now - PERIOD_MS[period], minutes: PERIOD_MS[period] / 60_000 };
}

export function listTransactions(
  db: SqliteDb,
  params: ApiParsedParams<'performance.transactions'>,
  now = Date.now(),
): TransactionList {
  const { since, minutes } = periodOf(params.period, now);
  const { events, partial } = readTransactionEvents(db, params.projectId, since);
  const matches = matcher(params.query);
  const byName = new Map<string, TransactionEvent[]>();
  for (const event of events) {
    const name = nameOf(event);
    if (!matches(name)) continue;
    const list = byName.get(name);
    if (list) list.push(event);
    else byName.set(name, [event]);
  }
  const key = SORT_KEYS[params.sort];
  const sign = params.order === 'asc' ? -1 : 1;
  const rows = [...byName]
    .map(([name, list]) => transactionFigures(name, list, minutes))
    .sort((a, b) => sign * (key(b) - key(a)) || a.transaction.localeCompare(b.transaction));
  return { transactions: rows.slice(0, params.limit), total: rows.length, partial };
}

function sampleOf(event: TransactionEvent): TransactionSample {
  return {
    eventId: event.root.eventId,
    spanId: event.root.spanId,
    traceId: event.traceId,
    durationMs: event.durationMs,
    timestamp: new Date(event.root.end).toISOString(),
    status: event.root.status,
    user: event.root.user,
    opsBreakdown: event.opsBreakdown,
  };
}

function opsBreakdown(events: readonly TransactionEvent[]): OpsBreakdownRow[] {
  const totalMs = events.reduce((sum, event) => sum + event.durationMs, 0);
  return SPAN_OPS_BREAKDOWN.map((op) => {
    const opMs = events.reduce((sum, event) => sum + event.opsBreakdown[op], 0);
    return {
      op,
      avgMs: events.length === 0 ? 0 : opMs / events.length,
      share: totalMs === 0 ? 0 : opMs / totalMs,
    };
  });
}

// Sentry's summary orders and dates its events by `timestamp`, the transaction's end.
const slowestFirst = (a: TransactionEvent, b: TransactionEvent) =>
  b.durationMs - a.durationMs || b.root.end - a.root.end;
export const newestFirst = (a: TransactionEvent, b: TransactionEvent) =>
  b.root.end - a.root.end || a.root.spanId.localeCompare(b.root.spanId);

export function transactionSummary(
  db: SqliteDb,
  params: ApiParsedParams<'performance.summary'>,
  now = Date.now(),
): TransactionSummary {
  const { since, minutes } = periodOf(params.period, now);
  const { events: all, partial } = readTransactionEvents(db, params.projectId, since);
  const events = all.filter((event) => nameOf(event) === params.transaction);
  const samples = events
    .sort(params.samples === 'slowest' ? slowestFirst : newestFirst)
    .slice(0, params.limit)
    .map(sampleOf);
  return {
    figures: events.length === 0 ? null : transactionFigures(params.transaction, events, minutes),
    histogram: durationHistogram(events.map((event) => event.durationMs)),
    samples,
    opsBreakdown: opsBreakdown(events),
    partial,
  };
}

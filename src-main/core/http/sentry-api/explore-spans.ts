/**
 * The `spans` dataset of the events endpoint: every span of the selected projects' newest items —
 * a transaction (as its root span, `is_transaction:true`) and its child spans, and SDK 11's streamed
 * spans — read as the Insights pages read them (`insights/project-spans.ts`): at most
 * `MAX_QUERY_ITEMS_SCANNED` items per project, newest first, so older spans may be left uncounted
 * (the answer's meta says so). Durations are milliseconds, as Sentry's `span.duration`.
 */
import type { Project } from '../../../../src-shared/api.ts';
import { type ItemContext, walkProjectSpans } from '../../insights/project-spans.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import type { SpanRecord } from '../../traces/transactions.ts';
import type { Cell, ExploreColumn, ExploreDataset } from './explore-table.ts';
import type { TimeRange } from './time-range.ts';

export interface SpanRow {
  span: SpanRecord;
  traceId: string;
  context: ItemContext;
  /** Its transaction's (segment's) root span, when read with it. */
  segment: SpanRecord | null;
  /** Its duration less the time its child spans (those read with it) ran, in milliseconds. */
  selfTime: number;
}

const cell = (value: unknown): Cell => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
};

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const duration = (span: SpanRecord) => Math.max(0, span.end - span.start);

/** A span's attribute: its data (a streamed span's attributes), its tags, or its item's context. */
function attribute(row: SpanRow, key: string): Cell {
  const { data, tags } = row.span;
  if (data && Object.hasOwn(data, key)) return cell(data[key]);
  if (tags && Object.hasOwn(tags, key)) return cell(tags[key]);
  if (data && Object.hasOwn(data, `sentry.${key}`)) return cell(data[`sentry.${key}`]);
  return cell(row.context[key as keyof ItemContext]);
}

function firstAttribute(row: SpanRow, keys: string[]): Cell {
  for (const key of keys) {
    const value = attribute(row, key);
    if (value !== null) return String(value);
  }
  return null;
}

const string = (get: (row: SpanRow) => Cell): ExploreColumn<SpanRow> => ({ type: 'string', unit: null, get });
const millis = (get: (row: SpanRow) => Cell): ExploreColumn<SpanRow> => ({
  type: 'duration',
  unit: 'millisecond',
  get,
});

/** Sentry's span statuses that are not failures (`failure_rate()`). */
const NOT_FAILED = new Set(['ok', 'cancelled', 'unknown']);

export const SPANS: ExploreDataset<SpanRow> = {
  columns: {
    id: string((r) => r.span.spanId),
    span_id: string((r) => r.span.spanId),
    'trace.span_id': string((r) => r.span.spanId),
    'span.op': string((r) => r.span.op),
    'span.description': string((r) => r.span.name),
    'span.name': string((r) => r.span.name),
    'span.status': string((r) => r.span.status),
    'span.duration': millis((r) => duration(r.span)),
    'span.self_time': millis((r) => r.selfTime),
    'span.parent_span': string((r) => r.span.parentSpanId),
    'trace.parent_span_id': string((r) => r.span.parentSpanId),
    parent_span: string((r) => r.span.parentSpanId),
    is_transaction: { type: 'boolean', unit: null, get: (r) => r.span.isSegment },
    transaction: string((r) => r.span.segmentName),
    'transaction.span_id': string((r) => r.span.segmentId),
    'transaction.op': string((r) => r.segment?.op ?? null),
    'transaction.status': string((r) => r.segment?.status ?? null),
    'transaction.duration': millis((r) => (r.segment ? duration(r.segment) : null)),
    'transaction.event_id': string((r) => r.span.eventId),
    trace: string((r) => r.traceId),
    timestamp: { type: 'date', unit: null, get: (r) => iso(r.span.start) },
    'precise.start_ts': { type: 'number', unit: null, get: (r) => r.span.start / 1000 },
    'precise.finish_ts': { type: 'number', unit: null, get: (r) => r.span.end / 1000 },
    project: string((r) => r.span.projectSlug),
    'project.name': string((r) => r.span.projectSlug),
    'project.id': { type: 'integer', unit: null, get: (r) => r.span.projectId },
    'db.system': string((r) => r.span.dbSystem ?? attribute(r, 'db.system')),
    // The names Sentry's older span fields have, over OpenTelemetry's attributes SDK 11 sends.
    'http.status_code': string((r) => firstAttribute(r, ['http.response.status_code', 'http.status_code'])),
    'span.status_code': string((r) => firstAttribute(r, ['http.response.status_code', 'http.status_code'])),
    'http.url': string((r) => firstAttribute(r, ['url.full', 'http.url'])),
    'request.url': string((r) => firstAttribute(r, ['url.full', 'http.url'])),
    'http.method': string((r) => firstAttribute(r, ['http.request.method', 'http.method'])),
    'request.method': string((r) => firstAttribute(r, ['http.request.method', 'http.method'])),
    user: string((r) => r.span.user ?? r.segment?.user ?? null),
    profiler_id: string((r) => r.span.profilerId),
  },
  attribute,
  failed: (row) => !NOT_FAILED.has(row.span.status ?? 'unknown'),
};

export interface SpanRead {
  rows: SpanRow[];
  /** Some project had more items than were read. */
  partial: boolean;
}

/** The time of `span` its children (spans of the same item) did not cover. */
function selfTime(span: SpanRecord, children: SpanRecord[]): number {
  const intervals = children
    .map((child) => [Math.max(child.start, span.start), Math.min(child.end, span.end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = span.start;
  for (const [start, end] of intervals) {
    if (end <= reached) continue;
    covered += end - Math.max(start, reached);
    reached = end;
  }
  return Math.max(0, duration(span) - covered);
}

/** The spans of the projects that started within the range, newest item first. */
export function readSpans(db: SqliteDb, projects: Project[], range: TimeRange): SpanRead {
  const rows: SpanRow[] = [];
  let partial = false;
  for (const project of projects) {
    const walk = walkProjectSpans(db, project.id, range.start, ({ traceId, spans, context }) => {
      const roots = new Map(spans.roots.map((root) => [root.spanId, root]));
      const all = [...spans.roots, ...spans.children];
      const children = new Map<string, SpanRecord[]>();
      for (const span of all)
        if (span.parentSpanId !== null)
          children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
      for (const span of all) {
        if (span.start < range.start || span.start >= range.end) continue;
        const segment = span.segmentId === null ? null : (roots.get(span.segmentId) ?? null);
        rows.push({
          span,
          traceId,
          context,
          segment,
          selfTime: selfTime(span, children.get(span.spanId) ?? []),
        });
      }
    });
    partial ||= walk.partial;
  }
  return { rows, partial };
}

/**
 * A project's spans of some ops in a period (`project-spans.ts` walks its items), for the Caches and
 * Queues pages: each with its duration, self time (`http-spans.ts`'s `selfTime`, Sentry's
 * `span.self_time`) and its transaction's duration when that came in the same item; and every
 * transaction (or streamed segment) of the period, whose durations by name are Sentry's
 * `avg(transaction.duration)`.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import type { SpanRecord } from '../traces/transactions.ts';
import { selfTime } from './http-spans.ts';
import { walkProjectSpans } from './project-spans.ts';

export interface OpSpan {
  span: SpanRecord;
  durationMs: number;
  selfMs: number;
  /** Its transaction's (or segment's) duration, when it came in the same item; else null. */
  transactionMs: number | null;
  traceId: string;
}

export interface OpSpans {
  spans: OpSpan[];
  /** The transactions and segments that started since then. */
  segments: SpanRecord[];
  /** Older items were left unread. */
  partial: boolean;
}

const durationOf = (span: SpanRecord) => Math.max(0, span.end - span.start);

/** The spans with one of `ops` of the project's newest items that started since `since`, in no order. */
export function readOpSpans(
  db: SqliteDb,
  projectId: number,
  since: number,
  ops: ReadonlySet<string>,
): OpSpans {
  const into: OpSpan[] = [];
  const segments: SpanRecord[] = [];
  const { partial } = walkProjectSpans(db, projectId, since, ({ traceId, spans }) => {
    segments.push(...spans.roots.filter((root) => root.start >= since));
    const matching = spans.children.filter(
      (span) => span.op !== null && ops.has(span.op) && span.start >= since,
    );
    if (matching.length === 0) return;
    const childrenOf = new Map<string, SpanRecord[]>();
    for (const span of spans.children) {
      if (span.parentSpanId === null) continue;
      const list = childrenOf.get(span.parentSpanId);
      if (list) list.push(span);
      else childrenOf.set(span.parentSpanId, [span]);
    }
    const rootMs = new Map(spans.roots.map((root) => [root.spanId, durationOf(root)]));
    for (const span of matching)
      into.push({
        span,
        durationMs: durationOf(span),
        selfMs: selfTime(span, childrenOf.get(span.spanId) ?? []),
        transactionMs: span.segmentId === null ? null : (rootMs.get(span.segmentId) ?? null),
        traceId,
      });
  });
  return { spans: into, segments, partial };
}

/** The average duration of the segments of each name (Sentry's `avg(transaction.duration)` by transaction). */
export function transactionDurations(segments: readonly SpanRecord[]): Map<string | null, number> {
  const sums = new Map<string | null, { total: number; count: number }>();
  for (const segment of segments) {
    const sum = sums.get(segment.segmentName) ?? { total: 0, count: 0 };
    sum.total += durationOf(segment);
    sum.count += 1;
    sums.set(segment.segmentName, sum);
  }
  return new Map([...sums].map(([name, { total, count }]) => [name, total / count]));
}

/** Spans grouped by `key`, in the order each key was first met. */
export function groupSpans<K>(spans: readonly OpSpan[], key: (span: OpSpan) => K): Map<K, OpSpan[]> {
  const groups = new Map<K, OpSpan[]>();
  for (const span of spans) {
    const list = groups.get(key(span));
    if (list) list.push(span);
    else groups.set(key(span), [span]);
  }
  return groups;
}

export const newestFirst = (a: OpSpan, b: OpSpan) =>
  b.span.start - a.span.start || b.span.spanId.localeCompare(a.span.spanId);

/** A finite number attribute (Relay reads only numbers into a span's measurements); else null. */
export function numberAttribute(data: Record<string, unknown> | null, key: string): number | null {
  const value = data?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A non-empty string attribute; else null. */
export function textAttribute(data: Record<string, unknown> | null, key: string): string | null {
  const value = data?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Every word of the search in `text`, case-insensitive. */
export function wordMatcher(query: string | undefined): (text: string) => boolean {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (text) => {
    const lower = text.toLowerCase();
    return words.every((word) => lower.includes(word));
  };
}

const average = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/** The average of the values `pick` finds among `spans` (Sentry's `avg()`, which skips spans without one). */
export function averageOf(spans: readonly OpSpan[], pick: (span: OpSpan) => number | null): number | null {
  return average(spans.map(pick).filter((value): value is number => value !== null));
}

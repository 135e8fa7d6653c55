/**
 * `insights.queries` and `insights.querySamples`: a project's database spans grouped by their
 * normalized query (`span.group`), as Sentry's Queries module tables them — count, average, p95 and
 * total time (its "time spent", the default order), and here also the most runs in one transaction,
 * the N+1 hint Spotlight's Queries tab gives. Durations are the spans' own (end − start).
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import type {
  QueryGroup,
  QueryGroupList,
  QuerySampleList,
  QuerySort,
} from '../../../src-shared/insights-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { type DbSpan, readDbSpans } from './db-spans.ts';

const duration = (span: DbSpan) => Math.max(0, span.span.end - span.span.start);
const newestFirst = (a: DbSpan, b: DbSpan) =>
  b.span.start - a.span.start || b.span.spanId.localeCompare(a.span.spanId);

/**
 * The `p` quantile of sorted values, interpolated linearly at rank (n − 1)·p, as ClickHouse's `quantile`
 * (Snuba's `pNN()`) does: its reservoir keeps 8,192 values, so it is exact for the counts read here.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const lower = sorted[low] ?? 0;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (rank - low);
}

function summarize(group: string, spans: DbSpan[]): QueryGroup {
  spans.sort(newestFirst);
  const durations = spans.map(duration).sort((a, b) => a - b);
  const totalMs = durations.reduce((sum, ms) => sum + ms, 0);
  const perTransaction = new Map<string, number>();
  for (const span of spans)
    perTransaction.set(span.transactionKey, (perTransaction.get(span.transactionKey) ?? 0) + 1);
  const newest = spans[0]!;
  return {
    group,
    description: newest.normalized,
    op: newest.span.op,
    dbSystem: spans.find((span) => span.span.dbSystem !== null)?.span.dbSystem ?? null,
    count: spans.length,
    totalMs,
    avgMs: totalMs / spans.length,
    p95Ms: percentile(durations, 0.95),
    maxPerTransaction: Math.max(...perTransaction.values()),
    traceId: newest.traceId,
    transaction: newest.span.segmentName,
  };
}

const SORT_KEYS: Record<QuerySort, (group: QueryGroup) => number> = {
  time: (group) => group.totalMs,
  count: (group) => group.count,
  avg: (group) => group.avgMs,
  p95: (group) => group.p95Ms,
};

/** Every word of the search in the normalized query, case-insensitive. */
function matcher(query: string | undefined): (description: string) => boolean {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (description) => {
    const text = description.toLowerCase();
    return words.every((word) => text.includes(word));
  };
}

export function listQueries(db: SqliteDb, params: ApiParsedParams<'insights.queries'>): QueryGroupList {
  const { spans, partial } = readDbSpans(db, params.projectId);
  const matches = matcher(params.query);
  const groups = new Map<string, DbSpan[]>();
  for (const span of spans) {
    if (!matches(span.normalized)) continue;
    const list = groups.get(span.group);
    if (list) list.push(span);
    else groups.set(span.group, [span]);
  }
  const key = SORT_KEYS[params.sort];
  const queries = [...groups]
    .map(([group, list]) => summarize(group, list))
    .sort((a, b) => key(b) - key(a) || a.description.localeCompare(b.description));
  return { queries: queries.slice(0, params.limit), total: queries.length, partial };
}

export function querySamples(
  db: SqliteDb,
  params: ApiParsedParams<'insights.querySamples'>,
): QuerySampleList {
  const { spans, partial } = readDbSpans(db, params.projectId);
  const samples = spans
    .filter((span) => span.group === params.group)
    .sort(newestFirst)
    .slice(0, params.limit)
    .map((span) => ({
      spanId: span.span.spanId,
      description: span.span.name,
      op: span.span.op,
      durationMs: duration(span),
      timestamp: new Date(span.span.start).toISOString(),
      traceId: span.traceId,
      transaction: span.span.segmentName,
      transactionSpanId: span.span.segmentId,
    }));
  return { samples, partial };
}

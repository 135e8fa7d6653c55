/**
 * `insights.requests` and `insights.requestDomain`: a project's outbound HTTP spans of a period grouped
 * by domain, as Sentry's Outbound API Requests module tables them — requests a minute, the shares of
 * 3xx and 5xx responses, average self time and time spent (its default order) — and one domain's
 * transactions, status codes and newest samples.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import type {
  RequestDomain,
  RequestDomainDetail,
  RequestDomainList,
  RequestSort,
  RequestStats,
  RequestTransaction,
} from '../../../src-shared/requests-api.ts';
import { PERIOD_MS } from '../issues/queries/periods.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { type HttpSpan, readHttpSpans } from './http-spans.ts';

const newestFirst = (a: HttpSpan, b: HttpSpan) =>
  b.span.start - a.span.start || b.span.spanId.localeCompare(a.span.spanId);

/** The counts of `spans` over a period of `minutes`. */
export function requestStats(spans: readonly HttpSpan[], minutes: number): RequestStats {
  const count = spans.length;
  const share = (hundred: number) =>
    count === 0
      ? 0
      : spans.filter((s) => s.statusCode !== null && Math.floor(s.statusCode / 100) === hundred).length /
        count;
  const totalMs = spans.reduce((sum, span) => sum + span.selfMs, 0);
  return {
    count,
    perMinute: count / minutes,
    rate3xx: share(3),
    rate4xx: share(4),
    rate5xx: share(5),
    avgMs: count === 0 ? 0 : totalMs / count,
    totalMs,
  };
}

function groupBy<K>(spans: readonly HttpSpan[], key: (span: HttpSpan) => K): Map<K, HttpSpan[]> {
  const groups = new Map<K, HttpSpan[]>();
  for (const span of spans) {
    const list = groups.get(key(span));
    if (list) list.push(span);
    else groups.set(key(span), [span]);
  }
  return groups;
}

const SORT_KEYS: Record<RequestSort, (stats: RequestStats) => number> = {
  time: (stats) => stats.totalMs,
  rpm: (stats) => stats.perMinute,
  '3xx': (stats) => stats.rate3xx,
  '5xx': (stats) => stats.rate5xx,
  avg: (stats) => stats.avgMs,
};

/** Every word of the search in the domain, case-insensitive. */
function matcher(query: string | undefined): (domain: string) => boolean {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (domain) => words.every((word) => domain.includes(word));
}

interface Period {
  since: number;
  minutes: number;
}

function periodOf(period: keyof typeof PERIOD_MS, now: number): Period {
  return { since: now - PERIOD_MS[period], minutes: PERIOD_MS[period] / 60_000 };
}

export function listRequestDomains(
  db: SqliteDb,
  params: ApiParsedParams<'insights.requests'>,
  now = Date.now(),
): RequestDomainList {
  const { since, minutes } = periodOf(params.period, now);
  const { spans, partial } = readHttpSpans(db, params.projectId, since);
  const matches = matcher(params.query);
  const key = SORT_KEYS[params.sort];
  const domains: RequestDomain[] = [...groupBy(spans, (span) => span.domain)]
    .filter(([domain]) => matches(domain))
    .map(([domain, list]) => ({ domain, ...requestStats(list, minutes) }))
    .sort((a, b) => key(b) - key(a) || a.domain.localeCompare(b.domain));
  return { domains: domains.slice(0, params.limit), total: domains.length, partial };
}

export function requestDomainDetail(
  db: SqliteDb,
  params: ApiParsedParams<'insights.requestDomain'>,
  now = Date.now(),
): RequestDomainDetail {
  const { since, minutes } = periodOf(params.period, now);
  const { spans: all, partial } = readHttpSpans(db, params.projectId, since);
  const spans = all.filter((span) => span.domain === params.domain).sort(newestFirst);
  const statusCodes = [...groupBy(spans, (span) => span.statusCode)]
    .map(([statusCode, list]) => ({ statusCode, count: list.length }))
    .sort((a, b) => b.count - a.count || (a.statusCode ?? 0) - (b.statusCode ?? 0));
  const transactions: RequestTransaction[] = [...groupBy(spans, (span) => span.span.segmentName)]
    .map(([transaction, list]) => ({ transaction, ...requestStats(list, minutes) }))
    .sort((a, b) => b.totalMs - a.totalMs || (a.transaction ?? '').localeCompare(b.transaction ?? ''));
  const samples = spans
    .filter((span) => params.transaction === undefined || span.span.segmentName === params.transaction)
    .slice(0, params.limit)
    .map((span) => ({
      spanId: span.span.spanId,
      description: span.span.name,
      url: span.url,
      statusCode: span.statusCode,
      durationMs: span.durationMs,
      timestamp: new Date(span.span.start).toISOString(),
      traceId: span.traceId,
      transaction: span.span.segmentName,
      transactionSpanId: span.span.segmentId,
    }));
  return {
    summary: spans.length === 0 ? null : { domain: params.domain, ...requestStats(spans, minutes) },
    statusCodes,
    transactions,
    samples,
    partial,
  };
}

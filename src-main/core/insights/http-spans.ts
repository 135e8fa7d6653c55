/**
 * A project's outbound HTTP spans of a period (`project-spans.ts` walks its items): the spans Sentry's
 * Requests module counts (op `http.client`), each with its domain and status code (`http-domain.ts`)
 * and its self time (Sentry's `span.self_time`: its duration less the time its child spans cover).
 */
import type { SqliteDb } from '../store/sqlite.ts';
import type { SpanRecord } from '../traces/transactions.ts';
import { httpSpanDomain, httpSpanUrl, httpStatusCode } from './http-domain.ts';
import { walkProjectSpans } from './project-spans.ts';

export interface HttpSpan {
  span: SpanRecord;
  domain: string;
  url: string | null;
  statusCode: number | null;
  durationMs: number;
  selfMs: number;
  traceId: string;
}

export interface HttpSpans {
  spans: HttpSpan[];
  /** Older items were left unread. */
  partial: boolean;
}

/** Its duration less the union of its children's intervals within it (Relay's exclusive time). */
export function selfTime(span: SpanRecord, children: readonly SpanRecord[]): number {
  const intervals = children
    .map((child) => [Math.max(child.start, span.start), Math.min(child.end, span.end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = span.start;
  for (const [start, end] of intervals) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return Math.max(0, span.end - span.start - covered);
}

/** An item's spans by the span id of their parent. */
export function childrenByParent(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const childrenOf = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    if (span.parentSpanId === null) continue;
    const list = childrenOf.get(span.parentSpanId);
    if (list) list.push(span);
    else childrenOf.set(span.parentSpanId, [span]);
  }
  return childrenOf;
}

/** The `http.client` spans of the project's newest items that started since `since`, in no order. */
export function readHttpSpans(db: SqliteDb, projectId: number, since: number): HttpSpans {
  const into: HttpSpan[] = [];
  const { partial } = walkProjectSpans(db, projectId, since, ({ traceId, spans }) => {
    const requests = spans.children.filter((span) => span.op === 'http.client' && span.start >= since);
    if (requests.length === 0) return;
    const childrenOf = childrenByParent(spans.children);
    for (const span of requests)
      into.push({
        span,
        domain: httpSpanDomain(span.name, span.data),
        url: httpSpanUrl(span.data),
        statusCode: httpStatusCode(span.data, span.tags),
        durationMs: Math.max(0, span.end - span.start),
        selfMs: selfTime(span, childrenOf.get(span.spanId) ?? []),
        traceId,
      });
  });
  return { spans: into, partial };
}

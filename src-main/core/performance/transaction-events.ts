/**
 * A project's transaction events of a period, for the Performance page: the transaction items and
 * streamed segment spans of its newest stored items (`insights/project-spans.ts` walks them, with its
 * bound), each with its duration and its `span_ops` breakdown, as Relay computes it at ingest: per op
 * prefix, the time the transaction's spans with such an op cover, overlapping spans counted once.
 */
import { SPAN_OPS_BREAKDOWN, type SpanOpsPrefix } from '../../../src-shared/performance-api.ts';
import { type ItemContext, walkProjectSpans } from '../insights/project-spans.ts';
import type { Json } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { joinSegments, type SpanRecord, type TraceSpans } from '../traces/transactions.ts';
import { itemMeasurements, type Measurements, segmentMeasurements } from './measurements.ts';

export interface TransactionEvent {
  /** The transaction itself, or the streamed segment span. */
  root: SpanRecord;
  traceId: string;
  durationMs: number;
  opsBreakdown: Record<SpanOpsPrefix, number>;
  /** Its item's environment, release, platform and SDK (a transaction item's; empty for a streamed segment). */
  context: ItemContext;
  /** The transaction event as stored; null for a streamed segment, whose attributes are `root.data`. */
  item: Json | null;
  /** Its measurements (`measurements.lcp` …), by lowercased name. */
  measurements: Measurements;
}

export interface TransactionEvents {
  events: TransactionEvent[];
  /** Older items were left unread. */
  partial: boolean;
}

/** The time the intervals cover, each instant once (Relay's `get_operation_duration`). */
export function coveredMs(intervals: ReadonlyArray<readonly [number, number]>): number {
  let covered = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, reach);
    if (end > from) covered += end - from;
    reach = Math.max(reach, end);
  }
  return covered;
}

/** Which breakdown prefix an op counts under (Relay matches the op's start, lowercased). */
function prefixOf(op: string | null): SpanOpsPrefix | null {
  const lower = op?.toLowerCase();
  return lower === undefined ? null : (SPAN_OPS_BREAKDOWN.find((prefix) => lower.startsWith(prefix)) ?? null);
}

/** The breakdown of one transaction from its child spans. */
export function opsBreakdownOf(children: readonly SpanRecord[]): Record<SpanOpsPrefix, number> {
  const intervals = new Map<SpanOpsPrefix, Array<[number, number]>>();
  for (const span of children) {
    const prefix = prefixOf(span.op);
    if (prefix === null) continue;
    const list = intervals.get(prefix) ?? [];
    list.push([span.start, span.end]);
    intervals.set(prefix, list);
  }
  const breakdown = { http: 0, db: 0, browser: 0, resource: 0 };
  for (const [prefix, list] of intervals) breakdown[prefix] = coveredMs(list);
  return breakdown;
}

/**
 * The transactions that ended since `since` among the project's newest items, in no order: Sentry
 * bounds transactions by their `timestamp`, the end (Snuba's transactions entity keeps time by
 * `finish_ts`), so one that began before `since` and ended after it is in. The walk stays bounded by
 * arrival: an item arrives after its transaction ended. A streamed segment's spans may come in several
 * items: its breakdown counts those read (of the same bounded walk).
 */
export function readTransactionEvents(db: SqliteDb, projectId: number, since: number): TransactionEvents {
  const spans: TraceSpans = { roots: [], children: [] };
  const itemOf = new Map<SpanRecord, { traceId: string; context: ItemContext; event: Json | null }>();
  const { partial } = walkProjectSpans(db, projectId, since, ({ traceId, spans: item, context, event }) => {
    for (const root of item.roots) {
      if (root.end < since) continue;
      spans.roots.push(root);
      itemOf.set(root, { traceId, context, event });
    }
    spans.children.push(...item.children);
  });
  joinSegments(spans);
  const childrenOf = new Map<string, SpanRecord[]>();
  for (const span of spans.children) {
    if (span.segmentId === null) continue;
    const list = childrenOf.get(span.segmentId);
    if (list) list.push(span);
    else childrenOf.set(span.segmentId, [span]);
  }
  const events = spans.roots.map((root) => {
    const item = itemOf.get(root)?.event ?? null;
    const children = (childrenOf.get(root.spanId) ?? []).filter((span) => span.projectId === root.projectId);
    return {
      root,
      traceId: itemOf.get(root)?.traceId ?? '',
      context: itemOf.get(root)?.context ?? {},
      item,
      durationMs: Math.max(0, root.end - root.start),
      opsBreakdown: opsBreakdownOf(children),
      measurements: item
        ? itemMeasurements(item)
        : segmentMeasurements(
            root.webVitals,
            children.map((span) => span.webVitals),
          ),
    };
  });
  return { events, partial };
}

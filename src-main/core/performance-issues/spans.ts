/**
 * A transaction as the detectors walk it (Sentry's `_detect_performance_problems` over an event's
 * `spans`): its root span, its child spans in order of their start, each with Sentry's span `hash`
 * (`span-hash.ts`). Built from either shape the pipeline stores, a `transaction` item or a streamed
 * segment with its spans in the same container, through the trace reader's own decoding
 * (`traces/transactions.ts`), so both read the same fields.
 */
import { type Json, obj, text } from '../store/item-json.ts';
import {
  type ItemRow,
  joinSegments,
  type SpanRecord,
  spansOfItem,
  spanTraceId,
} from '../traces/transactions.ts';
import { spanHash } from './span-hash.ts';

export interface DetectorSpan {
  spanId: string;
  parentSpanId: string | null;
  op: string | null;
  description: string | null;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** Sentry's span hash (its span grouping), null without an op or description. */
  hash: string | null;
  data: Json | null;
}

export interface TransactionTree {
  /** The transaction item's event id; null for a streamed segment. */
  eventId: string | null;
  name: string;
  traceId: string | null;
  /** The SDK that sent it (`sdk.name`, `sentry.sdk.name`), as Sentry tells browser events apart. */
  sdkName: string | null;
  /** The browser that ran it (the `browser.name` tag Relay derives from the user agent), if any. */
  browserName: string | null;
  /** LCP in milliseconds (`measurements.lcp`), when measured. */
  lcpMs: number | null;
  /** FCP in milliseconds (`measurements.fcp`), when measured. */
  fcpMs: number | null;
  root: DetectorSpan;
  /** Child spans, by start (then as sent). */
  spans: DetectorSpan[];
  /** The user, release, environment … of the transaction, for its occurrence's event. */
  json: Json;
}

export const durationMs = (span: { start: number; end: number }): number => span.end - span.start;

function detectorSpan(record: SpanRecord): DetectorSpan {
  return {
    spanId: record.spanId,
    parentSpanId: record.parentSpanId,
    op: record.op,
    description: record.name,
    start: record.start,
    end: record.end,
    hash: spanHash(record.op, record.name),
    data: record.data,
  };
}

function byStart(spans: SpanRecord[]): DetectorSpan[] {
  return spans
    .map((span, index) => ({ span, index }))
    .sort((a, b) => a.span.start - b.span.start || a.index - b.index)
    .map(({ span }) => detectorSpan(span));
}

/** A web vital of a transaction's `measurements` in milliseconds (no unit counts as milliseconds). */
function measuredMs(json: Json, name: 'lcp' | 'fcp'): number | null {
  const measurement = obj(obj(json.measurements)?.[name]);
  const value = measurement?.value;
  const unit = text(measurement?.unit);
  return typeof value === 'number' && value > 0 && (unit === null || unit === 'millisecond') ? value : null;
}

/** The `browser.name` tag (tags as pairs or an object), else the browser context's name. */
function browserName(json: Json): string | null {
  const tags = json.tags;
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      if (Array.isArray(tag) && tag[0] === 'browser.name' && typeof tag[1] === 'string') return tag[1];
    }
  } else {
    const tag = text(obj(tags)?.['browser.name']);
    if (tag) return tag;
  }
  return text(obj(obj(json.contexts)?.browser)?.name);
}

/** The transactions of one stored `transaction` or `span` item, each with its child spans. */
export function transactionTrees(type: string, json: Json): TransactionTree[] {
  const row: ItemRow = {
    project_id: 0,
    slug: '',
    type,
    event_id: text(json.event_id),
    data: Buffer.alloc(0),
  };
  const spans = { roots: [] as SpanRecord[], children: [] as SpanRecord[] };
  spansOfItem(row, json, null, spans);
  joinSegments(spans);
  const items = Array.isArray(json.items) ? json.items : [];
  return spans.roots.map((root) => {
    const streamed = type !== 'transaction';
    const rootJson = streamed ? obj(items.find((item) => obj(item)?.span_id === root.spanId)) : undefined;
    const traceId = streamed
      ? rootJson
        ? spanTraceId(rootJson)
        : null
      : text(obj(obj(json.contexts)?.trace)?.trace_id);
    return {
      eventId: streamed ? null : root.eventId,
      name: root.segmentName ?? root.name ?? '<unnamed transaction>',
      traceId,
      sdkName: streamed ? text(root.data?.['sentry.sdk.name']) : text(obj(json.sdk)?.name),
      browserName: streamed
        ? (text(root.data?.['browser.name']) ?? text(root.data?.['sentry.browser.name']))
        : browserName(json),
      lcpMs: streamed ? (root.webVitals?.lcp ?? null) : measuredMs(json, 'lcp'),
      fcpMs: streamed ? (root.webVitals?.fcp ?? null) : measuredMs(json, 'fcp'),
      root: detectorSpan(root),
      spans: byStart(spans.children.filter((child) => child.segmentId === root.spanId)),
      json: streamed
        ? { ...(rootJson ?? {}), contexts: { trace: { trace_id: traceId, span_id: root.spanId } } }
        : json,
    };
  });
}

/**
 * The transactions of a trace and their spans, from the items `item_store` keeps as received
 * (`pipeline/other-items.ts`), found by their `trace_id` (`trace-key.ts`). Two shapes carry them:
 * a `transaction` item (the event with its child `spans`), and the span v2 containers of SDKs that
 * stream spans (SDK 11's default), whose segment spans (`is_segment`) are the transactions and whose
 * other spans name their segment in `sentry.segment.id`. Neither is normalized before it is stored,
 * so timestamps may be seconds or RFC 3339 strings, as SDKs send them.
 */
import type { TraceSpan, TraceTransaction, WebVitals } from '../../../src-shared/trace-api.ts';
import { epochMillis, type Json, obj, storedBody, text } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { attributeWebVitals, measuredWebVitals, mergeWebVitals } from './web-vitals.ts';

/** Items read for one trace at most: a trace of a local app has a handful. */
const MAX_ITEMS = 2_000;

export interface ItemRow {
  project_id: number;
  slug: string;
  type: string;
  event_id: string | null;
  data: Buffer;
}

/** A span of either shape, reduced to what the trace shows. */
export interface SpanRecord {
  projectId: number;
  projectSlug: string;
  eventId: string | null;
  spanId: string;
  parentSpanId: string | null;
  segmentId: string | null;
  isSegment: boolean;
  name: string | null;
  op: string | null;
  status: string | null;
  start: number;
  end: number;
  /** Its database (`db.system` in a span's `data`, or a span v2 attribute), for the Queries page. */
  dbSystem: string | null;
  /** Its transaction's (or segment's) name, as the transaction or `sentry.segment.name` says. */
  segmentName: string | null;
  /** The web vitals it carries (a transaction's `measurements`, a streamed span's attributes). */
  webVitals: WebVitals | null;
  /**
   * Its attributes: a child span's `data`, a transaction's trace context `data` (its root span's),
   * a streamed span's attribute values (over its `data`, if any). The Requests page reads `url.full`,
   * `http.response.status_code` …; the AI Agents page `gen_ai.*`.
   */
  data: Json | null;
  /** A child span's `tags` (SDKs before the span attributes put `http.status_code` there). */
  tags: Json | null;
  /** The continuous profiler that ran during it (`contexts.profile.profiler_id`, `sentry.profiler_id`). */
  profilerId: string | null;
  /** A transaction's or segment's user, as Sentry's `user` tag (`userTag`); null for a child span. */
  user: string | null;
}

/**
 * Sentry's `user` tag: the first of the user's id, username, email and IP address, with its kind
 * (`id:42`, `email:a@b.c`). `{{auto}}` is an SDK's request that the server fill the address in, not one.
 */
export function userTag(user: {
  id: unknown;
  username: unknown;
  email: unknown;
  ip: unknown;
}): string | null {
  const value = (raw: unknown) => {
    const found = typeof raw === 'number' ? String(raw) : text(raw);
    return found === null || found === '' || found === '{{auto}}' ? null : found;
  };
  for (const kind of ['id', 'username', 'email', 'ip'] as const) {
    const found = value(user[kind]);
    if (found !== null) return `${kind}:${found}`;
  }
  return null;
}

/** A profiler id as 32 lowercase hex digits, or null. */
function profilerHex(value: unknown): string | null {
  const hex = text(value)?.replaceAll('-', '').toLowerCase() ?? null;
  return hex !== null && /^[0-9a-f]{32}$/.test(hex) ? hex : null;
}

/** A span v2 attribute's value (`{"value": …, "type": …}`). */
function attribute(span: Json, key: string): unknown {
  return obj(obj(span.attributes)?.[key])?.value;
}

/** A streamed span's attribute values over its `data`, as one object. */
function attributeValues(span: Json): Json | null {
  const attributes = obj(span.attributes);
  const data = obj(span.data) ?? null;
  if (!attributes) return data;
  const values: Json = { ...data };
  for (const [key, value] of Object.entries(attributes)) values[key] = obj(value)?.value;
  return values;
}

/** When the items were received (milliseconds), as Sentry bounds a trace by time. */
export interface TraceWindow {
  start: number;
  end: number;
}

function itemsOfTrace(db: SqliteDb, traceId: string, window: TraceWindow): ItemRow[] {
  // `trace_id = ?` implies `trace_id IS NOT NULL`: the partial index item_store_trace is read over
  // the window, its trace ids compared there; only the trace's rows are read.
  return stmt(
    db,
    `SELECT i.project_id, p.slug, i.type, i.event_id, i.data FROM item_store i
     JOIN projects p ON p.id = i.project_id
     WHERE i.received BETWEEN ? AND ? AND i.trace_id = ? AND i.type IN ('transaction', 'span')
     ORDER BY i.id LIMIT ${MAX_ITEMS}`,
  ).all(window.start, window.end, Buffer.from(traceId, 'hex')) as ItemRow[];
}

export function body(row: ItemRow): Json | undefined {
  return storedBody(row.data);
}

function transactionUser(json: Json): string | null {
  const user = obj(json.user);
  return user
    ? userTag({ id: user.id, username: user.username, email: user.email, ip: user.ip_address })
    : null;
}

/** A transaction item as its root span (the transaction itself) and child spans. */
function transactionSpans(row: ItemRow, json: Json): { root: SpanRecord | null; children: SpanRecord[] } {
  const trace = obj(obj(json.contexts)?.trace) ?? {};
  const spanId = text(trace.span_id);
  const start = epochMillis(json.start_timestamp);
  const end = epochMillis(json.timestamp);
  const base = { projectId: row.project_id, projectSlug: row.slug, eventId: row.event_id };
  const root =
    spanId === null || start === null || end === null
      ? null
      : {
          ...base,
          spanId,
          parentSpanId: text(trace.parent_span_id),
          segmentId: spanId,
          isSegment: true,
          name: text(json.transaction),
          op: text(trace.op),
          // Relay's normalize_contexts gives every event's trace context a status, `unknown` when
          // the SDK sent none (Python 1.9 sends none for a transaction that did not fail).
          status: text(trace.status) ?? 'unknown',
          start,
          end,
          dbSystem: null,
          segmentName: text(json.transaction),
          webVitals: measuredWebVitals(json.measurements),
          data: obj(trace.data) ?? null,
          tags: null,
          profilerId: profilerHex(obj(obj(json.contexts)?.profile)?.profiler_id),
          user: transactionUser(json),
        };
  const children: SpanRecord[] = [];
  for (const value of Array.isArray(json.spans) ? json.spans : []) {
    const span = obj(value);
    const childId = text(span?.span_id);
    const childStart = epochMillis(span?.start_timestamp);
    if (!span || childId === null || childStart === null) continue;
    children.push({
      ...base,
      spanId: childId,
      parentSpanId: text(span.parent_span_id),
      segmentId: spanId,
      isSegment: false,
      name: text(span.description),
      op: text(span.op),
      status: text(span.status),
      start: childStart,
      end: epochMillis(span.timestamp) ?? childStart,
      dbSystem: text(obj(span.data)?.['db.system']),
      segmentName: text(json.transaction),
      webVitals: null,
      data: obj(span.data) ?? null,
      tags: obj(span.tags) ?? null,
      profilerId: null,
      user: null,
    });
  }
  return { root, children };
}

/**
 * The spans of a span item: a v2 container's `items`, or one standalone (v1) span; only those of
 * `traceId` when one is given (a container holds one trace's spans, as its `trace` header says).
 */
function streamedSpans(row: ItemRow, json: Json, traceId: string | null): SpanRecord[] {
  const spans = Array.isArray(json.items) ? json.items : [json];
  const records: SpanRecord[] = [];
  for (const value of spans) {
    const span = obj(value);
    const spanId = text(span?.span_id);
    const start = epochMillis(span?.start_timestamp);
    if (!span || spanId === null || start === null) continue;
    if (traceId !== null && spanTraceId(span) !== traceId) continue;
    const isSegment = span.is_segment === true;
    const statusMessage = text(attribute(span, 'sentry.status.message'));
    records.push({
      projectId: row.project_id,
      projectSlug: row.slug,
      eventId: null,
      spanId,
      parentSpanId: text(span.parent_span_id),
      segmentId:
        text(attribute(span, 'sentry.segment.id')) ?? text(span.segment_id) ?? (isSegment ? spanId : null),
      isSegment,
      name: text(span.name) ?? text(span.description),
      op: text(attribute(span, 'sentry.op')) ?? text(span.op),
      status: statusMessage ?? text(span.status),
      start,
      end: epochMillis(span.end_timestamp) ?? epochMillis(span.timestamp) ?? start,
      dbSystem: text(attribute(span, 'db.system')) ?? text(obj(span.data)?.['db.system']),
      segmentName: text(attribute(span, 'sentry.segment.name')) ?? (isSegment ? text(span.name) : null),
      webVitals: attributeWebVitals(span),
      data: attributeValues(span),
      tags: obj(span.tags) ?? null,
      profilerId: isSegment ? profilerHex(attribute(span, 'sentry.profiler_id')) : null,
      user: isSegment
        ? userTag({
            id: attribute(span, 'user.id'),
            username: attribute(span, 'user.name') ?? attribute(span, 'user.username'),
            email: attribute(span, 'user.email'),
            ip: attribute(span, 'user.ip_address') ?? attribute(span, 'client.address'),
          })
        : null,
    });
  }
  return records;
}

/** A span's trace id (32 lowercase hex), as span v2 items write it. */
export function spanTraceId(span: Json): string | null {
  return text(span.trace_id)?.replaceAll('-', '').toLowerCase() ?? null;
}

export interface TraceSpans {
  /** Transactions and streamed segments. */
  roots: SpanRecord[];
  /** Child spans, each with the span id of its transaction or segment. */
  children: SpanRecord[];
}

/** The transactions and spans of one stored item (of `traceId` only, when given). */
export function spansOfItem(row: ItemRow, json: Json, traceId: string | null, into: TraceSpans): void {
  if (row.type === 'transaction') {
    const { root, children } = transactionSpans(row, json);
    if (root) into.roots.push(root);
    into.children.push(...children);
    return;
  }
  for (const span of streamedSpans(row, json, traceId))
    (span.isSegment ? into.roots : into.children).push(span);
}

/**
 * Gives each child span that names no segment the segment of its nearest ancestor that has one, as
 * Sentry's span buffer joins spans to their segment by their parents: OpenTelemetry exporters send a
 * trace's spans in several exports, and a span whose parent came in another one was stored with none.
 */
export function joinSegments({ roots, children }: TraceSpans): void {
  const byId = new Map<string, SpanRecord>();
  for (const span of [...roots, ...children]) byId.set(span.spanId, span);
  const segmentOf = (span: SpanRecord): string | null => {
    const seen = new Set<string>();
    let at: SpanRecord | undefined = span;
    while (at && !seen.has(at.spanId)) {
      if (at.isSegment) return at.spanId;
      if (at.segmentId !== null) return at.segmentId;
      seen.add(at.spanId);
      at = at.parentSpanId === null ? undefined : byId.get(at.parentSpanId);
    }
    return null;
  };
  for (const span of children) if (span.segmentId === null) span.segmentId = segmentOf(span);
}

export function readTrace(db: SqliteDb, traceId: string, window: TraceWindow): TraceSpans {
  const spans: TraceSpans = { roots: [], children: [] };
  for (const row of itemsOfTrace(db, traceId, window)) {
    const json = body(row);
    if (json) spansOfItem(row, json, traceId, spans);
  }
  joinSegments(spans);
  return spans;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The trace's transactions and the transaction each of its spans belongs to. */
export interface TraceTransactions {
  /** Time order of their start. */
  transactions: TraceTransaction[];
  /** The span id of the transaction holding a span (itself, for a transaction); null when none read does. */
  segmentOf(spanId: string | null): string | null;
}

/** The trace's transactions received within the window, in time order of their start. */
export function traceTransactions(db: SqliteDb, traceId: string, window: TraceWindow): TraceTransactions {
  const spans = readTrace(db, traceId, window);
  return { transactions: transactionsOf(spans), segmentOf: segmentLookup(spans) };
}

/**
 * Which transaction among `roots` holds a span: a transaction holds itself, a child span its segment.
 * A segment that was not read (its item not received) holds nothing here.
 */
function segmentLookup({ roots, children }: TraceSpans): (spanId: string | null) => string | null {
  const rootIds = new Set(roots.map((root) => root.spanId));
  const segments = new Map<string, string>();
  for (const span of children)
    if (span.segmentId !== null && rootIds.has(span.segmentId)) segments.set(span.spanId, span.segmentId);
  for (const id of rootIds) segments.set(id, id);
  return (spanId) => (spanId === null ? null : (segments.get(spanId) ?? null));
}

/**
 * The transactions among spans, in time order of their start, each with its child spans counted and
 * the transaction holding its parent span (Sentry's trace view nests it there).
 */
export function transactionsOf(spans: TraceSpans): TraceTransaction[] {
  const { roots, children } = spans;
  const counts = new Map<string, number>();
  const spanVitals = new Map<string, Array<WebVitals | null>>();
  for (const span of children) {
    if (span.segmentId === null) continue;
    counts.set(span.segmentId, (counts.get(span.segmentId) ?? 0) + 1);
    if (span.webVitals)
      spanVitals.set(span.segmentId, [...(spanVitals.get(span.segmentId) ?? []), span.webVitals]);
  }
  const segmentOf = segmentLookup(spans);
  return roots
    .sort((a, b) => a.start - b.start || a.spanId.localeCompare(b.spanId))
    .map((root) => {
      const parentSegmentId = segmentOf(root.parentSpanId);
      return {
        projectId: root.projectId,
        projectSlug: root.projectSlug,
        eventId: root.eventId,
        name: root.name ?? '<unnamed transaction>',
        op: root.op,
        status: root.status,
        spanId: root.spanId,
        parentSpanId: root.parentSpanId,
        parentSegmentId: parentSegmentId === root.spanId ? null : parentSegmentId,
        start: iso(root.start),
        end: iso(root.end),
        durationMs: Math.max(0, root.end - root.start),
        spanCount: counts.get(root.spanId) ?? 0,
        webVitals: mergeWebVitals(root.webVitals, spanVitals.get(root.spanId) ?? []),
        // As the transaction names its profiler; the trace view keeps it only when chunks of it were
        // received (`profiles/trace-profiles.ts`), and adds v1 profiles.
        profile:
          root.profilerId === null
            ? null
            : { kind: 'continuous', profilerId: root.profilerId, start: iso(root.start), end: iso(root.end) },
      };
    });
}

/**
 * The child spans of one transaction of the trace, in time order: named by its event id (a
 * transaction item) or its span id (a streamed segment). Null when the trace has no such transaction.
 */
export function transactionChildSpans(
  db: SqliteDb,
  traceId: string,
  window: TraceWindow,
  which: { eventId?: string; spanId?: string },
): TraceSpan[] | null {
  const { roots, children } = readTrace(db, traceId, window);
  const eventId = which.eventId?.replaceAll('-', '').toLowerCase();
  const root = roots.find((r) => (eventId !== undefined ? r.eventId === eventId : r.spanId === which.spanId));
  if (!root) return null;
  return children
    .filter((span) => span.segmentId === root.spanId && span.projectId === root.projectId)
    .sort((a, b) => a.start - b.start || a.spanId.localeCompare(b.spanId))
    .map((span) => ({
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      op: span.op,
      description: span.name,
      status: span.status,
      start: iso(span.start),
      end: iso(span.end),
      durationMs: Math.max(0, span.end - span.start),
    }));
}

/**
 * OTLP spans as Sentry's span v2 items (Relay's `otel_to_sentry_span`): ids as hex, times in
 * seconds, the status as `ok`/`error` (its message in `sentry.status.message`), the kind by name,
 * attributes typed, a name from the `db`/`http` attributes when the span has none. The resource's
 * attributes come along as `resource.<key>` and the scope as `instrumentation.<key>`, as Relay does
 * for OTLP logs.
 *
 * Then what Sentry's span buffer adds before it stores a segment: a span with no parent, or whose
 * parent is remote (another service's), starts a segment (`is_segment`, the transaction of the
 * Traces page), and every span of the request names the segment it belongs to in
 * `sentry.segment.id` / `sentry.segment.name`. A span whose parent came in another request is
 * in no segment here.
 */
import {
  HAS_IS_REMOTE,
  hex,
  IS_REMOTE,
  nanosToSeconds,
  type OtlpLink,
  type OtlpScoped,
  type OtlpSpan,
  putAttributes,
  type SentryAttribute,
} from './model.ts';

/** A span v2 item as it goes into a `span` container. */
export type SpanV2 = Record<string, unknown> & {
  trace_id: string;
  span_id: string;
  attributes: Record<string, SentryAttribute>;
};

const KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

function kindName(kind: number): string {
  return kind === 0 ? 'unspecified' : (KINDS[kind] ?? 'unknown');
}

/** The W3C "sampled" trace flag of a link. */
const SAMPLED = 0x1;

function isRemote(flags: number): boolean | undefined {
  return (flags & HAS_IS_REMOTE) === 0 ? undefined : (flags & IS_REMOTE) !== 0;
}

/** An op from the span's attributes when the SDK set no `sentry.op` (Relay's op inference, in short). */
function inferredOp(span: OtlpSpan, attrs: Record<string, SentryAttribute>): string | undefined {
  if (attrs['sentry.op']) return undefined;
  if (attrs['http.request.method'] || attrs['http.method'])
    return span.kind === 2 ? 'http.server' : span.kind === 3 ? 'http.client' : 'http';
  if (Object.keys(attrs).some((key) => key.startsWith('db.'))) return 'db';
  return undefined;
}

/** The span's name, or one from its attributes (`otel_to_sentry_span`): `db`, `http.server` … */
function spanName(span: OtlpSpan): string | undefined {
  if (span.name !== '') return span.name;
  for (const { key, value } of span.attributes) {
    if (!value) continue;
    if (key.startsWith('db')) return 'db';
    if (key === 'http.method' || key === 'http.request.method')
      return span.kind === 2 ? 'http.server' : span.kind === 3 ? 'http.client' : 'http';
  }
  return undefined;
}

function link(otel: OtlpLink): Record<string, unknown> | undefined {
  if (otel.traceId.length !== 16 || otel.spanId.length !== 8) return undefined;
  const attrs: Record<string, SentryAttribute> = {};
  putAttributes(attrs, otel.attributes);
  return {
    trace_id: hex(otel.traceId),
    span_id: hex(otel.spanId),
    sampled: (otel.flags & SAMPLED) !== 0,
    attributes: attrs,
  };
}

/** One span as a span v2 item; undefined when its ids are not 16 and 8 bytes (Relay refuses it). */
export function spanV2(span: OtlpSpan, scoped: OtlpScoped<OtlpSpan>): SpanV2 | undefined {
  if (span.traceId.length !== 16 || span.spanId.length !== 8) return undefined;
  if (span.parentSpanId.length !== 0 && span.parentSpanId.length !== 8) return undefined;
  const attrs: Record<string, SentryAttribute> = {};
  putAttributes(attrs, scoped.resource?.attributes ?? [], 'resource.');
  if (scoped.scope) {
    putAttributes(attrs, scoped.scope.attributes, 'instrumentation.');
    if (scoped.scope.name !== '')
      attrs['instrumentation.name'] = { type: 'string', value: scoped.scope.name };
    if (scoped.scope.version !== '')
      attrs['instrumentation.version'] = { type: 'string', value: scoped.scope.version };
  }
  putAttributes(attrs, span.attributes);
  const op = inferredOp(span, attrs);
  if (op) attrs['sentry.op'] = { type: 'string', value: op };
  if (span.status && span.status.message !== '')
    attrs['sentry.status.message'] = { type: 'string', value: span.status.message };
  const item: SpanV2 = {
    trace_id: hex(span.traceId),
    span_id: hex(span.spanId),
    attributes: attrs,
  };
  if (span.parentSpanId.length > 0) item.parent_span_id = hex(span.parentSpanId);
  const name = spanName(span);
  if (name !== undefined) item.name = name;
  if (span.status) item.status = span.status.code === 2 ? 'error' : 'ok';
  item.kind = kindName(span.kind);
  item.start_timestamp = nanosToSeconds(span.startTimeUnixNano);
  item.end_timestamp = nanosToSeconds(span.endTimeUnixNano);
  const remote = isRemote(span.flags);
  if (remote !== undefined) item.is_remote = remote;
  item.links = span.links.map(link).filter((l) => l !== undefined);
  return item;
}

/** Marks the segments among the spans and names each span's segment (see the file's comment). */
export function assignSegments(spans: SpanV2[]): void {
  const byId = new Map<string, SpanV2>();
  for (const span of spans) byId.set(`${span.trace_id}:${span.span_id}`, span);
  const startsSegment = (span: SpanV2) => span.parent_span_id === undefined || span.is_remote === true;
  for (const span of spans) span.is_segment = startsSegment(span);
  for (const span of spans) {
    let at: SpanV2 | undefined = span;
    // Bounded by the number of spans: a cycle of parents (a broken exporter) ends the walk.
    for (let steps = 0; at && !at.is_segment && steps < spans.length; steps++)
      at = byId.get(`${at.trace_id}:${String(at.parent_span_id)}`);
    if (!at?.is_segment) continue;
    span.attributes['sentry.segment.id'] = { type: 'string', value: at.span_id };
    if (typeof at.name === 'string')
      span.attributes['sentry.segment.name'] = { type: 'string', value: at.name };
  }
}

/** The spans of a request as span v2 items, and how many it held that Relay would refuse. */
export function spansOf(batches: OtlpScoped<OtlpSpan>[]): { spans: SpanV2[]; invalid: number } {
  const spans: SpanV2[] = [];
  let invalid = 0;
  for (const scoped of batches) {
    for (const span of scoped.records) {
      const item = spanV2(span, scoped);
      if (item) spans.push(item);
      else invalid++;
    }
  }
  assignSegments(spans);
  return { spans, invalid };
}

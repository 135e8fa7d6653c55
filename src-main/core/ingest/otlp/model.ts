/**
 * The parts of OTLP's `ExportTraceServiceRequest` and `ExportLogsServiceRequest`
 * (opentelemetry-proto `trace/v1`, `logs/v1`, `common/v1`) that Relay reads, as plain data: both
 * encodings (`decode-protobuf.ts`, `decode-json.ts`) produce these, and the conversions to Sentry's
 * spans and logs (`spans.ts`, `logs.ts`) read them. Ids are raw bytes, times nanoseconds.
 */

export type OtlpValue =
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'array'; values: OtlpValue[] }
  | { kind: 'kvlist'; values: OtlpKeyValue[] };

export interface OtlpKeyValue {
  key: string;
  /** Absent when the AnyValue (or its oneof) was empty. */
  value: OtlpValue | undefined;
}

export interface OtlpResource {
  attributes: OtlpKeyValue[];
}

export interface OtlpScope {
  name: string;
  version: string;
  attributes: OtlpKeyValue[];
}

export interface OtlpStatus {
  /** 0 unset, 1 ok, 2 error. */
  code: number;
  message: string;
}

export interface OtlpLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  attributes: OtlpKeyValue[];
  flags: number;
}

export interface OtlpSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  /** `SpanFlags`: the W3C trace flags and whether the parent is remote. */
  flags: number;
  name: string;
  /** `SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: OtlpKeyValue[];
  links: OtlpLink[];
  status: OtlpStatus | undefined;
}

export interface OtlpLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: OtlpValue | undefined;
  attributes: OtlpKeyValue[];
  traceId: Uint8Array;
  spanId: Uint8Array;
}

/** One `ScopeSpans` / `ScopeLogs` with the resource it came under. */
export interface OtlpScoped<T> {
  resource: OtlpResource | undefined;
  scope: OtlpScope | undefined;
  records: T[];
}

export const emptyScope = (): OtlpScope => ({ name: '', version: '', attributes: [] });

/** `SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK` and `SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK`. */
export const HAS_IS_REMOTE = 0x100;
export const IS_REMOTE = 0x200;

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Nanoseconds since the epoch as seconds, rounded to the microsecond as Relay writes them. */
export function nanosToSeconds(nanos: bigint): number {
  return Number((nanos + 500n) / 1000n) / 1e6;
}

/** A Sentry attribute (`{"type": …, "value": …}`), as span v2 and log items carry them. */
export interface SentryAttribute {
  type: 'string' | 'boolean' | 'integer' | 'double';
  value: string | boolean | number;
}

/** An integer as JSON keeps it: beyond 2^53 a number would change, so it stays exact as text. */
function integerValue(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A value inside an array or map attribute, as the JSON Relay writes it into a string. */
function plainValue(value: OtlpValue | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'string':
    case 'bool':
    case 'double':
      return value.kind === 'double' && !Number.isFinite(value.value) ? undefined : value.value;
    case 'int':
      return integerValue(value.value);
    case 'bytes':
      return utf8(value.value);
    case 'array':
      return value.values.map(plainValue).filter((v) => v !== undefined);
    case 'kvlist':
      return Object.fromEntries(
        value.values.map((kv) => [kv.key, plainValue(kv.value)]).filter(([, v]) => v !== undefined),
      );
  }
}

/**
 * An OTLP attribute value as a Sentry attribute (Relay's `otel_value_to_attribute`): scalars keep
 * their type, bytes become a string when they are UTF-8, arrays and maps a JSON string; an empty
 * value, or bytes that are no text, are left out.
 */
export function sentryAttribute(value: OtlpValue | undefined): SentryAttribute | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'string':
      return { type: 'string', value: value.value };
    case 'bool':
      return { type: 'boolean', value: value.value };
    case 'int': {
      const n = integerValue(value.value);
      return typeof n === 'number' ? { type: 'integer', value: n } : { type: 'string', value: n };
    }
    case 'double':
      return Number.isFinite(value.value) ? { type: 'double', value: value.value } : undefined;
    case 'bytes': {
      const text = utf8(value.value);
      return text === undefined ? undefined : { type: 'string', value: text };
    }
    case 'array':
    case 'kvlist':
      return { type: 'string', value: JSON.stringify(plainValue(value)) };
  }
}

/** A value as text (a span's description or name from an attribute), scalars only. */
export function textOf(value: OtlpValue | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'bool':
    case 'double':
      return String(value.value);
    case 'int':
      return value.value.toString();
    case 'bytes':
      return utf8(value.value);
    default:
      return undefined;
  }
}

/** Each attribute of the list that has a Sentry value, under its key with `prefix` before it. */
export function putAttributes(
  into: Record<string, SentryAttribute>,
  list: OtlpKeyValue[],
  prefix = '',
): void {
  for (const { key, value } of list) {
    const attribute = sentryAttribute(value);
    if (attribute) into[`${prefix}${key}`] = attribute;
  }
}

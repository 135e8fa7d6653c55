/**
 * `ExportTraceServiceRequest` and `ExportLogsServiceRequest` from their protobuf bytes
 * (`Content-Type: application/x-protobuf`), field numbers as opentelemetry-proto declares them.
 * Unknown fields are skipped, as protobuf readers do, so newer exporters still get through.
 * Each message is a table of the fields it reads (number → kind and where the value goes);
 * `decodeMessage` walks the bytes with it.
 */
import {
  emptyScope,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpLogRecord,
  type OtlpResource,
  type OtlpScope,
  type OtlpScoped,
  type OtlpSpan,
  type OtlpStatus,
  type OtlpValue,
} from './model.ts';
import {
  expectWire,
  readMessage,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_VARINT,
  WireError,
  type WireReader,
} from './wire.ts';

const NO_BYTES = new Uint8Array(0);

/** Nesting of array and map values deeper than this is refused (a bomb of nested empties). */
const MAX_VALUE_DEPTH = 32;

/**
 * One field a message reads: the wire type its declaration gives it, and how its value is stored
 * into the message being built. `depth` is how deep in nested attribute values the message sits.
 */
interface Field<T> {
  readonly wire: number;
  readonly read: (into: T, reader: WireReader, depth: number) => void;
}

/** The fields a message reads, by field number; any other field is skipped. */
type Fields<T> = { readonly [field: number]: Field<T> | undefined };

/** Decodes one embedded message from its bytes. */
type Decode<M> = (bytes: Uint8Array, depth: number) => M;

/** Reads every field of `bytes` that `fields` names into `into`, and returns it. */
function decodeMessage<T>(bytes: Uint8Array, fields: Fields<T>, into: T, depth = 0): T {
  readMessage(bytes, (reader, field, wire) => {
    const known = fields[field];
    if (known === undefined) return false;
    expectWire(field, wire, known.wire);
    known.read(into, reader, depth);
    return true;
  });
  return into;
}

// The kinds of field the OTLP messages have; a later occurrence of a singular field wins.

/** A kind of scalar field: its wire type and how its value is read; given a key, a field of it. */
const scalarKind =
  <V>(wire: number, value: (r: WireReader) => V) =>
  <K extends string>(key: K): Field<Record<K, V>> => ({
    wire,
    read: (into, r) => {
      into[key] = value(r);
    },
  });

const stringField = scalarKind(WIRE_LEN, (r) => r.string());
const bytesField = scalarKind(WIRE_LEN, (r) => r.bytes());
/** `int32` or an enum. */
const int32Field = scalarKind(WIRE_VARINT, (r) => r.int32());
const fixed32Field = scalarKind(WIRE_FIXED32, (r) => r.fixed32());
const fixed64Field = scalarKind(WIRE_FIXED64, (r) => r.fixed64());

/** A singular embedded message. */
const messageField = <K extends string, M>(key: K, decode: Decode<M>): Field<Record<K, M | undefined>> => ({
  wire: WIRE_LEN,
  read: (into, r, depth) => {
    into[key] = decode(r.bytes(), depth);
  },
});

/** A repeated embedded message: one more item, unless its decoder made nothing of it. */
const repeatedField = <K extends string, M>(
  key: K,
  decode: Decode<M | undefined>,
): Field<Record<K, M[]>> => ({
  wire: WIRE_LEN,
  read: (into, r, depth) => {
    const item = decode(r.bytes(), depth);
    if (item !== undefined) into[key].push(item);
  },
});

/** The `AnyValue` being decoded: at most one of its oneof's fields, the last one sent. */
interface AnyValueSlot {
  value: OtlpValue | undefined;
}

const oneOf = (wire: number, read: (r: WireReader, depth: number) => OtlpValue): Field<AnyValueSlot> => ({
  wire,
  read: (into, r, depth) => {
    into.value = read(r, depth);
  },
});

/** `AnyValue { oneof value { string = 1; bool = 2; int64 = 3; double = 4; array = 5; kvlist = 6; bytes = 7 } }`. */
const ANY_VALUE: Fields<AnyValueSlot> = {
  1: oneOf(WIRE_LEN, (r) => ({ kind: 'string', value: r.string() })),
  2: oneOf(WIRE_VARINT, (r) => ({ kind: 'bool', value: r.varint() !== 0n })),
  3: oneOf(WIRE_VARINT, (r) => ({ kind: 'int', value: r.int64() })),
  4: oneOf(WIRE_FIXED64, (r) => ({ kind: 'double', value: r.double() })),
  5: oneOf(WIRE_LEN, (r, depth) => ({ kind: 'array', values: arrayValue(r.bytes(), depth + 1) })),
  6: oneOf(WIRE_LEN, (r, depth) => ({ kind: 'kvlist', values: keyValueList(r.bytes(), depth + 1) })),
  7: oneOf(WIRE_LEN, (r) => ({ kind: 'bytes', value: r.bytes() })),
};

function anyValue(bytes: Uint8Array, depth: number): OtlpValue | undefined {
  if (depth > MAX_VALUE_DEPTH) throw new WireError('attribute values nested too deep');
  return decodeMessage<AnyValueSlot>(bytes, ANY_VALUE, { value: undefined }, depth).value;
}

/** `ArrayValue { repeated AnyValue values = 1 }`; an empty AnyValue in it is left out. */
const ARRAY_VALUE: Fields<{ values: OtlpValue[] }> = { 1: repeatedField('values', anyValue) };

function arrayValue(bytes: Uint8Array, depth: number): OtlpValue[] {
  return decodeMessage(bytes, ARRAY_VALUE, { values: [] }, depth).values;
}

/** `KeyValueList { repeated KeyValue values = 1 }`. */
const KEY_VALUE_LIST: Fields<{ values: OtlpKeyValue[] }> = { 1: repeatedField('values', keyValue) };

function keyValueList(bytes: Uint8Array, depth: number): OtlpKeyValue[] {
  return decodeMessage(bytes, KEY_VALUE_LIST, { values: [] }, depth).values;
}

/** `KeyValue { string key = 1; AnyValue value = 2 }`. */
const KEY_VALUE: Fields<OtlpKeyValue> = { 1: stringField('key'), 2: messageField('value', anyValue) };

function keyValue(bytes: Uint8Array, depth: number): OtlpKeyValue {
  return decodeMessage(bytes, KEY_VALUE, { key: '', value: undefined }, depth);
}

/** `Resource { repeated KeyValue attributes = 1 }`. */
const RESOURCE: Fields<OtlpResource> = { 1: repeatedField('attributes', keyValue) };

function resource(bytes: Uint8Array): OtlpResource {
  return decodeMessage(bytes, RESOURCE, { attributes: [] });
}

/** `InstrumentationScope { name = 1; version = 2; repeated KeyValue attributes = 3 }`. */
const SCOPE: Fields<OtlpScope> = {
  1: stringField('name'),
  2: stringField('version'),
  3: repeatedField('attributes', keyValue),
};

function scope(bytes: Uint8Array): OtlpScope {
  return decodeMessage(bytes, SCOPE, emptyScope());
}

/** `Status { string message = 2; StatusCode code = 3 }`. */
const STATUS: Fields<OtlpStatus> = { 2: stringField('message'), 3: int32Field('code') };

function status(bytes: Uint8Array): OtlpStatus {
  return decodeMessage(bytes, STATUS, { code: 0, message: '' });
}

/** `Span.Link { trace_id = 1; span_id = 2; attributes = 4; fixed32 flags = 6 }`. */
const LINK: Fields<OtlpLink> = {
  1: bytesField('traceId'),
  2: bytesField('spanId'),
  4: repeatedField('attributes', keyValue),
  6: fixed32Field('flags'),
};

function link(bytes: Uint8Array): OtlpLink {
  return decodeMessage(bytes, LINK, { traceId: NO_BYTES, spanId: NO_BYTES, attributes: [], flags: 0 });
}

/** `Span` (trace/v1/trace.proto); events are not read, as Relay does not convert them. */
const SPAN: Fields<OtlpSpan> = {
  1: bytesField('traceId'),
  2: bytesField('spanId'),
  4: bytesField('parentSpanId'),
  5: stringField('name'),
  6: int32Field('kind'),
  7: fixed64Field('startTimeUnixNano'),
  8: fixed64Field('endTimeUnixNano'),
  9: repeatedField('attributes', keyValue),
  13: repeatedField('links', link),
  15: messageField('status', status),
  16: fixed32Field('flags'),
};

function span(bytes: Uint8Array): OtlpSpan {
  return decodeMessage(bytes, SPAN, {
    traceId: NO_BYTES,
    spanId: NO_BYTES,
    parentSpanId: NO_BYTES,
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    links: [],
    status: undefined,
  });
}

/** `LogRecord` (logs/v1/logs.proto). */
const LOG_RECORD: Fields<OtlpLogRecord> = {
  1: fixed64Field('timeUnixNano'),
  2: int32Field('severityNumber'),
  3: stringField('severityText'),
  5: messageField('body', anyValue),
  6: repeatedField('attributes', keyValue),
  9: bytesField('traceId'),
  10: bytesField('spanId'),
  11: fixed64Field('observedTimeUnixNano'),
};

function logRecord(bytes: Uint8Array): OtlpLogRecord {
  return decodeMessage(bytes, LOG_RECORD, {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    attributes: [],
    traceId: NO_BYTES,
    spanId: NO_BYTES,
  });
}

/** A `ScopeSpans` / `ScopeLogs`: `{ scope = 1; repeated <record> = 2 }`. */
interface ScopedMessage<T> {
  scope: OtlpScope | undefined;
  records: T[];
}

/** A `ResourceSpans` / `ResourceLogs`: `{ resource = 1; repeated Scope{Spans,Logs} = 2 }`. */
interface ResourceMessage<T> {
  resource: OtlpResource | undefined;
  scopes: ScopedMessage<T>[];
}

/**
 * `Export{Trace,Logs}ServiceRequest { repeated Resource{Spans,Logs} = 1 }`: the shape both signals
 * share, flattened to one entry a scope with the resource it came under.
 */
function scopedRecords<T>(bytes: Uint8Array, record: (bytes: Uint8Array) => T): OtlpScoped<T>[] {
  const scopedFields: Fields<ScopedMessage<T>> = {
    1: messageField('scope', scope),
    2: repeatedField('records', record),
  };
  const resourceFields: Fields<ResourceMessage<T>> = {
    1: messageField('resource', resource),
    2: repeatedField('scopes', (b) =>
      decodeMessage<ScopedMessage<T>>(b, scopedFields, { scope: undefined, records: [] }),
    ),
  };
  const request = decodeMessage<{ resources: ResourceMessage<T>[] }>(
    bytes,
    {
      1: repeatedField('resources', (b) =>
        decodeMessage<ResourceMessage<T>>(b, resourceFields, { resource: undefined, scopes: [] }),
      ),
    },
    { resources: [] },
  );
  return request.resources.flatMap(({ resource, scopes }) =>
    scopes.map((scoped) => ({ resource, ...scoped })),
  );
}

/** `ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }`. */
export function tracesFromProtobuf(bytes: Uint8Array): OtlpScoped<OtlpSpan>[] {
  return scopedRecords(bytes, span);
}

/** `ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1 }`. */
export function logsFromProtobuf(bytes: Uint8Array): OtlpScoped<OtlpLogRecord>[] {
  return scopedRecords(bytes, logRecord);
}

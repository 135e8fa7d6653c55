/**
 * `ExportTraceServiceRequest` and `ExportLogsServiceRequest` from their protobuf bytes
 * (`Content-Type: application/x-protobuf`), field numbers as opentelemetry-proto declares them.
 * Unknown fields are skipped, as protobuf readers do, so newer exporters still get through.
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

function anyValue(bytes: Uint8Array, depth: number): OtlpValue | undefined {
  if (depth > MAX_VALUE_DEPTH) throw new WireError('attribute values nested too deep');
  let value: OtlpValue | undefined;
  readMessage(bytes, (r, field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, WIRE_LEN);
        value = { kind: 'string', value: r.string() };
        return true;
      case 2:
        expectWire(field, wire, WIRE_VARINT);
        value = { kind: 'bool', value: r.varint() !== 0n };
        return true;
      case 3:
        expectWire(field, wire, WIRE_VARINT);
        value = { kind: 'int', value: r.int64() };
        return true;
      case 4:
        expectWire(field, wire, WIRE_FIXED64);
        value = { kind: 'double', value: r.double() };
        return true;
      case 5:
        expectWire(field, wire, WIRE_LEN);
        value = { kind: 'array', values: arrayValue(r.bytes(), depth + 1) };
        return true;
      case 6:
        expectWire(field, wire, WIRE_LEN);
        value = { kind: 'kvlist', values: keyValueList(r.bytes(), depth + 1) };
        return true;
      case 7:
        expectWire(field, wire, WIRE_LEN);
        value = { kind: 'bytes', value: r.bytes() };
        return true;
      default:
        return false;
    }
  });
  return value;
}

/** `ArrayValue { repeated AnyValue values = 1 }`; an empty AnyValue in it is left out. */
function arrayValue(bytes: Uint8Array, depth: number): OtlpValue[] {
  const values: OtlpValue[] = [];
  readMessage(bytes, (r, field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, WIRE_LEN);
    const value = anyValue(r.bytes(), depth);
    if (value) values.push(value);
    return true;
  });
  return values;
}

/** `KeyValueList { repeated KeyValue values = 1 }`. */
function keyValueList(bytes: Uint8Array, depth: number): OtlpKeyValue[] {
  const values: OtlpKeyValue[] = [];
  readMessage(bytes, (r, field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, WIRE_LEN);
    values.push(keyValue(r.bytes(), depth));
    return true;
  });
  return values;
}

function keyValue(bytes: Uint8Array, depth = 0): OtlpKeyValue {
  const kv: OtlpKeyValue = { key: '', value: undefined };
  readMessage(bytes, (r, field, wire) => {
    if (field === 1) {
      expectWire(field, wire, WIRE_LEN);
      kv.key = r.string();
      return true;
    }
    if (field === 2) {
      expectWire(field, wire, WIRE_LEN);
      kv.value = anyValue(r.bytes(), depth);
      return true;
    }
    return false;
  });
  return kv;
}

/** A repeated `KeyValue` field: one more attribute. */
function pushAttribute(into: OtlpKeyValue[], r: WireReader, field: number, wire: number): true {
  expectWire(field, wire, WIRE_LEN);
  into.push(keyValue(r.bytes()));
  return true;
}

/** `Resource { repeated KeyValue attributes = 1 }`. */
function resource(bytes: Uint8Array): OtlpResource {
  const attributes: OtlpKeyValue[] = [];
  readMessage(bytes, (r, field, wire) => field === 1 && pushAttribute(attributes, r, field, wire));
  return { attributes };
}

/** `InstrumentationScope { name = 1; version = 2; repeated KeyValue attributes = 3 }`. */
function scope(bytes: Uint8Array): OtlpScope {
  const result = emptyScope();
  readMessage(bytes, (r, field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, WIRE_LEN);
        result.name = r.string();
        return true;
      case 2:
        expectWire(field, wire, WIRE_LEN);
        result.version = r.string();
        return true;
      case 3:
        return pushAttribute(result.attributes, r, field, wire);
      default:
        return false;
    }
  });
  return result;
}

/** `Status { string message = 2; StatusCode code = 3 }`. */
function status(bytes: Uint8Array): OtlpStatus {
  const result: OtlpStatus = { code: 0, message: '' };
  readMessage(bytes, (r, field, wire) => {
    if (field === 2) {
      expectWire(field, wire, WIRE_LEN);
      result.message = r.string();
      return true;
    }
    if (field === 3) {
      expectWire(field, wire, WIRE_VARINT);
      result.code = r.int32();
      return true;
    }
    return false;
  });
  return result;
}

/** `Span.Link { trace_id = 1; span_id = 2; attributes = 4; fixed32 flags = 6 }`. */
function link(bytes: Uint8Array): OtlpLink {
  const result: OtlpLink = { traceId: NO_BYTES, spanId: NO_BYTES, attributes: [], flags: 0 };
  readMessage(bytes, (r, field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, WIRE_LEN);
        result.traceId = r.bytes();
        return true;
      case 2:
        expectWire(field, wire, WIRE_LEN);
        result.spanId = r.bytes();
        return true;
      case 4:
        return pushAttribute(result.attributes, r, field, wire);
      case 6:
        expectWire(field, wire, WIRE_FIXED32);
        result.flags = r.fixed32();
        return true;
      default:
        return false;
    }
  });
  return result;
}

/** `Span` (trace/v1/trace.proto); events are not read, as Relay does not convert them. */
function span(bytes: Uint8Array): OtlpSpan {
  const result: OtlpSpan = {
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
  };
  readMessage(bytes, (r, field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, WIRE_LEN);
        result.traceId = r.bytes();
        return true;
      case 2:
        expectWire(field, wire, WIRE_LEN);
        result.spanId = r.bytes();
        return true;
      case 4:
        expectWire(field, wire, WIRE_LEN);
        result.parentSpanId = r.bytes();
        return true;
      case 5:
        expectWire(field, wire, WIRE_LEN);
        result.name = r.string();
        return true;
      case 6:
        expectWire(field, wire, WIRE_VARINT);
        result.kind = r.int32();
        return true;
      case 7:
        expectWire(field, wire, WIRE_FIXED64);
        result.startTimeUnixNano = r.fixed64();
        return true;
      case 8:
        expectWire(field, wire, WIRE_FIXED64);
        result.endTimeUnixNano = r.fixed64();
        return true;
      case 9:
        return pushAttribute(result.attributes, r, field, wire);
      case 13:
        expectWire(field, wire, WIRE_LEN);
        result.links.push(link(r.bytes()));
        return true;
      case 15:
        expectWire(field, wire, WIRE_LEN);
        result.status = status(r.bytes());
        return true;
      case 16:
        expectWire(field, wire, WIRE_FIXED32);
        result.flags = r.fixed32();
        return true;
      default:
        return false;
    }
  });
  return result;
}

/** `LogRecord` (logs/v1/logs.proto). */
function logRecord(bytes: Uint8Array): OtlpLogRecord {
  const result: OtlpLogRecord = {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    attributes: [],
    traceId: NO_BYTES,
    spanId: NO_BYTES,
  };
  readMessage(bytes, (r, field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, WIRE_FIXED64);
        result.timeUnixNano = r.fixed64();
        return true;
      case 2:
        expectWire(field, wire, WIRE_VARINT);
        result.severityNumber = r.int32();
        return true;
      case 3:
        expectWire(field, wire, WIRE_LEN);
        result.severityText = r.string();
        return true;
      case 5:
        expectWire(field, wire, WIRE_LEN);
        result.body = anyValue(r.bytes(), 0);
        return true;
      case 6:
        return pushAttribute(result.attributes, r, field, wire);
      case 9:
        expectWire(field, wire, WIRE_LEN);
        result.traceId = r.bytes();
        return true;
      case 10:
        expectWire(field, wire, WIRE_LEN);
        result.spanId = r.bytes();
        return true;
      case 11:
        expectWire(field, wire, WIRE_FIXED64);
        result.observedTimeUnixNano = r.fixed64();
        return true;
      default:
        return false;
    }
  });
  return result;
}

/**
 * `Resource{Spans,Logs} { resource = 1; repeated Scope{Spans,Logs} = 2 }` whose scoped message is
 * `{ scope = 1; repeated <record> = 2 }`: the shape both signals share.
 */
function scopedRecords<T>(bytes: Uint8Array, record: (bytes: Uint8Array) => T): OtlpScoped<T>[] {
  const out: OtlpScoped<T>[] = [];
  readMessage(bytes, (r, field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, WIRE_LEN);
    let res: OtlpResource | undefined;
    const scopes: Array<{ scope: OtlpScope | undefined; records: T[] }> = [];
    readMessage(r.bytes(), (rr, f, w) => {
      if (f === 1) {
        expectWire(f, w, WIRE_LEN);
        res = resource(rr.bytes());
        return true;
      }
      if (f !== 2) return false;
      expectWire(f, w, WIRE_LEN);
      const scoped: { scope: OtlpScope | undefined; records: T[] } = { scope: undefined, records: [] };
      readMessage(rr.bytes(), (sr, sf, sw) => {
        if (sf === 1) {
          expectWire(sf, sw, WIRE_LEN);
          scoped.scope = scope(sr.bytes());
          return true;
        }
        if (sf !== 2) return false;
        expectWire(sf, sw, WIRE_LEN);
        scoped.records.push(record(sr.bytes()));
        return true;
      });
      scopes.push(scoped);
      return true;
    });
    for (const scoped of scopes) out.push({ resource: res, ...scoped });
    return true;
  });
  return out;
}

/** `ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }`. */
export function tracesFromProtobuf(bytes: Uint8Array): OtlpScoped<OtlpSpan>[] {
  return scopedRecords(bytes, span);
}

/** `ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1 }`. */
export function logsFromProtobuf(bytes: Uint8Array): OtlpScoped<OtlpLogRecord>[] {
  return scopedRecords(bytes, logRecord);
}

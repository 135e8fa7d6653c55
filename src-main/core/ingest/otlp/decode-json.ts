/**
 * `ExportTraceServiceRequest` and `ExportLogsServiceRequest` in OTLP/HTTP's JSON encoding
 * (`Content-Type: application/json`): protobuf's JSON mapping, with trace and span ids as hex
 * (not base64), 64-bit integers as strings or numbers, enums as integers (their names taken too),
 * field names in lowerCamelCase (the proto's snake_case names taken too). Unknown fields are
 * ignored; a field of the wrong JSON type makes the request invalid, as a protobuf JSON reader has it.
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

export class OtlpJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpJsonError';
  }
}

type Obj = Record<string, unknown>;

const MAX_VALUE_DEPTH = 32;

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A field by its JSON name or its proto name; null is absent, as in protobuf's JSON mapping. */
function get(obj: Obj, name: string): unknown {
  const value = name in obj ? obj[name] : obj[snake(name)];
  return value === null ? undefined : value;
}

function object(value: unknown, what: string): Obj | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new OtlpJsonError(`${what} is not an object`);
  return value as Obj;
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OtlpJsonError(`${what} is not an array`);
  return value;
}

function string(value: unknown, what: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new OtlpJsonError(`${what} is not a string`);
  return value;
}

/** A 64-bit integer: a JSON number or a decimal string. */
function int64(value: unknown, what: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const n = BigInt(value);
    if (n >= -(2n ** 63n) && n < 2n ** 64n) return n;
  }
  throw new OtlpJsonError(`${what} is not a 64-bit integer`);
}

/** An enum or 32-bit integer: a number, a decimal string, or the enum value's name. */
function enumValue(value: unknown, names: Record<string, number>, what: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return Number(value);
    const named = names[value];
    if (named !== undefined) return named;
  }
  throw new OtlpJsonError(`${what} is not a valid enum value`);
}

/** Trace and span ids: hex in OTLP/JSON (either case); empty is absent. */
function id(value: unknown, what: string): Uint8Array {
  const text = string(value, what);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new OtlpJsonError(`${what} is not hex`);
  return Buffer.from(text, 'hex');
}

function number(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw new OtlpJsonError(`${what} is not a number`);
}

function anyValue(raw: unknown, depth: number): OtlpValue | undefined {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpJsonError('attribute values nested too deep');
  const obj = object(raw, 'an AnyValue');
  if (!obj) return undefined;
  const str = get(obj, 'stringValue');
  if (str !== undefined) return { kind: 'string', value: string(str, 'stringValue') };
  const bool = get(obj, 'boolValue');
  if (bool !== undefined) {
    if (typeof bool !== 'boolean') throw new OtlpJsonError('boolValue is not a boolean');
    return { kind: 'bool', value: bool };
  }
  const int = get(obj, 'intValue');
  if (int !== undefined) return { kind: 'int', value: BigInt.asIntN(64, int64(int, 'intValue')) };
  const double = get(obj, 'doubleValue');
  if (double !== undefined) return { kind: 'double', value: number(double, 'doubleValue') };
  const array = object(get(obj, 'arrayValue'), 'arrayValue');
  if (array) {
    const values = list(get(array, 'values'), 'arrayValue.values')
      .map((v) => anyValue(v, depth + 1))
      .filter((v): v is OtlpValue => v !== undefined);
    return { kind: 'array', values };
  }
  const kvlist = object(get(obj, 'kvlistValue'), 'kvlistValue');
  if (kvlist) return { kind: 'kvlist', values: keyValues(get(kvlist, 'values'), depth + 1) };
  const bytes = get(obj, 'bytesValue');
  // Bytes are base64 in protobuf's JSON mapping.
  if (bytes !== undefined)
    return { kind: 'bytes', value: Buffer.from(string(bytes, 'bytesValue'), 'base64') };
  return undefined;
}

function keyValues(raw: unknown, depth = 0): OtlpKeyValue[] {
  return list(raw, 'attributes').map((entry) => {
    const kv = object(entry, 'an attribute') ?? {};
    return { key: string(get(kv, 'key'), 'an attribute key'), value: anyValue(get(kv, 'value'), depth) };
  });
}

function resource(raw: unknown): OtlpResource | undefined {
  const obj = object(raw, 'resource');
  return obj ? { attributes: keyValues(get(obj, 'attributes')) } : undefined;
}

function scope(raw: unknown): OtlpScope | undefined {
  const obj = object(raw, 'scope');
  if (!obj) return undefined;
  return {
    ...emptyScope(),
    name: string(get(obj, 'name'), 'scope.name'),
    version: string(get(obj, 'version'), 'scope.version'),
    attributes: keyValues(get(obj, 'attributes')),
  };
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};
const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const SEVERITY_NUMBERS: Record<string, number> = Object.fromEntries([
  ['SEVERITY_NUMBER_UNSPECIFIED', 0],
  ...SEVERITY_NAMES.flatMap((name, i) =>
    [1, 2, 3, 4].map((n) => [`SEVERITY_NUMBER_${name}${n === 1 ? '' : n}`, i * 4 + n]),
  ),
]);
const NO_NAMES: Record<string, number> = {};

function status(raw: unknown): OtlpStatus | undefined {
  const obj = object(raw, 'status');
  if (!obj) return undefined;
  return {
    code: enumValue(get(obj, 'code'), STATUS_CODES, 'status.code'),
    message: string(get(obj, 'message'), 'status.message'),
  };
}

function link(raw: unknown): OtlpLink {
  const obj = object(raw, 'a link') ?? {};
  return {
    traceId: id(get(obj, 'traceId'), 'link.traceId'),
    spanId: id(get(obj, 'spanId'), 'link.spanId'),
    attributes: keyValues(get(obj, 'attributes')),
    flags: enumValue(get(obj, 'flags'), NO_NAMES, 'link.flags'),
  };
}

function span(raw: unknown): OtlpSpan {
  const obj = object(raw, 'a span') ?? {};
  return {
    traceId: id(get(obj, 'traceId'), 'traceId'),
    spanId: id(get(obj, 'spanId'), 'spanId'),
    parentSpanId: id(get(obj, 'parentSpanId'), 'parentSpanId'),
    flags: enumValue(get(obj, 'flags'), NO_NAMES, 'flags'),
    name: string(get(obj, 'name'), 'name'),
    kind: enumValue(get(obj, 'kind'), SPAN_KINDS, 'kind'),
    startTimeUnixNano: int64(get(obj, 'startTimeUnixNano'), 'startTimeUnixNano'),
    endTimeUnixNano: int64(get(obj, 'endTimeUnixNano'), 'endTimeUnixNano'),
    attributes: keyValues(get(obj, 'attributes')),
    links: list(get(obj, 'links'), 'links').map(link),
    status: status(get(obj, 'status')),
  };
}

function logRecord(raw: unknown): OtlpLogRecord {
  const obj = object(raw, 'a log record') ?? {};
  return {
    timeUnixNano: int64(get(obj, 'timeUnixNano'), 'timeUnixNano'),
    observedTimeUnixNano: int64(get(obj, 'observedTimeUnixNano'), 'observedTimeUnixNano'),
    severityNumber: enumValue(get(obj, 'severityNumber'), SEVERITY_NUMBERS, 'severityNumber'),
    severityText: string(get(obj, 'severityText'), 'severityText'),
    body: anyValue(get(obj, 'body'), 0),
    attributes: keyValues(get(obj, 'attributes')),
    traceId: id(get(obj, 'traceId'), 'traceId'),
    spanId: id(get(obj, 'spanId'), 'spanId'),
  };
}

function parse(body: Uint8Array): Obj {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (error) {
    throw new OtlpJsonError((error as Error).message);
  }
  return object(value, 'the request') ?? {};
}

/** The `resource<Signal>` → `scope<Signal>` → records walk both signals share. */
function scoped<T>(
  body: Uint8Array,
  names: { resource: string; scope: string; records: string },
  record: (raw: unknown) => T,
): OtlpScoped<T>[] {
  const out: OtlpScoped<T>[] = [];
  for (const rawResource of list(get(parse(body), names.resource), names.resource)) {
    const res = object(rawResource, names.resource) ?? {};
    const resourceValue = resource(get(res, 'resource'));
    for (const rawScope of list(get(res, names.scope), names.scope)) {
      const sc = object(rawScope, names.scope) ?? {};
      out.push({
        resource: resourceValue,
        scope: scope(get(sc, 'scope')),
        records: list(get(sc, names.records), names.records).map(record),
      });
    }
  }
  return out;
}

export function tracesFromJson(body: Uint8Array): OtlpScoped<OtlpSpan>[] {
  return scoped(body, { resource: 'resourceSpans', scope: 'scopeSpans', records: 'spans' }, span);
}

export function logsFromJson(body: Uint8Array): OtlpScoped<OtlpLogRecord>[] {
  return scoped(body, { resource: 'resourceLogs', scope: 'scopeLogs', records: 'logRecords' }, logRecord);
}

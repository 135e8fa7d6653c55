/**
 * The event of an envelope without an event item (native-event.ts): msgpack event and
 * breadcrumbs, minidump form fields, and the native placeholder Relay writes for crash reports.
 */
import { describe, expect, it } from 'vitest';
import { extractEnvelope } from '../../../src-main/core/pipeline/items.ts';
import { decodeMsgpack, decodeMsgpackSequence } from '../../../src-main/core/pipeline/msgpack.ts';
import { mergeFormData, minidumpTime } from '../../../src-main/core/pipeline/native-event.ts';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';

/** MessagePack by hand, for the few shapes the tests need (fixstr, fixmap, fixarray, float64, uint32). */
function pack(value: unknown): Buffer {
  if (value === null) return Buffer.of(0xc0);
  if (value === true) return Buffer.of(0xc3);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value);
    return bytes.length < 32
      ? Buffer.concat([Buffer.of(0xa0 | bytes.length), bytes])
      : Buffer.concat([Buffer.of(0xd9, bytes.length), bytes]);
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    const out = Buffer.alloc(5);
    out[0] = 0xce;
    out.writeUInt32BE(value, 1);
    return out;
  }
  if (typeof value === 'number') {
    const out = Buffer.alloc(9);
    out[0] = 0xcb;
    out.writeDoubleBE(value, 1);
    return out;
  }
  if (Array.isArray(value)) return Buffer.concat([Buffer.of(0x90 | value.length), ...value.map(pack)]);
  const entries = Object.entries(value as object);
  return Buffer.concat([
    Buffer.of(0x80 | entries.length),
    ...entries.flatMap(([k, v]) => [pack(k), pack(v)]),
  ]);
}

function envelope(items: Array<{ headers: Record<string, unknown>; payload: Buffer }>): Buffer {
  const parts: Buffer[] = [Buffer.from('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n')];
  for (const item of items) {
    parts.push(
      Buffer.from(`${JSON.stringify({ ...item.headers, length: item.payload.length })}\n`),
      item.payload,
      Buffer.from('\n'),
    );
  }
  return Buffer.concat(parts);
}

/** A minidump header (32 bytes): signature, version, streams, directory, checksum, time, flags. */
function minidump(time: number): Buffer {
  const header = Buffer.alloc(32);
  header.write('MDMP', 0, 'latin1');
  header.writeUInt32LE(0xa793, 4);
  header.writeUInt32LE(time, 20);
  return header;
}

const attachment = (attachmentType: string, payload: Buffer, filename = attachmentType) => ({
  headers: { type: 'attachment', attachment_type: attachmentType, filename },
  payload,
});

describe('msgpack', () => {
  it('decodes maps, arrays, strings, numbers, booleans and null; sequences value by value', () => {
    const value = { a: [1, 2.5, 'x'], b: null, c: true, long: 'y'.repeat(40) };
    expect(decodeMsgpack(pack(value))).toEqual(value);
    expect(decodeMsgpackSequence(Buffer.concat([pack({ n: 1 }), pack({ n: 2 })]))).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    // Negative fixint, int8, uint16, str8, bin8.
    expect(
      decodeMsgpackSequence(Buffer.from([0xff, 0xd0, 0x80, 0xcd, 0x01, 0x00, 0xc4, 0x02, 0x68, 0x69])),
    ).toEqual([-1, -128, 256, 'hi']);
  });

  it('rejects truncated data, trailing bytes and extension types, and keeps __proto__ a key', () => {
    expect(() => decodeMsgpack(Buffer.from([0x92, 0x01]))).toThrow(/past the end/);
    expect(() => decodeMsgpack(Buffer.from([0x01, 0x02]))).toThrow(/1 bytes after/);
    expect(() => decodeMsgpack(Buffer.from([0xd4, 0x01, 0x00]))).toThrow(/unsupported msgpack type 0xd4/);
    const proto = decodeMsgpack(
      Buffer.concat([Buffer.of(0x81), pack('__proto__'), pack({ polluted: true })]),
    ) as JsonObject;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });
});

describe('form data (Relay merge_formdata)', () => {
  it('merges sentry JSON, sentry[a][b] keys, sentry__N chunks; other fields go to extra', () => {
    const event: JsonObject = {};
    const form = new URLSearchParams();
    form.append('sentry', JSON.stringify({ release: 'app@1', tags: { a: '1' } }));
    form.append('sentry[tags][b]', '2');
    form.append('sentry[environment]', 'prod');
    form.append('sentry__2', '"user":{"id":"u1"}}');
    form.append('sentry__1', '{"dist":"7",');
    form.append('prod', 'Electron');
    form.append(`sentry${'[k]'.repeat(8)}`, 'too deep');
    mergeFormData(event, form);
    expect(event).toEqual({
      release: 'app@1',
      tags: { a: '1', b: '2' },
      environment: 'prod',
      dist: '7',
      user: { id: 'u1' },
      extra: { prod: 'Electron' },
    });
  });
});

describe('events of envelopes without an event item', () => {
  it('a minidump alone makes the native placeholder event, at the time the dump was written', () => {
    const { event, attachments } = extractEnvelope(
      envelope([attachment('event.minidump', minidump(1_700_000_000))]),
    );
    expect(event).toEqual({
      platform: 'native',
      level: 'fatal',
      timestamp: 1_700_000_000,
      exception: {
        values: [
          {
            type: 'Minidump',
            value: 'Invalid Minidump',
            mechanism: { type: 'minidump', handled: false, synthetic: true },
          },
        ],
      },
    });
    // The dump stays an attachment of the event.
    expect(attachments.map((item) => item.headers.attachment_type)).toEqual(['event.minidump']);
    expect(minidumpTime(Buffer.from('MDMP'))).toBeUndefined();
  });

  it('form fields of a minidump upload become the event; the placeholder keeps a level that was set', () => {
    const form = new URLSearchParams({
      sentry: JSON.stringify({ release: 'app@2', level: 'error', exception: { values: [{ type: 'X' }] } }),
      'sentry[tags][os]': 'linux',
      ver: '33.0.0',
    });
    const { event } = extractEnvelope(
      envelope([
        { headers: { type: 'form_data' }, payload: Buffer.from(form.toString()) },
        attachment('event.minidump', minidump(1_700_000_500)),
      ]),
    );
    expect(event).toMatchObject({
      release: 'app@2',
      level: 'error',
      platform: 'native',
      tags: { os: 'linux' },
      extra: { ver: '33.0.0' },
      timestamp: 1_700_000_500,
    });
    expect((event!.exception as JsonObject).values).toEqual([
      {
        type: 'Minidump',
        value: 'Invalid Minidump',
        mechanism: { type: 'minidump', handled: false, synthetic: true },
      },
    ]);
  });

  it("sentry-native's msgpack event and breadcrumbs: older list first, as many as the longer list held", () => {
    const crumbs = (times: number[]) =>
      Buffer.concat(times.map((t) => pack({ message: `at ${t}`, timestamp: t })));
    const { event, attachments } = extractEnvelope(
      envelope([
        attachment('event.payload', pack({ message: 'native crash', level: 'warning' }), '__sentry-event'),
        // The second file holds the older breadcrumbs (rotating buffers).
        attachment('event.breadcrumbs', crumbs([30, 40]), '__sentry-breadcrumbs1'),
        attachment('event.breadcrumbs', crumbs([10, 20, 25]), '__sentry-breadcrumbs2'),
        attachment('event.applecrashreport', Buffer.from('Incident Identifier: x'), 'crash.txt'),
      ]),
    );
    expect(event?.message).toBe('native crash');
    expect(event?.level).toBe('warning');
    expect(((event!.breadcrumbs as JsonObject).values as JsonObject[]).map((b) => b.timestamp)).toEqual([
      25, 30, 40,
    ]);
    expect((event!.exception as JsonObject).values).toEqual([
      {
        type: 'AppleCrashReport',
        value: 'Invalid Apple Crash Report',
        mechanism: { type: 'applecrashreport', handled: false, synthetic: true },
      },
    ]);
    // The msgpack sources are read into the event, not kept as attachments.
    expect(attachments.map((item) => item.headers.attachment_type)).toEqual(['event.applecrashreport']);
  });

  it('an event item wins over form data and attached payloads; bad msgpack is invalid_msgpack', () => {
    const { event } = extractEnvelope(
      envelope([
        { headers: { type: 'event' }, payload: Buffer.from('{"message":"from the item"}') },
        { headers: { type: 'form_data' }, payload: Buffer.from('sentry[message]=from+the+form') },
      ]),
    );
    expect(event).toEqual({ message: 'from the item' });
    expect(() => extractEnvelope(envelope([attachment('event.payload', Buffer.from([0x92, 0x01]))]))).toThrow(
      expect.objectContaining({ reason: 'invalid_msgpack' }),
    );
    // Neither: no event.
    expect(
      extractEnvelope(envelope([attachment('event.attachment', Buffer.from('x'))])).event,
    ).toBeUndefined();
  });
});

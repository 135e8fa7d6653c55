/**
 * The envelope parser against real SDK captures, Relay's own framing test cases, and the framing
 * rules of Relay's `envelope/mod.rs`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseEnvelope } from '../../../src-main/core/ingest/envelope-parser.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const hasCorpus = fs.existsSync(path.join(CORPUS, 'relay-manifest.json'));
if (!hasCorpus) console.warn(`[envelope-parser] corpus tests skipped: ${CORPUS} is missing`);

const parse = (text: string | Buffer) =>
  parseEnvelope(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));
const rejects = (text: string | Buffer) => () => parse(text);

describe('SDK captures from the corpus', () => {
  const files = hasCorpus ? fs.readdirSync(CORPUS).filter((name) => name.endsWith('.envelope')) : [];

  it.skipIf(!hasCorpus)('every captured envelope parses, with the item types of its name', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    for (const file of files) {
      const body = fs.readFileSync(path.join(CORPUS, file));
      const envelope = parseEnvelope(body);
      expect(envelope.items.length, file).toBeGreaterThan(0);
      // Items tile the body exactly: nothing skipped, nothing invented.
      const payloadBytes = envelope.items.reduce((sum, item) => sum + item.payload.length, 0);
      expect(payloadBytes, file).toBeLessThan(body.length);
    }
  });

  it.skipIf(!hasCorpus)('attachments keep their exact bytes (BOM, CRLF) and `length` counts bytes', () => {
    const envelope = parseEnvelope(
      fs.readFileSync(path.join(CORPUS, 'node-v11-event-with-attachments.envelope')),
    );
    const attachments = envelope.items.filter((item) => item.headers.type === 'attachment');
    expect(attachments.length).toBeGreaterThan(0);
    for (const item of attachments) expect(item.payload.length).toBe(item.headers.length);
    expect(envelope.items[0]!.headers.type).toBe('event');
  });

  it.skipIf(!hasCorpus)(
    'container items keep item_count and content_type; unknown header fields are kept',
    () => {
      const spans = parseEnvelope(
        fs.readFileSync(path.join(CORPUS, 'node-v11-span-v2-streamed-transaction.envelope')),
      );
      const item = spans.items[0]!;
      expect(item.headers.type).toBe('span');
      expect(item.headers.content_type).toBe('application/vnd.sentry.items.span.v2+json');
      const payload = JSON.parse(item.payload.toString('utf8')) as { items: unknown[] };
      expect(payload.items).toHaveLength(item.headers.item_count as number);
    },
  );

  it.skipIf(!hasCorpus)(
    'the gzip capture decompresses to the same envelope as the decoded capture',
    async () => {
      const { gunzipSync } = await import('node:zlib');
      const raw = gunzipSync(fs.readFileSync(path.join(CORPUS, 'node-v11-event-gzip-raw.envelope.gz')));
      const decoded = fs.readFileSync(path.join(CORPUS, 'node-v11-event-gzip-decompressed.envelope'));
      expect(raw.equals(decoded)).toBe(true);
      expect(parseEnvelope(raw).items.map((item) => item.headers.type)).toEqual(['event']);
    },
  );
});

describe("Relay's framing test cases (relay-server/src/envelope/mod.rs)", () => {
  const manifest = hasCorpus
    ? (JSON.parse(fs.readFileSync(path.join(CORPUS, 'relay-manifest.json'), 'utf8')) as Record<
        string,
        { expected_items_per_relay_test?: number; bytes?: number }
      >)
    : {};
  const cases = Object.entries(manifest).filter(([name]) => name.startsWith('envelope_mod_rs__'));

  it.skipIf(!hasCorpus)('there are 12 of them', () => {
    expect(cases).toHaveLength(12);
  });

  for (const [name, meta] of cases) {
    it(`${name.replace('envelope_mod_rs__', '').replace('.envelope', '')} parses with Relay's item count`, () => {
      const body = fs.readFileSync(path.join(CORPUS, 'relay', name));
      expect(body.length).toBe(meta.bytes);
      const envelope = parseEnvelope(body);
      expect(envelope.items).toHaveLength(meta.expected_items_per_relay_test!);
      expect(envelope.headers.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    });
  }

  const read = (name: string) =>
    parseEnvelope(fs.readFileSync(path.join(CORPUS, 'relay', `envelope_mod_rs__${name}.envelope`)));

  it.skipIf(!hasCorpus)('multiple items: BOM+CRLF attachment of 10 bytes, then the event', () => {
    const { items } = read('test_deserialize_envelope_multiple_items');
    expect(items[0]!.payload).toEqual(Buffer.from('\uFEFFHello\r\n'));
    expect(items[0]!.headers.filename).toBe('hello.txt');
    expect(items[1]!.payload.toString()).toBe('{"message":"hello world","level":"error"}');
  });

  it.skipIf(!hasCorpus)(
    'implicit length runs to the newline or to EOF; a header at EOF is an empty item',
    () => {
      expect(read('test_deserialize_envelope_implicit_length').items[0]!.payload.toString()).toBe(
        'helloworld',
      );
      expect(read('test_deserialize_envelope_implicit_length_eof').items[0]!.payload.toString()).toBe(
        'helloworld',
      );
      expect(read('test_deserialize_envelope_implicit_length_empty_eof').items[0]!.payload.length).toBe(0);
      for (const name of [
        'test_deserialize_envelope_empty_item_newline',
        'test_deserialize_envelope_empty_item_eof',
      ]) {
        expect(read(name).items.map((item) => item.payload.length)).toEqual([0, 0]);
      }
    },
  );

  it.skipIf(!hasCorpus)('unknown item types and Relay-to-Relay meta headers are kept', () => {
    expect(read('test_deserialize_envelope_unknown_item').items[0]!.headers.type).toBe('invalid_unknown');
    const meta = read('test_deserialize_request_meta').headers;
    expect(meta).toMatchObject({
      client: 'sentry/javascript',
      version: 6,
      origin: 'http://localhost/',
      forwarded_for: '8.8.8.8',
    });
  });
});

describe('framing rules', () => {
  it('accepts an empty envelope with or without a final newline, and leading whitespace', () => {
    expect(parse('{}').items).toEqual([]);
    expect(parse('{}\n').items).toEqual([]);
    expect(parse(' \n{}').items).toEqual([]);
  });

  it('rejects anything after the optional final newline, even a blank line', () => {
    expect(rejects('{}\n\n')).toThrow(EnvelopeError);
    expect(rejects('{}\n{"type":"event"}\n{}\n\n')).toThrow('unexpected end of file');
    expect(rejects('{}\n \n')).toThrow(EnvelopeError);
  });

  it('requires a newline right after a header or an explicit-length payload', () => {
    expect(rejects('{} \n')).toThrow('missing newline after header or payload');
    expect(rejects('{}\n{"type":"attachment","length":2}\nab \n')).toThrow(
      'missing newline after header or payload',
    );
    expect(rejects('{}\n{"type":"event"}x\n')).toThrow('missing newline after header or payload');
  });

  it('counts length in bytes and keeps binary payloads (NUL, newlines, invalid UTF-8) intact', () => {
    const payload = Buffer.from([0, 10, 13, 0xff, 0xfe, 10]);
    const body = Buffer.concat([
      Buffer.from('{}\n{"type":"attachment","length":6,"filename":"b"}\n'),
      payload,
      Buffer.from('\n'),
    ]);
    const { items } = parse(body);
    expect(items[0]!.payload.equals(payload)).toBe(true);
    const utf8 = parse(Buffer.from('{}\n{"type":"attachment","length":2}\né\n', 'utf8'));
    expect(utf8.items[0]!.payload.toString('utf8')).toBe('é');
  });

  it('fails when a length runs past the end of the body', () => {
    expect(rejects('{}\n{"type":"attachment","length":10}\nshort')).toThrow('unexpected end of file');
    expect(rejects('{}\n{"type":"attachment","length":1}')).toThrow('unexpected end of file');
  });

  it('keeps a \\r before the newline as part of an implicit-length payload', () => {
    expect(parse('{}\n{"type":"event"}\n{"a":1}\r\n').items[0]!.payload.toString()).toBe('{"a":1}\r');
  });

  it('reads headers spanning several lines as one JSON value, as serde does', () => {
    const { items } = parse('{\n"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n{"type":\n"event"}\n{}');
    expect(items[0]!.headers.type).toBe('event');
  });

  it('rejects item headers without a string `type`, or with a bad length', () => {
    expect(rejects('{}\n{"length":2}\nab')).toThrow('`type`');
    expect(rejects('{}\n{"type":3}\n')).toThrow('`type`');
    expect(rejects('{}\n{"type":"attachment","length":-1}\n')).toThrow('u32');
    expect(rejects('{}\n{"type":"attachment","length":1.5}\nab')).toThrow('u32');
    expect(rejects('{}\n{"type":"attachment","length":"2"}\nab')).toThrow('u32');
  });

  it('rejects headers that are not JSON objects or not valid JSON', () => {
    expect(rejects('[]\n')).toThrow(EnvelopeError);
    expect(rejects('{"a":}\n')).toThrow(EnvelopeError);
    expect(rejects('{"a":"\\u12"}\n')).toThrow(EnvelopeError);
    expect(rejects(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toThrow(EnvelopeError);
  });

  it('rejects a duplicated known header field (a duplicated sent_at makes Sentry reject)', () => {
    expect(rejects('{"sent_at":"2024-01-01T00:00:00Z","sent_at":"2024-01-01T00:00:00Z"}\n')).toThrow(
      'duplicate field',
    );
    expect(rejects('{}\n{"type":"event","type":"event"}\n{}')).toThrow('duplicate field');
    // Unknown fields are a map in Relay: the last one wins.
    expect(parse('{"x":1,"x":2}').headers.x).toBe(2);
  });

  it('rejects an invalid event_id and a non-timestamp sent_at, accepts dashed UUIDs', () => {
    expect(rejects('{"event_id":"nope"}')).toThrow('event_id');
    expect(rejects('{"sent_at":"yesterday"}')).toThrow('sent_at');
    expect(parse('{"event_id":"9ec79c33-ec99-42ab-8353-589fcb2e04dc"}').headers.event_id).toBeDefined();
  });

  it('does not mistake braces inside strings for the end of a header', () => {
    const { items } = parse('{"sdk":{"name":"a}\\"{"}}\n{"type":"event","filename":"}{"}\n{}');
    expect(items[0]!.headers.filename).toBe('}{');
  });
});

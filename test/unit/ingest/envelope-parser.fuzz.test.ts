/**
 * Property-based tests of the parsers: whatever the bytes, they either parse or fail with a typed
 * error (never crash, never hang), and what the writer produces the parser reads back exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseEnvelope } from '../../../src-main/core/ingest/envelope-parser.ts';
import { serializeEnvelope } from '../../../src-main/core/ingest/envelope-writer.ts';
import { IngestError } from '../../../src-main/core/ingest/errors.ts';
import { parseMultipart } from '../../../src-main/core/ingest/multipart.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const corpusFiles = fs.existsSync(CORPUS)
  ? fs.readdirSync(CORPUS).filter((name) => name.endsWith('.envelope'))
  : [];
if (corpusFiles.length === 0) console.warn(`[envelope fuzz] corpus mutations skipped: ${CORPUS} is missing`);

const itemType = fc.constantFrom(
  'event',
  'attachment',
  'session',
  'log',
  'span',
  'client_report',
  'unknown_thing',
);
const headerValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const extraHeaders = fc.dictionary(
  fc.string({ minLength: 1 }).filter((key) => !['type', 'length'].includes(key)),
  headerValue,
  {
    maxKeys: 3,
  },
);
const item = fc.record({ type: itemType, extra: extraHeaders, payload: fc.uint8Array({ maxLength: 300 }) });

/** Parsing either succeeds with payloads inside the body, or throws EnvelopeError. */
function parsesOrRejects(body: Buffer): void {
  try {
    const envelope = parseEnvelope(body);
    for (const { payload } of envelope.items) {
      expect(payload.buffer).toBe(body.buffer);
      expect(payload.byteOffset + payload.length).toBeLessThanOrEqual(body.byteOffset + body.length);
    }
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
  }
}

describe('envelope parser properties', () => {
  it('reads back exactly what the writer wrote: headers, types, binary payloads', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), extraHeaders, (items, envelopeHeaders) => {
        const body = serializeEnvelope(
          envelopeHeaders,
          items.map(({ type, extra, payload }) => ({
            headers: { ...extra, type },
            payload: Buffer.from(payload),
          })),
        );
        const envelope = parseEnvelope(body);
        expect(envelope.headers).toEqual(JSON.parse(JSON.stringify(envelopeHeaders)));
        expect(envelope.items.map((parsed) => parsed.headers.type)).toEqual(items.map(({ type }) => type));
        envelope.items.forEach((parsed, i) => {
          expect(Buffer.from(items[i]!.payload).equals(parsed.payload)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('implicit-length payloads run to the next newline, with or without a trailing newline', () => {
    const line = fc.string({ maxLength: 80 }).filter((text) => !text.includes('\n'));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.boolean(), (payloads, finalNewline) => {
        const text = `{}\n${payloads.map((payload) => `{"type":"event"}\n${payload}`).join('\n')}${finalNewline ? '\n' : ''}`;
        const envelope = parseEnvelope(Buffer.from(text));
        expect(envelope.items.map((parsed) => parsed.payload.toString())).toEqual(payloads);
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => parsesOrRejects(Buffer.from(bytes))),
      { numRuns: 500 },
    );
  });

  it('never crashes on envelope-shaped text built from the grammar’s tokens', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '"',
      '\\',
      '\n',
      '\r',
      ' ',
      ':',
      ',',
      '[',
      ']',
      '"type"',
      '"length"',
      '3',
      '0',
      '"event"',
      'x',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), (tokens) =>
        parsesOrRejects(Buffer.from(tokens.join(''))),
      ),
      { numRuns: 500 },
    );
  });

  it.skipIf(corpusFiles.length === 0)(
    'never crashes on mutated real envelopes (flips, cuts, insertions)',
    () => {
      const bodies = corpusFiles.map((file) => fs.readFileSync(path.join(CORPUS, file)));
      fc.assert(
        fc.property(
          fc.nat({ max: bodies.length - 1 }),
          fc.array(
            fc.record({
              at: fc.nat(),
              byte: fc.integer({ min: 0, max: 255 }),
              op: fc.constantFrom('flip', 'cut', 'insert'),
            }),
            {
              minLength: 1,
              maxLength: 4,
            },
          ),
          (index, mutations) => {
            let body = Buffer.from(bodies[index]!);
            for (const { at, byte, op } of mutations) {
              const position = at % (body.length + 1);
              if (op === 'flip' && position < body.length) body[position] = byte;
              else if (op === 'cut') body = body.subarray(0, position);
              else
                body = Buffer.concat([
                  body.subarray(0, position),
                  Buffer.from([byte]),
                  body.subarray(position),
                ]);
            }
            const started = performance.now();
            parsesOrRejects(body);
            expect(performance.now() - started).toBeLessThan(200);
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});

describe('multipart parser properties', () => {
  it('never crashes on arbitrary bodies: parts or invalid_multipart', () => {
    const token = fc.constantFrom(
      '--b',
      '\r\n',
      '\n',
      'Content-Disposition: form-data; name="f"',
      '; filename="x"',
      'data',
      '--',
      '"',
      ':',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        try {
          parseMultipart(Buffer.from(tokens.join('')), 'b');
        } catch (error) {
          expect(error).toBeInstanceOf(IngestError);
          expect((error as IngestError).type).toBe('invalid_multipart');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back file parts with arbitrary binary content', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 5 }), (files) => {
        const boundary = 'faultline-boundary-7f3a';
        const body = Buffer.concat([
          ...files.flatMap((data, i) => [
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"; filename="f${i}.bin"\r\n\r\n`,
            ),
            Buffer.from(data),
            Buffer.from('\r\n'),
          ]),
          Buffer.from(`--${boundary}--\r\n`),
        ]);
        const parts = parseMultipart(body, boundary);
        expect(parts.map((part) => part.filename)).toEqual(files.map((_, i) => `f${i}.bin`));
        parts.forEach((part, i) => {
          expect(part.data.equals(Buffer.from(files[i]!))).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});

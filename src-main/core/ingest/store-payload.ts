/**
 * Decoding of the legacy store body (`endpoints/store.rs`): plain JSON, or base64 of zlib'd JSON
 * (raven-js and old SDKs), and Python's non-standard `NaN`/`Infinity` literals repaired for
 * raven-python / sentry-python clients.
 */
import zlib from 'node:zlib';
import { IngestError, payloadTooLarge } from './errors.ts';

const invalidJson = (cause: string) =>
  new IngestError('invalid_json', 400, 'invalid JSON data', { causes: [cause] });

/** The JSON text of a store body, decompressed within `limit` bytes. */
export function decodeStoreBody(body: Buffer, limit: number): Buffer {
  let start = 0;
  while (
    start < body.length &&
    (body[start] === 0x20 || body[start] === 0x0a || body[start] === 0x0d || body[start] === 0x09)
  )
    start++;
  if (body[start] === 0x7b) return body;
  const text = body.toString('latin1').trim();
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) throw invalidJson('body is neither JSON nor base64');
  const decoded = Buffer.from(text, 'base64');
  if (decoded[0] === 0x7b) return decoded;
  try {
    return zlib.inflateSync(decoded, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge();
    throw new IngestError('invalid_compression', 400, 'failed to decompress request body', {
      causes: [(error as Error).message],
    });
  }
}

/** Python SDKs serialise float('nan') and float('inf') as bare literals; Relay turns them into 0. */
export function isPythonClient(client: string | undefined, userAgent: string | undefined): boolean {
  const name = client ?? userAgent ?? '';
  return (
    name.startsWith('raven-python') || name.startsWith('sentry.python') || name.startsWith('sentry-python')
  );
}

/** Replaces `NaN`, `Infinity` and `-Infinity` outside strings with `0`. */
export function repairPythonJson(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    for (const literal of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(literal, i)) {
        out += `${text.slice(last, i)}0`;
        i += literal.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Parses the event JSON; it must be an object. */
export function parseStoreEvent(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJson((error as Error).message);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalidJson('the event is not a JSON object');
  return value as Record<string, unknown>;
}

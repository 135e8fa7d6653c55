// Reads the shared corpus in place (never copied into the repo). Tests skip, with the reason
// printed, when ../shared is not beside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
export const RELAY_DIR = path.join(CORPUS_DIR, 'relay');
export const corpusPresent = existsSync(CORPUS_DIR);

export function warnIfCorpusMissing(): void {
  if (!corpusPresent) console.warn(`corpus not found at ${CORPUS_DIR}: corpus-based tests are skipped`);
}

export function readRelayJson(name: string): JsonObject {
  return JSON.parse(readFileSync(path.join(RELAY_DIR, name), 'utf8')) as JsonObject;
}

export interface EnvelopeItem {
  headers: JsonObject;
  payload: Buffer;
}

export interface Envelope {
  headers: JsonObject;
  items: EnvelopeItem[];
}

/** Envelope framing (ingest.md §6): header line, then item header line + payload (by `length` or to `\n`). */
export function parseEnvelope(body: Buffer): Envelope {
  let pos = body.indexOf(0x0a);
  if (pos < 0) pos = body.length;
  const headers = JSON.parse(body.subarray(0, pos).toString('utf8')) as JsonObject;
  const items: EnvelopeItem[] = [];
  pos += 1;
  while (pos < body.length) {
    let end = body.indexOf(0x0a, pos);
    if (end < 0) end = body.length;
    const itemHeaders = JSON.parse(body.subarray(pos, end).toString('utf8')) as JsonObject;
    pos = end + 1;
    const length = typeof itemHeaders.length === 'number' ? itemHeaders.length : undefined;
    let payloadEnd: number;
    if (length !== undefined) payloadEnd = pos + length;
    else {
      payloadEnd = body.indexOf(0x0a, pos);
      if (payloadEnd < 0) payloadEnd = body.length;
    }
    items.push({ headers: itemHeaders, payload: body.subarray(pos, payloadEnd) });
    pos = payloadEnd + 1;
  }
  return { headers, items };
}

export interface CapturedEvent {
  file: string;
  envelopeHeaders: JsonObject;
  event: JsonObject;
  sentryClient: string | undefined;
}

/** Every `event` item of the SDK captures (`*.envelope` at the corpus root). */
export function capturedEvents(): CapturedEvent[] {
  const index = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'captures-index.json'), 'utf8')) as Record<
    string,
    { url?: string }
  >;
  return readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.envelope'))
    .sort()
    .flatMap((file) => {
      const envelope = parseEnvelope(readFileSync(path.join(CORPUS_DIR, file)));
      const url = new URL(index[file]?.url ?? '/', 'http://localhost');
      return envelope.items
        .filter((item) => item.headers.type === 'event')
        .map((item) => ({
          file,
          envelopeHeaders: envelope.headers,
          event: JSON.parse(item.payload.toString('utf8')) as JsonObject,
          sentryClient: url.searchParams.get('sentry_client') ?? undefined,
        }));
    });
}

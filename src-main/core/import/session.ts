/**
 * One file being imported, fed in chunks (from the CLI's file stream, or the browser's upload):
 * complete lines are decoded and queued as they arrive, so memory holds one chunk and one partial
 * line. A file that is one pretty-printed JSON document is recognised when its first line does not
 * parse; a `.envelope` file is queued whole, as received. Bad lines are reported by line number and
 * skipped; the rest goes through the pipeline.
 */
import type { ImportReport, ImportSkip, ImportSourceFormat } from '../../../src-shared/export-api.ts';
import { parseEnvelope } from '../ingest/envelope-parser.ts';
import { IMPORT_USER_AGENT } from '../pipeline/normalize/renormalize.ts';
import type { QueueEntry } from '../store/queue.ts';
import { type DecodedEvent, decodeSource, eventEnvelope, receivedMs, SkipLine } from './sources.ts';

/** Where decoded envelopes go: the ingest queue (durable before `enqueue` resolves). */
export interface ImportSink {
  /** Resolves with the queue row's id once committed. */
  enqueue(entry: QueueEntry): Promise<number>;
  /** Resolves when the queue can take `bytes` more (the pipeline drains it meanwhile). */
  waitForRoom(bytes: number): Promise<void>;
  projectExists(projectId: number): boolean;
}

export interface ImportSessionOptions {
  importId: string;
  name: string;
  /** Every event goes here when set. */
  projectId?: number | undefined;
  sink: ImportSink;
  now?: () => number;
}

const DEFAULT_PROJECT_ID = 1;
/** Skips reported one by one at most; the rest are counted. */
const MAX_REPORTED_SKIPS = 1000;
/** A line longer than this is skipped (Relay takes events of 1 MB; this leaves room for escapes). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** A whole-document file (one pretty-printed event) is read whole up to this size. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** An `.envelope` file is read whole up to this size (Relay's envelope limit is 200 MB). */
const MAX_ENVELOPE_BYTES = 200 * 1024 * 1024;
const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Mode = 'lines' | 'document' | 'envelope';

export class ImportSession {
  readonly #options: ImportSessionOptions;
  readonly #now: () => number;
  #mode: Mode;
  /** Bytes after the last complete line (lines mode) or the whole file so far (other modes). */
  #held: Buffer[] = [];
  #heldBytes = 0;
  #lineNo = 0;
  /** Dropping the rest of a line that was too long. */
  #skippingLine = false;
  /** Lines mode only after the first line said the file is not one pretty-printed document. */
  #sniffed = false;
  #report: ImportReport;
  #lastRowId = 0;

  constructor(options: ImportSessionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#mode = /\.envelope$/i.test(options.name) ? 'envelope' : 'lines';
    this.#report = {
      importId: options.importId,
      name: options.name,
      lines: 0,
      queued: 0,
      skipped: [],
      skippedCount: 0,
      formats: {},
      done: false,
    };
  }

  /** The highest queue row id this import wrote (0 before any). */
  get lastRowId(): number {
    return this.#lastRowId;
  }

  get report(): ImportReport {
    return { ...this.#report, skipped: [...this.#report.skipped], formats: { ...this.#report.formats } };
  }

  /** Takes the next bytes of the file; resolves once their complete lines are queued. */
  async push(bytes: Buffer): Promise<void> {
    if (this.#mode === 'lines' && this.#sniffed) return this.#pushLines(bytes);
    this.#hold(bytes);
    if (this.#mode === 'lines') return this.#sniff(false);
    const cap = this.#mode === 'envelope' ? MAX_ENVELOPE_BYTES : MAX_DOCUMENT_BYTES;
    if (this.#heldBytes <= cap) return;
    if (this.#mode === 'envelope') {
      this.#takeHeld();
      this.#mode = 'lines';
      this.#sniffed = true;
      this.#skippingLine = true;
      this.#skip(1, `the envelope file is larger than ${cap} bytes`);
      return;
    }
    // Too large to be one event: read it as lines after all.
    this.#mode = 'lines';
    this.#sniffed = true;
    await this.#pushLines(this.#takeHeld());
  }

  /** The end of the file: the last line (or the whole document) is queued. */
  async end(): Promise<ImportReport> {
    if (this.#mode === 'lines' && !this.#sniffed) await this.#sniff(true);
    const rest = this.#takeHeld();
    switch (this.#mode) {
      case 'envelope':
        await this.#queueEnvelopeFile(rest);
        break;
      case 'document':
        await this.#queueDocument(rest);
        break;
      case 'lines':
        if (rest.length > 0 && !this.#skippingLine) await this.#queueLines([rest]);
        break;
    }
    return this.report;
  }

  /**
   * Decides from the first line whether the file is JSONL or one pretty-printed JSON document:
   * a first line that does not parse but opens an object or array starts a document.
   */
  async #sniff(atEnd: boolean): Promise<void> {
    const all = this.#takeHeld();
    const nl = all.indexOf(NEWLINE);
    if (nl < 0 && !atEnd && all.length <= MAX_LINE_BYTES) {
      this.#hold(all);
      return;
    }
    const first = decodeLine(nl < 0 ? all : all.subarray(0, nl), true) ?? '';
    let parses = true;
    try {
      JSON.parse(first);
    } catch {
      parses = false;
    }
    this.#sniffed = true;
    if (!parses && /^\s*[[{]/.test(first)) {
      this.#mode = 'document';
      this.#hold(all);
      return;
    }
    await this.#pushLines(all);
  }

  #hold(bytes: Buffer): void {
    this.#held.push(bytes);
    this.#heldBytes += bytes.length;
  }

  #takeHeld(): Buffer {
    const all = Buffer.concat(this.#held, this.#heldBytes);
    this.#held = [];
    this.#heldBytes = 0;
    return all;
  }

  async #pushLines(bytes: Buffer): Promise<void> {
    const lines: Buffer[] = [];
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
      if (this.#skippingLine) {
        // The end of a line that was too long (already reported).
        this.#skippingLine = false;
        this.#takeHeld();
      } else {
        this.#hold(bytes.subarray(start, nl));
        lines.push(this.#takeHeld());
      }
      start = nl + 1;
    }
    await this.#queueLines(lines);
    if (start >= bytes.length || this.#skippingLine) return;
    this.#hold(bytes.subarray(start));
    if (this.#heldBytes > MAX_LINE_BYTES) {
      this.#takeHeld();
      this.#skippingLine = true;
      this.#report.lines++;
      this.#skip(++this.#lineNo, `line longer than ${MAX_LINE_BYTES} bytes`);
    }
  }

  async #queueLines(lines: Buffer[]): Promise<void> {
    const entries: Array<Promise<unknown>> = [];
    for (const raw of lines) {
      const lineNo = ++this.#lineNo;
      const text = decodeLine(raw, lineNo === 1);
      if (text === undefined) {
        this.#report.lines++;
        this.#skip(lineNo, 'not valid UTF-8');
        continue;
      }
      if (text.trim() === '') continue;
      this.#report.lines++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        this.#skip(lineNo, `not valid JSON: ${(error as Error).message}`);
        continue;
      }
      const entry = this.#entryFor(value, lineNo);
      if (entry) entries.push((await this.#enqueue(entry)).committed);
    }
    await Promise.all(entries);
  }

  async #queueDocument(all: Buffer): Promise<void> {
    const text = decodeLine(all, true);
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value === undefined || (Array.isArray(value) && typeof value[0] === 'number')) {
      // Not one document (or a single Snuba message): lines after all, so bad ones get numbers.
      this.#mode = 'lines';
      await this.#pushLines(all);
      const rest = this.#takeHeld();
      if (rest.length > 0 && !this.#skippingLine) await this.#queueLines([rest]);
      return;
    }
    const documents = Array.isArray(value) ? value : [value];
    const entries: Array<Promise<unknown>> = [];
    for (const document of documents) {
      this.#report.lines++;
      const entry = this.#entryFor(document, 1);
      if (entry) entries.push((await this.#enqueue(entry)).committed);
    }
    await Promise.all(entries);
  }

  async #queueEnvelopeFile(body: Buffer): Promise<void> {
    this.#report.lines = 1;
    let eventId: string | null = null;
    let sentAt: number | undefined;
    try {
      const envelope = parseEnvelope(body);
      const raw = envelope.headers.event_id;
      eventId = typeof raw === 'string' ? raw.replaceAll('-', '').toLowerCase() : null;
      sentAt = receivedMs(envelope.headers.sent_at);
    } catch (error) {
      this.#skip(1, `not a valid envelope: ${(error as Error).message}`);
      return;
    }
    const projectId = this.#projectFor(undefined);
    this.#count('envelope');
    // Received when it was sent, as the receive time of an export line is the source's: received
    // now, clock drift correction took the envelope's age for the SDK's clock being off, moved
    // every timestamp to the import time and added a clock_drift error.
    const now = this.#now();
    const receivedAt = Math.min(sentAt ?? now, now);
    await (await this.#enqueue(this.#queueEntry(projectId, eventId, body, receivedAt))).committed;
  }

  #entryFor(value: unknown, lineNo: number): QueueEntry | undefined {
    let decoded: DecodedEvent;
    try {
      decoded = decodeSource(value);
    } catch (error) {
      if (!(error instanceof SkipLine)) throw error;
      this.#skip(lineNo, error.message);
      return undefined;
    }
    const { envelope, eventId } = eventEnvelope(decoded.event);
    const now = this.#now();
    // A receive time in the future would be clamped by normalization; the present is the latest.
    const receivedAt = Math.min(decoded.receivedAt ?? now, now);
    this.#count(decoded.format);
    return this.#queueEntry(this.#projectFor(decoded.projectId), eventId, envelope, receivedAt);
  }

  #queueEntry(projectId: number, eventId: string | null, envelope: Buffer, receivedAt: number): QueueEntry {
    return {
      projectId,
      keyId: null,
      route: 'envelope',
      eventId,
      receivedAt,
      clientIp: null,
      userAgent: IMPORT_USER_AGENT,
      origin: null,
      sentryClient: null,
      envelope,
    };
  }

  /** Waits for room, then hands the entry over; `committed` settles when it is durable. */
  async #enqueue(entry: QueueEntry): Promise<{ committed: Promise<unknown> }> {
    await this.#options.sink.waitForRoom(entry.envelope.length);
    this.#report.queued++;
    return {
      committed: this.#options.sink.enqueue(entry).then((rowId) => {
        this.#lastRowId = Math.max(this.#lastRowId, rowId);
      }),
    };
  }

  #projectFor(named: number | undefined): number {
    if (this.#options.projectId !== undefined) return this.#options.projectId;
    if (named !== undefined && this.#options.sink.projectExists(named)) return named;
    return DEFAULT_PROJECT_ID;
  }

  #count(format: ImportSourceFormat): void {
    this.#report.formats[format] = (this.#report.formats[format] ?? 0) + 1;
  }

  #skip(line: number, reason: string): void {
    this.#report.skippedCount++;
    if (this.#report.skipped.length < MAX_REPORTED_SKIPS)
      this.#report.skipped.push({ line, reason } satisfies ImportSkip);
  }
}

/** UTF-8 text of a line, without a trailing `\r` (and a BOM on the first line); undefined if invalid. */
function decodeLine(raw: Buffer, first: boolean): string | undefined {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return undefined;
  }
  if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

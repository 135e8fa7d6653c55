/**
 * Nodestore: the full normalized event JSON, compressed, keyed by (project, event id) in SQLite.
 * Sentry keeps the same payloads in its nodestore service; the columnar index keeps only columns.
 */
import zlib from 'node:zlib';
import type { SqliteDb } from './sqlite.ts';
import { stmt } from './statements.ts';
import { zstdAvailable, zstdCompress, zstdDecompress } from './zstd-kept.ts';

/** One leading byte says how the rest is compressed, so the codec can change without a migration. */
const ZSTD = 0x7a; // 'z'
const GZIP = 0x67; // 'g'

/** Where the JSON text is encoded before compression: kept, so an entry's bytes are no new buffer each. */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
/** Texts longer than this get a buffer of their own (the kept one stays small). */
const SCRATCH_MAX_CHARS = 256 * 1024;

/** `text` as UTF-8: a view of the kept scratch buffer, valid until the next call. */
function utf8(text: string): Buffer {
  // A UTF-16 unit is at most 3 bytes of UTF-8.
  const bound = text.length * 3;
  if (text.length > SCRATCH_MAX_CHARS) return Buffer.from(text);
  if (scratch.length < bound) scratch = Buffer.allocUnsafeSlow(bound);
  return scratch.subarray(0, scratch.write(text));
}

export function encodeNode(value: unknown): Buffer {
  const json = utf8(JSON.stringify(value));
  if (zstdAvailable) return zstdCompress(json, ZSTD);
  return Buffer.concat([Buffer.of(GZIP), zlib.gzipSync(json, { level: 3 })]);
}

/** An entry's JSON text as bytes, decompressed but not parsed (exports write it as stored). */
export function nodeJsonBytes(data: Buffer): Buffer {
  const body = data.subarray(1);
  switch (data[0]) {
    case ZSTD:
      return zstdDecompress(body);
    case GZIP:
      return zlib.gunzipSync(body);
    default:
      throw new Error(`nodestore entry has an unknown codec byte ${data[0]}`);
  }
}

export function decodeNode(data: Buffer): unknown {
  return JSON.parse(nodeJsonBytes(data).toString('utf8'));
}

export class Nodestore {
  readonly #db: SqliteDb;

  constructor(db: SqliteDb) {
    this.#db = db;
  }

  /**
   * Stores an event once: a second put of the same id keeps the first (replays are harmless).
   * `encoded` is the event through `encodeNode`, done before (and outside) the write transaction.
   */
  put(projectId: number, eventId: string, encoded: Buffer): boolean {
    const result = stmt(
      this.#db,
      'INSERT OR IGNORE INTO nodestore (project_id, event_id, data) VALUES (?, ?, ?)',
    ).run(projectId, eventId, encoded);
    return result.changes > 0;
  }

  get(projectId: number, eventId: string): unknown {
    const row = stmt<[number, string], { data: Buffer }>(
      this.#db,
      'SELECT data FROM nodestore WHERE project_id = ? AND event_id = ?',
    ).get(projectId, eventId);
    return row ? decodeNode(row.data) : undefined;
  }

  has(projectId: number, eventId: string): boolean {
    return (
      stmt(this.#db, 'SELECT 1 FROM nodestore WHERE project_id = ? AND event_id = ?').get(
        projectId,
        eventId,
      ) !== undefined
    );
  }
}

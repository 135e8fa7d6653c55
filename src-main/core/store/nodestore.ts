/**
 * Nodestore: the full normalized event JSON, compressed, keyed by (project, event id) in SQLite.
 * Sentry keeps the same payloads in its nodestore service; the columnar index keeps only columns.
 */
import zlib from 'node:zlib';
import type { SqliteDb } from './sqlite.ts';
import { stmt } from './statements.ts';

/** One leading byte says how the rest is compressed, so the codec can change without a migration. */
const ZSTD = 0x7a; // 'z'
const GZIP = 0x67; // 'g'

const hasZstd = typeof zlib.zstdCompressSync === 'function';

/**
 * zstd's level 1, not its default 3: for a 4.3 KB event 22-24 against 26-29 µs, for a frame 1.7%
 * larger (1,959 against 1,927 bytes). Any level decodes the same way.
 */
const ZSTD_PARAMS = hasZstd ? { [zlib.constants.ZSTD_c_compressionLevel]: 1 } : {};

export function encodeNode(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value));
  // Told the size up front, zstd sizes its tables for a few KB instead of an unknown stream
  // (measured: 53 → 33 µs for a 4.3 KB event), and writes the size into the frame.
  if (hasZstd)
    return Buffer.concat([
      Buffer.of(ZSTD),
      zlib.zstdCompressSync(json, { params: ZSTD_PARAMS, pledgedSrcSize: json.length }),
    ]);
  return Buffer.concat([Buffer.of(GZIP), zlib.gzipSync(json, { level: 3 })]);
}

export function decodeNode(data: Buffer): unknown {
  const body = data.subarray(1);
  switch (data[0]) {
    case ZSTD:
      return JSON.parse(zlib.zstdDecompressSync(body).toString('utf8'));
    case GZIP:
      return JSON.parse(zlib.gunzipSync(body).toString('utf8'));
    default:
      throw new Error(`nodestore entry has an unknown codec byte ${data[0]}`);
  }
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

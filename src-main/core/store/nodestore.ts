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

/**
 * Node's `zstdCompressSync` builds a new zstd context for every call and frees it after: for a
 * 4.3 KB event that was 36 of its 48 µs (measured, Node 24). One context per thread, kept, ends a
 * frame per event instead (22-25 µs; each frame stands alone and decodes with any zstd). Node has no
 * public call for that, so this drives the stream's native handle as Node's own sync path does
 * (`writeSync` with the end directive, the counts left in `_writeState`), checked once against the
 * public API; where any of that is missing or fails, the one-shot call is used.
 */
interface ZstdHandle {
  writeSync(
    flush: number,
    input: Buffer,
    inOff: number,
    inLen: number,
    out: Buffer,
    outOff: number,
    outLen: number,
  ): void;
}

class ReusedZstd {
  readonly #handle: ZstdHandle;
  readonly #state: Uint32Array;
  #out = Buffer.allocUnsafe(64 * 1024);

  private constructor(handle: ZstdHandle, state: Uint32Array) {
    this.#handle = handle;
    this.#state = state;
  }

  /** A kept context, or undefined where Node's zstd stream does not expose what this needs. */
  static open(): ReusedZstd | undefined {
    const stream = zlib.createZstdCompress({ params: ZSTD_PARAMS }) as unknown as {
      _handle?: Partial<ZstdHandle>;
      _writeState?: unknown;
    };
    const handle = stream._handle;
    const state = stream._writeState;
    if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array)) return undefined;
    const reused = new ReusedZstd(handle as ZstdHandle, state);
    const probe = Buffer.from(JSON.stringify({ probe: 'nodestore', n: [1, 2, 3] }));
    try {
      return zlib.zstdDecompressSync(reused.compress(probe)).equals(probe) ? reused : undefined;
    } catch {
      return undefined;
    }
  }

  /** One complete frame of `input`. Throws (the context is then dropped) if zstd did not finish it. */
  compress(input: Buffer): Buffer {
    // zstd's bound for one frame: output never needs more than this.
    const bound = input.length + (input.length >> 7) + 1024;
    if (this.#out.length < bound) this.#out = Buffer.allocUnsafe(bound);
    const out = this.#out;
    this.#handle.writeSync(zlib.constants.ZSTD_e_end, input, 0, input.length, out, 0, out.length);
    const [availOut = 0, availIn = 1] = this.#state;
    if (availIn !== 0 || availOut === 0) throw new Error('zstd did not end the frame');
    return Buffer.from(out.subarray(0, out.length - availOut));
  }
}

let reusedZstd: ReusedZstd | undefined | null = null;

/** Larger inputs go through the one-shot call, so the kept output buffer stays small. */
const REUSED_MAX_BYTES = 1024 * 1024;

function zstdFrame(json: Buffer): Buffer {
  if (reusedZstd === null) reusedZstd = ReusedZstd.open();
  if (reusedZstd && json.length <= REUSED_MAX_BYTES) {
    try {
      return reusedZstd.compress(json);
    } catch {
      reusedZstd = undefined;
    }
  }
  // Told the size up front, zstd sizes its tables for a few KB instead of an unknown stream
  // (measured: 53 → 33 µs for a 4.3 KB event), and writes the size into the frame.
  return zlib.zstdCompressSync(json, { params: ZSTD_PARAMS, pledgedSrcSize: json.length });
}

export function encodeNode(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value));
  if (hasZstd) return Buffer.concat([Buffer.of(ZSTD), zstdFrame(json)]);
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

/**
 * zstd with one kept context per thread and direction. Node's `zstdCompressSync` and
 * `zstdDecompressSync` build a new zstd context for every call and free it after: for a 4.3 KB
 * event that was 36 of 48 µs to compress and 28 of 39 µs to decompress (measured, Node 24). A kept
 * context ends a frame per call instead (compress 22-25 µs, decompress 11 µs); each frame stands
 * alone and decodes with any zstd.
 *
 * Node has no public call for that, so this drives a zstd stream's native handle as Node's own sync
 * path does (`writeSync`, the counts left in `_writeState`), checked once against the public API.
 * Where any of that is missing or fails its check, the one-shot calls run. A call that reports an
 * error (a corrupt or cut frame: the stream is then destroyed) or outgrows the kept buffer runs the
 * one-shot call instead, which throws Node's own error for bad input, and the next call opens a new
 * context.
 */
import zlib from 'node:zlib';

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

interface ZstdStream {
  _handle?: Partial<ZstdHandle>;
  _writeState?: unknown;
  destroyed: boolean;
  on(event: 'error', listener: () => void): unknown;
}

/** Output beyond this goes through the one-shot call, so the kept buffer stays small. */
const KEPT_MAX_BYTES = 1024 * 1024;

class KeptContext {
  readonly #stream: ZstdStream;
  readonly #handle: ZstdHandle;
  readonly #state: Uint32Array;
  #out = Buffer.allocUnsafe(64 * 1024);

  constructor(stream: ZstdStream, handle: ZstdHandle, state: Uint32Array) {
    this.#stream = stream;
    this.#handle = handle;
    this.#state = state;
  }

  /**
   * Runs `input` through to the end of its frame, after `prefix` bytes of `out` the caller fills
   * (`before`). Returns undefined when the output would pass KEPT_MAX_BYTES; throws if the stream
   * reported an error or did not finish the frame.
   */
  run(input: Buffer, outBound: number, before?: number): Buffer | undefined {
    const prefix = before === undefined ? 0 : 1;
    if (this.#out.length < outBound + prefix) this.#out = Buffer.allocUnsafe(outBound + prefix);
    const out = this.#out;
    if (before !== undefined) out[0] = before;
    const chunks: Buffer[] = [];
    let total = 0;
    let offset = 0;
    let start = prefix;
    for (;;) {
      this.#handle.writeSync(
        zlib.constants.ZSTD_e_end,
        input,
        offset,
        input.length - offset,
        out,
        start,
        out.length - start,
      );
      if (this.#stream.destroyed) throw new Error('zstd reported an error');
      const [availOut = 0, availIn = 0] = this.#state;
      const written = out.length - availOut;
      chunks.push(Buffer.from(out.subarray(0, written)));
      total += written;
      start = 0;
      offset = input.length - availIn;
      // Done once zstd consumed everything and had room left: the frame is complete.
      if (availIn === 0 && availOut > 0) break;
      if (total > KEPT_MAX_BYTES) return undefined;
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  }
}

function open(stream: ZstdStream): KeptContext | undefined {
  // A reported error also arrives as an 'error' event later on; it must not go unhandled.
  stream.on('error', () => undefined);
  const handle = stream._handle;
  const state = stream._writeState;
  if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array)) return undefined;
  return new KeptContext(stream, handle as ZstdHandle, state);
}

const hasZstd = typeof zlib.zstdCompressSync === 'function';
/**
 * zstd's level 1, not its default 3: for a 4.3 KB event 22-24 against 26-29 µs, for a frame 1.7%
 * larger (1,959 against 1,927 bytes). Any level decodes the same way. Measured again on the
 * pipeline bench's events (4.9 KB of JSON, kept context): level 1 12.8 µs and 2,075 bytes, 2 14.1
 * µs, 3 17.2 µs and 2,042 bytes. The negative (fast) levels skip the literals' Huffman coding:
 * -2 8.2 µs but 2,734 bytes, -3 7.6 µs and 2,897 (32-40% more stored per event for ~5 µs), and
 * smaller tables or longer minimum matches at level 1 gain under 1 µs: level 1 stays.
 */
const COMPRESS_PARAMS = hasZstd ? { [zlib.constants.ZSTD_c_compressionLevel]: 1 } : {};

/** null: open one at the next call; undefined: none works here (the one-shot calls run). */
let compressor: KeptContext | undefined | null = null;
let decompressor: KeptContext | undefined | null = null;

function checked(context: KeptContext | undefined, probe: () => boolean): KeptContext | undefined {
  try {
    return context && probe() ? context : undefined;
  } catch {
    return undefined;
  }
}

const PROBE = Buffer.from(JSON.stringify({ probe: 'zstd', n: [1, 2, 3] }));

export const zstdAvailable = hasZstd;

/**
 * One zstd frame of `input` (level 1); with `before`, that byte first (nodestore's codec byte, so
 * that the entry is made in one piece instead of concatenated after).
 */
export function zstdCompress(input: Buffer, before?: number): Buffer {
  if (compressor === null) {
    const kept = open(zlib.createZstdCompress({ params: COMPRESS_PARAMS }) as unknown as ZstdStream);
    compressor = checked(kept, () => {
      const frame = kept?.run(PROBE, 1024);
      return frame !== undefined && zlib.zstdDecompressSync(frame).equals(PROBE);
    });
  }
  if (compressor && input.length <= KEPT_MAX_BYTES) {
    try {
      // zstd's bound for one frame: the output never needs more.
      const frame = compressor.run(input, input.length + (input.length >> 7) + 1024, before);
      if (frame) return frame;
    } catch {
      // Opened again for the next call: a context left inside a frame must not be reused.
    }
    compressor = null;
  }
  // Told the size up front, zstd sizes its tables for a few KB instead of an unknown stream
  // (measured: 53 → 33 µs for a 4.3 KB event), and writes the size into the frame.
  const frame = zlib.zstdCompressSync(input, { params: COMPRESS_PARAMS, pledgedSrcSize: input.length });
  return before === undefined ? frame : Buffer.concat([Buffer.of(before), frame]);
}

/** The content of one zstd frame. Throws Node's error for a corrupt one. */
export function zstdDecompress(frame: Buffer): Buffer {
  if (decompressor === null) {
    const kept = open(zlib.createZstdDecompress() as unknown as ZstdStream);
    const probe = zlib.zstdCompressSync(PROBE);
    decompressor = checked(kept, () => kept?.run(probe, 64 * 1024)?.equals(PROBE) === true);
  }
  if (decompressor) {
    try {
      const content = decompressor.run(frame, 64 * 1024);
      if (content) return content;
    } catch {
      // A corrupt frame: the one-shot call below names what is wrong.
    }
    // Over the kept size, or failed: the context may be inside a frame, so the next call opens another.
    decompressor = null;
  }
  return zlib.zstdDecompressSync(frame);
}

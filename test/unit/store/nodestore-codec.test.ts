/**
 * Nodestore entries: each is a zstd frame of its own (one kept context ends a frame per entry), so
 * any entry decodes alone, in any order, whatever was encoded before or after it.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeNode, encodeNode, nodeJsonBytes } from '../../../src-main/core/store/nodestore.ts';

const event = (n: number, size: number) => ({
  event_id: n.toString(16).padStart(32, '0'),
  message: `failure ${n} `.repeat(Math.ceil(size / 12)).slice(0, size),
  tags: [['n', String(n)]],
});

describe('nodestore codec', () => {
  it('decodes every entry alone, in any order, for sizes from a few bytes to beyond the kept buffer', () => {
    const values = [0, 10, 4_300, 70_000, 300_000, 2_000_000, 50].map((size, n) => event(n, size));
    const encoded = values.map((value) => encodeNode(value));
    for (const [i, data] of [...encoded.entries()].reverse()) {
      expect(data[0]).toBe(typeof zlib.zstdCompressSync === 'function' ? 0x7a : 0x67);
      expect(decodeNode(data)).toEqual(values[i]);
    }
  });

  it('stores the JSON text as UTF-8 exactly, multi-byte characters included, in entries of every size', () => {
    for (const size of [10, 30_000, 100_000, 400_000]) {
      const value = { message: 'é日本😀'.repeat(size / 5), lone: '\ud800', n: size };
      expect(nodeJsonBytes(encodeNode(value)).equals(Buffer.from(JSON.stringify(value)))).toBe(true);
    }
  });

  it('writes a standalone zstd frame that the one-shot decoder reads', () => {
    if (typeof zlib.zstdDecompressSync !== 'function') {
      console.log('skipped: this Node has no zstd (entries are gzip)');
      return;
    }
    encodeNode(event(1, 5_000));
    const data = encodeNode(event(2, 5_000));
    const json = zlib.zstdDecompressSync(data.subarray(1)).toString('utf8');
    expect(JSON.parse(json)).toEqual(event(2, 5_000));
  });

  it("throws zstd's error for a cut or corrupt entry, and decodes the next one", () => {
    const value = event(3, 6_000);
    const data = encodeNode(value);
    if (data[0] !== 0x7a) {
      console.log('skipped: this Node has no zstd (entries are gzip)');
      return;
    }
    expect(() => decodeNode(data.subarray(0, data.length - 20))).toThrow(/unexpected end of file/);
    const corrupt = Buffer.from(data);
    corrupt[10] = (corrupt[10] ?? 0) ^ 0xff;
    corrupt[20] = (corrupt[20] ?? 0) ^ 0xff;
    expect(() => nodeJsonBytes(corrupt)).toThrow();
    expect(decodeNode(data)).toEqual(value);
    expect(nodeJsonBytes(data).toString('utf8')).toBe(JSON.stringify(value));
  });

  it('names an unknown codec byte', () => {
    expect(() => decodeNode(Buffer.from([0x01, 0x02]))).toThrow(/unknown codec byte 1/);
  });
});

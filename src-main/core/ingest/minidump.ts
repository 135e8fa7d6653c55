/**
 * Minidump payload checks (`endpoints/minidump.rs`): a minidump may arrive wrapped in a gzip or
 * zstd container (sniffed by magic bytes, independent of HTTP encoding) and must then start with
 * `MDMP` (or `PMDM`, big-endian writers).
 */
import zlib from 'node:zlib';
import { IngestError } from './errors.ts';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const BZIP2_MAGIC = Buffer.from('BZh');

export const invalidMinidump = (cause: string) =>
  new IngestError('invalid_minidump', 400, 'invalid minidump', { causes: [cause] });

/** The minidump bytes, unwrapped from a compression container when there is one. */
export function unwrapMinidump(data: Buffer, limit: number): Buffer {
  let dump = data;
  try {
    if (startsWith(data, GZIP_MAGIC)) dump = zlib.gunzipSync(data, { maxOutputLength: limit });
    else if (startsWith(data, ZSTD_MAGIC)) dump = zlib.zstdDecompressSync(data, { maxOutputLength: limit });
  } catch (error) {
    throw invalidMinidump(`cannot decompress the minidump container: ${(error as Error).message}`);
  }
  if (startsWith(data, XZ_MAGIC) || startsWith(data, BZIP2_MAGIC)) {
    throw invalidMinidump('xz and bzip2 minidump containers are not supported; send it plain, gzip or zstd');
  }
  const magic = dump.subarray(0, 4).toString('latin1');
  if (magic !== 'MDMP' && magic !== 'PMDM') throw invalidMinidump('missing minidump header');
  return dump;
}

function startsWith(data: Buffer, magic: Buffer): boolean {
  return data.length >= magic.length && data.subarray(0, magic.length).equals(magic);
}

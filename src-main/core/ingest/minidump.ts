/**
 * Minidump payload checks (`endpoints/minidump.rs`): a minidump may arrive nested in a multipart
 * body of its own, or wrapped in a gzip or zstd container (sniffed by magic bytes, independent of
 * HTTP encoding), and must then start with `MDMP` (or `PMDM`, big-endian writers).
 */
import zlib from 'node:zlib';
import { IngestError } from './errors.ts';
import { parseMultipart } from './multipart.ts';

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

/** Extensions of the containers Relay unwraps, which the dump's name loses once unwrapped. */
const CONTAINER_EXTENSIONS = ['.gz', '.xz', '.bz2', '.zst'];

/** The dump's file name without a container's extension (`crash.dmp.gz` → `crash.dmp`), as Relay names it. */
export function minidumpFilename(filename: string): string {
  const extension = CONTAINER_EXTENSIONS.find((ext) => filename.endsWith(ext));
  return extension ? filename.slice(0, -extension.length) : filename;
}

/**
 * The dump inside a minidump field that is itself a multipart body (old Linux Electron SDKs send
 * one): its first non-empty line is `--boundary`, and one of its parts is the minidump field.
 * Undefined when the field is no such body, or when none of its parts is the dump.
 */
export function embeddedMinidump(data: Buffer, field: string): Buffer | undefined {
  const boundary = leadingBoundary(data);
  if (boundary === undefined) return undefined;
  return parseMultipart(data, boundary).find((part) => part.name === field)?.data;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** `--boundary` on the first line that is not empty, the boundary as UTF-8 text; else undefined. */
function leadingBoundary(data: Buffer): string | undefined {
  let start = 0;
  while (data[start] === 0x0d || data[start] === 0x0a) start++;
  if (data[start] !== 0x2d || data[start + 1] !== 0x2d) return undefined;
  let end = start + 2;
  while (end < data.length && data[end] !== 0x0d && data[end] !== 0x0a) end++;
  if (end === start + 2) return undefined;
  try {
    return UTF8.decode(data.subarray(start + 2, end));
  } catch {
    return undefined;
  }
}

function startsWith(data: Buffer, magic: Buffer): boolean {
  return data.length >= magic.length && data.subarray(0, magic.length).equals(magic);
}

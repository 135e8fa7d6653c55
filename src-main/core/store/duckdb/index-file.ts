/**
 * What a user is told about an event index (`events.duckdb`) that cannot be opened. Only the
 * pipeline worker and the CLI open the file, so the main thread checks its header itself before it
 * says it is ready (this module does not load DuckDB's client), and the worker's own failure to
 * open it is worded the same way.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A DuckDB file starts with an 8-byte checksum, then its magic bytes. */
const MAGIC = Buffer.from('DUCK');
const MAGIC_OFFSET = 8;

/** What moving a damaged event index aside costs. */
function eventIndexAdvice(file: string): string {
  const base = path.basename(file);
  return (
    `Restore it from a backup, or move ${base} (and ${base}.wal) out of ${path.dirname(file)}: a new ` +
    'event index is then created and filled again from the stored events as Faultline starts (issues and ' +
    'events keep their data; SnQL, exports and tag searches see them again once it is done)'
  );
}

/**
 * Throws a message naming the file and what to do when it is not a DuckDB file. A missing file is
 * fine (DuckDB creates it); an empty one is not (DuckDB refuses it: it never leaves one behind).
 */
export function checkEventIndexFile(file: string): void {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(MAGIC_OFFSET + MAGIC.length);
      const read = fs.readSync(fd, header, 0, header.length, 0);
      header = header.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`cannot read the event index ${file}: ${(error as Error).message}`);
  }
  if (header.length === 0)
    throw new Error(
      `cannot open the event index ${file}: it is empty (0 bytes); nothing was changed. ${eventIndexAdvice(file)}`,
    );
  if (!header.subarray(MAGIC_OFFSET).equals(MAGIC))
    throw new Error(
      `cannot open the event index ${file}: it is damaged or not a DuckDB file; nothing was changed. ${eventIndexAdvice(file)}`,
    );
}

/** Starts the message of a DuckDB that refused its start-up settings: the file is not at fault. */
export const SETTINGS_REFUSED = 'DuckDB refused its settings';

/** DuckDB's "Failed to set config", saying which of our settings it was likely to be. */
export function settingsRefusedError(error: unknown): unknown {
  const message = (error as Error)?.message ?? String(error);
  if (!/Failed to set config/i.test(message)) return error;
  const memory = process.env.FAULTLINE_DUCKDB_MEMORY;
  const which =
    memory === undefined
      ? ''
      : `: FAULTLINE_DUCKDB_MEMORY is '${memory}', which must be a size such as 1GB or 512MB`;
  return new Error(`${SETTINGS_REFUSED}${which} (${message}). The event index was not touched`);
}

/** The worker's error opening the event index, worded for the user. */
export function eventIndexOpenError(file: string, error: unknown): Error {
  const message = ((error as Error).message ?? String(error)).replace(
    `cannot open the event index ${file}: `,
    '',
  );
  // Not the file's fault: moving it aside, as the advice below says, would lose it for nothing.
  if (message.startsWith(SETTINGS_REFUSED))
    return new Error(`cannot open the event index ${file}: ${message}`);
  if (/No space left on device|Permission denied|Read-only file system|Disk quota exceeded/i.test(message))
    return new Error(
      `cannot open the event index ${file}: ${message}. The file was not touched: check that ${path.dirname(file)} and its files are writable by you and that the disk has space`,
    );
  if (/Could not set lock/i.test(message))
    return new Error(
      `cannot open the event index ${file}: another process has it open (${message}). Stop it and try again`,
    );
  if (/replaying WAL/i.test(message))
    return new Error(`cannot open the event index ${file}: ${message}. ${walAdvice(file)}`);
  // The worker opens the index before it touches the queue: a failed start changed nothing.
  return new Error(
    `cannot open the event index ${file}: ${message}; nothing was changed. ${eventIndexAdvice(file)}`,
  );
}

/** A damaged WAL costs only what it holds: moving it aside keeps the rest of the index. */
function walAdvice(file: string): string {
  const wal = `${path.basename(file)}.wal`;
  return (
    `Its write-ahead log ${wal} is damaged; nothing was changed. Move ${wal} out of ${path.dirname(file)}: ` +
    'the event index then opens as of its last checkpoint, and the latest events the log held are ' +
    'indexed again from the stored events as Faultline starts (issues and events keep their data)'
  );
}

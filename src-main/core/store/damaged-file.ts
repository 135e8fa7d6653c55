/**
 * Damage inside a store that its open-time checks cannot see (a page overwritten in the middle of
 * faultline.sqlite, a block of events.duckdb) surfaces only when a query reads it, as SQLite's
 * SQLITE_CORRUPT / SQLITE_NOTADB or DuckDB's "Corrupt database file". Those messages name neither
 * the file nor a remedy; the edges (API, CLI, the pipeline's log) turn them into one typed error,
 * `damaged`, that names both.
 */
import path from 'node:path';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { EVENT_INDEX_FILE } from '../pipeline/paths.ts';
import { SQLITE_FILE } from './sqlite.ts';

const SQLITE_CODE = /^SQLITE_(CORRUPT|NOTADB)/;
/** SQLite's messages, for errors that crossed a thread (their `code` stayed behind). */
const SQLITE_MESSAGE = /database disk image is malformed|file is not a database/i;
const DUCKDB_MESSAGE =
  /Corrupt database file|Corrupt WAL file|Could not read enough bytes from file|is not a valid DuckDB database file/i;

/** The data dir's file a storage engine's error says is damaged, or undefined. */
function damagedFile(error: unknown, dataDir: string): string | undefined {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  if (DUCKDB_MESSAGE.test(message)) return path.join(dataDir, EVENT_INDEX_FILE);
  // The main thread and the worker read and write faultline.sqlite; the queue's own errors are
  // worded where it is written (ingest answers 503, naming its file).
  if ((typeof code === 'string' && SQLITE_CODE.test(code)) || SQLITE_MESSAGE.test(message))
    return path.join(dataDir, SQLITE_FILE);
  return undefined;
}

/** What to do about a damaged file, by file; the same words as at start-up. */
export function damageAdvice(file: string): string {
  const dir = path.dirname(file);
  if (path.basename(file) === EVENT_INDEX_FILE)
    return (
      `Stop Faultline, then restore ${EVENT_INDEX_FILE} from a backup, or move it (and ${EVENT_INDEX_FILE}.wal) out of ${dir}: ` +
      'a new event index is then created and filled again from the stored events as Faultline starts ' +
      '(issues and events keep their data; SnQL, exports and tag searches see them again once it is done)'
    );
  return (
    `Stop Faultline, then restore ${path.basename(file)} from a backup, or start the data dir over: move ` +
    `${SQLITE_FILE} (with its -wal and -shm files), ${EVENT_INDEX_FILE} (with ${EVENT_INDEX_FILE}.wal) ` +
    `and queue.sqlite out of ${dir}: new ones are then created, with new projects and keys, so new DSNs, ` +
    'and no issues or events'
  );
}

/**
 * `error` as a `damaged` error naming the file and what to do, when a storage engine says a file
 * of `dataDir` is damaged; otherwise undefined (the caller keeps its error).
 */
export function damagedFileError(error: unknown, dataDir: string): FaultlineError | undefined {
  if (error instanceof FaultlineError && error.type === 'damaged') return error;
  const file = damagedFile(error, dataDir);
  if (!file) return undefined;
  const message = (error as Error)?.message ?? String(error);
  // Worded at start-up already (the open's own message and advice), or worded there once the
  // pipeline's start fails (core.ts, eventIndexOpenError).
  if (/from a backup/.test(message)) return new FaultlineError('damaged', message);
  if (message.startsWith('cannot open the ')) return undefined;
  return new FaultlineError('damaged', `${file} is damaged (${message}). ${damageAdvice(file)}`);
}

/** `error` worded by damagedFileError when it is a damaged file, else `error` itself. */
export function withDamageNamed(error: unknown, dataDir: string): unknown {
  return damagedFileError(error, dataDir) ?? error;
}

/**
 * A SnQL error body (Snuba's `{type, message}`, which has no `damaged` type) with a damaged file
 * named: the engine's error becomes `internal` with damagedFileError's message.
 */
export function bodyWithDamageNamed<T extends { type: string; message: string }>(
  body: T,
  dataDir: string,
): T | { type: 'internal'; message: string } {
  const damaged = damagedFileError(new Error(body.message), dataDir);
  return damaged ? { type: 'internal', message: damaged.message } : body;
}

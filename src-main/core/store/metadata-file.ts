/**
 * A data dir whose metadata database is missing or empty while its other files hold data. Opened
 * as is, SQLite would create a new faultline.sqlite with a new project 1 and a new key (so a new
 * DSN), and the event index's rows (group 1, 2, …) would be counted under the new, unrelated
 * issues that get those ids. Only a data dir without data starts a new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { EVENT_INDEX_FILE } from '../pipeline/paths.ts';

const METADATA_FILE = 'faultline.sqlite';
const QUEUE_FILE = 'queue.sqlite';

/** Bytes of `file`, or undefined when it does not exist. */
function sizeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether the queue file holds envelopes (a file that cannot be read counts as holding some). */
function queueHasRows(file: string): boolean {
  if (!sizeOf(file)) return false;
  let db: Database.Database | undefined;
  try {
    // Not read-only: a read-only connection leaves -wal and -shm files behind. Read and closed, the
    // file is left as it was (its WAL, if a crash left one, is copied back into it).
    db = new Database(file, { fileMustExist: true });
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ingest_queue'")
      .get();
    return table !== undefined && db.prepare('SELECT 1 FROM ingest_queue LIMIT 1').get() !== undefined;
  } catch {
    return true;
  } finally {
    db?.close();
  }
}

/** The files of `dataDir` that hold data a new metadata database would not know. */
function filesWithData(dataDir: string): string[] {
  const index = path.join(dataDir, EVENT_INDEX_FILE);
  const files: string[] = [];
  if ((sizeOf(index) ?? 0) > 0 || (sizeOf(`${index}.wal`) ?? 0) > 0) files.push(EVENT_INDEX_FILE);
  if (queueHasRows(path.join(dataDir, QUEUE_FILE))) files.push(`${QUEUE_FILE} (envelopes not yet processed)`);
  return files;
}

/**
 * Throws, naming the file and what to do, when `dataDir`'s faultline.sqlite is missing or empty
 * while the event index or the queue holds data. Reads only; costs a stat when the file is there.
 */
export function checkMetadataFile(dataDir: string): void {
  const file = path.join(dataDir, METADATA_FILE);
  const size = sizeOf(file);
  if (size !== undefined && size > 0) return;
  // An empty file whose WAL holds its pages is a database SQLite reads.
  if (size === 0 && (sizeOf(`${file}-wal`) ?? 0) > 0) return;
  const others = filesWithData(dataDir);
  if (others.length === 0) return;
  const state = size === undefined ? 'missing' : 'empty (0 bytes)';
  throw new FaultlineError(
    'damaged',
    `cannot open the metadata database ${file}: it is ${state}, but ${others.join(' and ')} in the same data dir ` +
      'hold data that belongs to it (their events refer to its projects and issues); nothing was changed. ' +
      `Restore ${METADATA_FILE} from a backup, or start the data dir over: move ${EVENT_INDEX_FILE} ` +
      `(with ${EVENT_INDEX_FILE}.wal) and ${QUEUE_FILE} out of ${dataDir} as well: new ones are then ` +
      'created, with new projects and keys, so new DSNs, and no issues or events',
  );
}

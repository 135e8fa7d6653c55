/**
 * Whether Faultline can write its data dir, said before anything opens a file there. Without this
 * check a read-only data dir surfaced as SQLite's own words, without a path ("attempt to write a
 * readonly database", "unable to open database file"), or as the pipeline worker's stack trace
 * for a read-only events.duckdb. The commands that only read (query, export) do not call it: they
 * read a read-only data dir as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EVENT_INDEX_FILE } from '../pipeline/paths.ts';
import { ATTACHMENTS_DIR } from './attachments.ts';
import { LOCK_FILE } from './data-dir-lock.ts';
import { QUEUE_FILE } from './queue-db.ts';
import { SQLITE_FILE } from './sqlite.ts';

/** The files and folders of a data dir that a running Faultline writes to, when they exist. */
function writtenFiles(): string[] {
  return [
    LOCK_FILE,
    ...[SQLITE_FILE, QUEUE_FILE].flatMap((file) => [file, `${file}-wal`, `${file}-shm`]),
    EVENT_INDEX_FILE,
    `${EVENT_INDEX_FILE}.wal`,
    ATTACHMENTS_DIR,
  ];
}

/** Why the file system refuses a write, from the error code of one it refused; else undefined. */
function refusal(code: string | undefined): 'permission' | 'read-only' | undefined {
  if (code === 'EACCES' || code === 'EPERM') return 'permission';
  if (code === 'EROFS') return 'read-only';
  return undefined;
}

/** Why this process cannot write `target`, or undefined when it can (or it does not exist). */
function writeRefusal(target: string): 'permission' | 'read-only' | undefined {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return undefined;
  } catch (error) {
    return refusal((error as NodeJS.ErrnoException).code);
  }
}

/** The nearest folder of `dir` (itself or an ancestor) that exists. */
function nearestExisting(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

const WHY: Readonly<Record<'permission' | 'read-only', string>> = {
  permission: 'is not writable by you (permission denied)',
  'read-only': 'is on a read-only file system',
};

/** What to do about a data dir (or one of its files) that cannot be written. */
function whatToDo(dataDir: string, why: 'permission' | 'read-only'): string {
  const fix =
    why === 'permission'
      ? `make it writable for you (chmod -R u+w ${dataDir}, or chown it to your user)`
      : 'remount its file system read-write, or copy the data dir to a writable disk';
  // Only a data dir that holds data has anything to read.
  const readers = fs.existsSync(path.join(dataDir, 'faultline.sqlite'))
    ? "; 'faultline query' and 'faultline export' read it as it is"
    : '';
  return `Faultline writes its databases there: ${fix}, or pass another --data-dir${readers}`;
}

/**
 * Creates the data dir when it is missing and throws a message naming the path and what to do
 * when the dir, or a file in it that Faultline writes, cannot be written.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const parent = nearestExisting(dataDir);
    // A recursive mkdir reports the first mkdir's error: ENOENT, not EROFS, for a missing dir two
    // levels under a read-only mount. The folder it would be made in says why.
    const why = refusal((error as NodeJS.ErrnoException).code) ?? writeRefusal(parent);
    if (why && parent !== path.resolve(dataDir))
      throw new Error(
        `cannot create the data dir ${dataDir}: ${parent} ${WHY[why]}. ` +
          (why === 'permission'
            ? `Create ${dataDir} yourself, as a folder you can write to, or pass a --data-dir in a folder you can write to`
            : 'Pass a --data-dir on a writable file system'),
      );
    throw new Error(
      `cannot use the data dir ${dataDir}: ${(error as Error).message}. It must be a directory you can write to (or one that can be created): fix it, or pass another --data-dir`,
    );
  }
  const dirRefusal = writeRefusal(dataDir);
  if (dirRefusal)
    throw new Error(
      `cannot use the data dir ${dataDir}: it ${WHY[dirRefusal]}. ${whatToDo(dataDir, dirRefusal)}`,
    );
  for (const name of writtenFiles()) {
    const file = path.join(dataDir, name);
    const why = writeRefusal(file);
    if (why)
      throw new Error(`cannot use the data dir ${dataDir}: ${file} ${WHY[why]}. ${whatToDo(dataDir, why)}`);
  }
}

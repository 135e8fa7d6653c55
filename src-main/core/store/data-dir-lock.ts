/**
 * One Faultline per data dir. Two processes on one dir would both take envelopes into the queue,
 * but only one can open the DuckDB event index: the second one's pipeline failed after it had
 * said it was running, and it had replaced the first one's server.json. The lock is an exclusive
 * SQLite lock on `DATA_DIR/faultline.lock`, an OS file lock that ends with its process (a killed
 * server leaves nothing stale behind, whatever its pid is reused for).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { prepareDataDir } from './data-dir-access.ts';

export const LOCK_FILE = 'faultline.lock';

export interface DataDirLock {
  release(): void;
}

/** The running server server.json names, for the message (best effort: it may be missing). */
function holder(dataDir: string): string {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as {
      pid?: unknown;
      url?: unknown;
    };
    if (typeof info.pid === 'number')
      return ` (pid ${info.pid}${typeof info.url === 'string' ? `, ${info.url}` : ''})`;
  } catch {
    // No server.json: a desktop app, a CLI import, or a server that has not written it yet.
  }
  return '';
}

/** Takes the file's exclusive lock: BEGIN EXCLUSIVE takes it and it is kept while `db` stays open. */
function takeLock(db: Database.Database): void {
  db.pragma('locking_mode = EXCLUSIVE');
  db.exec('BEGIN EXCLUSIVE');
}

/** Takes the data dir's lock or throws a `conflict` error naming who holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  prepareDataDir(dataDir);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 0 });
  } catch (error) {
    throw new Error(
      `cannot use the data dir ${dataDir}: ${(error as Error).message}. It must be a directory you can write to (or one that can be created): fix it, or pass another --data-dir`,
    );
  }
  try {
    takeLock(db);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new FaultlineError(
        'conflict',
        `another Faultline${holder(dataDir)} is using the data dir ${dataDir}: stop it, or pass another --data-dir`,
      );
    throw error;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

/**
 * Whether a process holds the data dir's lock (a server, the desktop app, an import). Creates
 * nothing: a dir without the lock file has never had a running Faultline of this version.
 */
export function dataDirLocked(dataDir: string): boolean {
  const file = path.join(dataDir, LOCK_FILE);
  if (!fs.existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0, fileMustExist: true });
    takeLock(db);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    db?.close();
  }
}

/** Opening one SQLite file of a data dir: the pragmas every connection sets, and its migrations. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Migration } from './migrations.ts';

export type SqliteDb = Database.Database;

export interface SqliteOptions {
  readonly?: boolean;
  /**
   * FULL (the default): a commit is on disk before it returns.
   * NORMAL: the commit survives a crash of the process but not of the machine; for the pipeline,
   * whose every transaction also marks its queue rows processed, so a lost commit is replayed.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * Pages freed by deletes can be given back to the file system (`PRAGMA incremental_vacuum`).
   * Takes effect only when the file is created.
   */
  incrementalVacuum?: boolean;
  /** Bytes the WAL file is cut back to after SQLite starts it over (`journal_size_limit`). */
  walSizeLimit?: number;
  /**
   * Pages of WAL after which a commit of this connection copies the WAL back into the database
   * (`wal_autocheckpoint`; SQLite's default 1,000). Whichever connection commits past it does the copy.
   */
  walAutocheckpoint?: number;
}

/** Opens (creating it unless read-only) one SQLite file of a data dir and applies its migrations. */
export function openDatabase(
  file: string,
  what: string,
  migrations: readonly Migration[],
  options: SqliteOptions = {},
): SqliteDb {
  let db: SqliteDb | undefined;
  try {
    if (options.readonly) return openReadOnly(file);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    // Statement and savepoint journals (every nested transaction has one) in memory: in files
    // under /var/tmp they were written for every page a savepoint touched, ~10 KB an event in
    // the pipeline (measured with strace), for nothing a crash could use.
    db.pragma('temp_store = MEMORY');
    // Before anything creates the file's first page in WAL mode, or it has no effect.
    // Only then: on an existing file the pragma is a write (it bumped the file's change counter),
    // and a start that stops on another file's damage must leave this one as it was.
    if (options.incrementalVacuum && db.pragma('page_count', { simple: true }) === 0)
      db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    if (options.walSizeLimit !== undefined) db.pragma(`journal_size_limit = ${options.walSizeLimit}`);
    if (options.walAutocheckpoint !== undefined)
      db.pragma(`wal_autocheckpoint = ${options.walAutocheckpoint}`);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (error) {
    db?.close();
    throw new Error(`cannot open the ${what} ${file}: ${(error as Error).message}${advice(file, error)}`);
  }
  return db;
}

/** Opens `file` read-only, with the pragmas every connection sets. */
function openReadOnlyAt(file: string): SqliteDb {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A read-only connection, also to a file in a folder the user cannot write (a read-only data dir,
 * which `query` and `export` read). SQLite reads a WAL database only with its -shm file beside it,
 * and cannot create that file there: the first read failed with SQLITE_READONLY_DIRECTORY (no
 * permission) or SQLITE_CANTOPEN (read-only file system). better-sqlite3 is built without URI file
 * names, so SQLite's `immutable=1` is not at hand: a private copy of the file (and of its WAL) in
 * the temp folder is read instead, and removed when the connection closes or the process exits.
 */
function openReadOnly(file: string): SqliteDb {
  const db = openReadOnlyAt(file);
  try {
    // Opening reads no page: the first read is what needs the -shm file.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Any other failure (a damaged page) is left to the read that meets it, which names it.
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') return db;
    db.close();
  }
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-read-only-'));
  const remove = () => fs.rmSync(copyDir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    const copy = path.join(copyDir, path.basename(file));
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const copied = openReadOnlyAt(copy);
    const close = copied.close.bind(copied);
    copied.close = () => {
      close();
      remove();
      process.removeListener('exit', remove);
      return copied;
    };
    return copied;
  } catch (error) {
    remove();
    process.removeListener('exit', remove);
    throw error;
  }
}

/**
 * An error met while reading a file that opened (a read-only open reads no page): when the file is
 * damaged, it is named with what to do, as when opening it; other errors pass unchanged.
 */
export function sqliteReadError(db: SqliteDb, what: string, error: unknown): unknown {
  if (!isDamaged(error)) return error;
  return new Error(
    `cannot read the ${what} ${db.name}: ${(error as Error).message}${advice(db.name, error)}`,
  );
}

function isDamaged(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

/** What starting over without a damaged file costs, by file. */
const WITHOUT: Readonly<Record<string, string>> = {
  'faultline.sqlite':
    'new ones are then created, with new projects and keys, so new DSNs, and no issues or events',
  'queue.sqlite':
    'a new, empty queue is then created; envelopes acknowledged but not yet processed stay in the old file',
};

/**
 * What must go with a damaged file: the event index and the queue refer to faultline.sqlite's
 * projects and issues (a new faultline.sqlite beside them is refused, see metadata-file.ts).
 */
const WITH: Readonly<Record<string, string>> = {
  'faultline.sqlite': ', with events.duckdb (and events.duckdb.wal) and queue.sqlite, which hold its events,',
};

/** What the user can do about an error opening `file`. */
function advice(file: string, error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (isDamaged(error)) {
    const base = path.basename(file);
    const without = WITHOUT[base] ?? 'a new one is then created';
    return `. The file is damaged or not Faultline's; nothing was changed. Restore it from a backup, or move ${base} and its -wal and -shm files${WITH[base] ?? ''} out of ${path.dirname(file)}: ${without}`;
  }
  if (code === 'SQLITE_BUSY') return '. Another process holds it locked: stop it and try again';
  if (/^(SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL)|E(ACCES|PERM|ROFS|NOSPC))/.test(code))
    return `. Check that ${path.dirname(file)} and its files are writable by you and that the disk has space`;
  return '';
}

/** Applies every migration not yet recorded, each in its own transaction, in list order. */
export function migrate(db: SqliteDb, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
      .all()
      .map((row) => row.name),
  );
  // A newer Faultline's changes: this version would read and write the file without knowing them.
  const known = new Set(migrations.map((migration) => migration.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new Error(
      `it was written by a newer version of Faultline (its schema has ${unknown.join(', ')}, which this version does not know); nothing was changed. Run that version or a newer one`,
    );
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name, Date.now());
    })();
  }
}

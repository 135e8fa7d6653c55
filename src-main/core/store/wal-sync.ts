/**
 * Flushing a WAL database's commits to disk apart from the commits themselves. A connection with
 * synchronous=NORMAL commits by writing its frames to the `-wal` file and returns at once (nothing
 * is synced); an fdatasync of that file started afterwards makes those frames, and every frame
 * written before them, durable. Done this way, a commit holds the write lock only for its writes,
 * not for the fsync (which, with the pipeline writing to the same disk, took 4-15 ms at the p99
 * here), and the next commit need not wait for the previous one's fsync: several run at once.
 *
 * Open it only while a connection of its own holds the database open: SQLite deletes the WAL when
 * the last connection closes, and this descriptor must see the file SQLite writes (it checks).
 */
import fs from 'node:fs';

export class WalFile {
  readonly path: string;
  #fd: number | undefined;

  /** `databaseFile`: the database's own path; its WAL is beside it. */
  constructor(databaseFile: string) {
    this.path = `${databaseFile}-wal`;
  }

  /** Blocks until every frame written so far is on disk. */
  syncNow(): void {
    fs.fdatasyncSync(this.#descriptor());
  }

  /** Flushes every frame written so far, on libuv's thread pool; `done` runs on this thread. */
  sync(done: (error: Error | null) => void): void {
    let fd: number;
    try {
      fd = this.#descriptor();
    } catch (error) {
      queueMicrotask(() => done(error as Error));
      return;
    }
    fs.fdatasync(fd, (error) => done(error));
  }

  close(): void {
    if (this.#fd !== undefined) fs.closeSync(this.#fd);
    this.#fd = undefined;
  }

  #descriptor(): number {
    this.#fd ??= fs.openSync(this.path, 'r+');
    if (fs.fstatSync(this.#fd).nlink === 0) throw new Error(`${this.path} was removed while in use`);
    return this.#fd;
  }
}

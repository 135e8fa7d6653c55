/**
 * The durable ingest queue on its real SQLite file: group commit, bounds, restart, and draining
 * from a second connection with claimBatch/ack and leases.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACK_STEP_ROWS,
  IngestQueue,
  IngestQueueConsumer,
  type QueueEntry,
} from '../../../src-main/core/store/queue.ts';
import { openQueueDb } from '../../../src-main/core/store/queue-db.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';

const open: SqliteDb[] = [];
function database(dir: string): SqliteDb {
  const db = openQueueDb(dir);
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

const queueDir = () => tempDir('faultline-queue-');

function entry(n: number, size = 10): QueueEntry {
  return {
    projectId: 1,
    keyId: 1,
    route: 'envelope',
    eventId: n.toString(16).padStart(32, '0'),
    receivedAt: 1_700_000_000_000 + n,
    clientIp: '127.0.0.1',
    userAgent: 'test',
    origin: null,
    sentryClient: 'test/1',
    envelope: Buffer.alloc(size, n % 256),
  };
}

describe('IngestQueue', () => {
  it('commits everything enqueued in one event-loop turn in one transaction, then resolves each', async () => {
    const db = database(queueDir());
    const queue = new IngestQueue(db);
    let commits = 0;
    queue.onCommit(() => {
      commits++;
    });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => queue.enqueue(entry(i + 1))));
    expect(commits).toBe(1);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(50);
    expect(queue.stats()).toMatchObject({ depth: 50, bytes: 500, claimed: 0, enqueuedTotal: 50 });
  });

  it('is durable: rows and counters survive closing and reopening the database', async () => {
    const dir = queueDir();
    const first = database(dir);
    const queue = new IngestQueue(first);
    await Promise.all([1, 2, 3].map((n) => queue.enqueue(entry(n))));
    queue.close();
    first.close();
    await expect(queue.enqueue(entry(4))).rejects.toThrow('closed');

    const reopened = new IngestQueue(database(dir));
    expect(reopened.stats()).toMatchObject({ depth: 3, bytes: 30, enqueuedTotal: 3 });
    expect(reopened.stats().oldestReceivedAt).toBe(new Date(1_700_000_000_001).toISOString());
  });

  it('starts its writer thread ahead of the first envelope, and closes with no envelope written', async () => {
    const dir = queueDir();
    const idle = new IngestQueue(database(dir));
    idle.startWriter();
    const closing = performance.now();
    idle.close();
    // close() waits for the thread (bounded): a started thread that was never written to must answer it.
    expect(performance.now() - closing).toBeLessThan(4000);

    const queue = new IngestQueue(database(dir));
    queue.startWriter();
    await expect(queue.enqueue(entry(1))).resolves.toBeGreaterThan(0);
    queue.close();
    await expect(queue.enqueue(entry(2))).rejects.toThrow('closed');
    expect(new IngestQueue(database(dir)).stats()).toMatchObject({ depth: 1, enqueuedTotal: 1 });
  });

  it('reports no room once rows or bytes would pass the bounds, counting what is still pending', async () => {
    const db = database(queueDir());
    const queue = new IngestQueue(db, { maxRows: 2, maxBytes: 25 });
    expect(queue.hasRoomFor(10)).toBe(true);
    const pending = queue.enqueue(entry(1));
    expect(queue.hasRoomFor(16)).toBe(false);
    expect(queue.hasRoomFor(15)).toBe(true);
    await pending;
    await queue.enqueue(entry(2));
    expect(queue.hasRoomFor(1)).toBe(false);
  });

  it('has room again once the pipeline drained a full queue, with no commit in between', async () => {
    const dir = queueDir();
    const db = database(dir);
    const queue = new IngestQueue(db, { maxRows: 2 });
    await queue.enqueue(entry(1));
    await queue.enqueue(entry(2));
    expect(queue.hasRoomFor(1)).toBe(false);
    // The pipeline, on its own connection, takes both rows: ingest committed nothing since.
    const consumer = new IngestQueueConsumer(database(dir));
    const rows = consumer.claimBatch(10);
    expect(rows).toHaveLength(2);
    consumer.ack(rows.map((row) => row.id));
    expect(queue.hasRoomFor(1)).toBe(true);
    await queue.enqueue(entry(3));
    expect(queue.stats().depth).toBe(1);
  });
});

describe('IngestQueueConsumer on another connection', () => {
  it('claims oldest first, never hands out a leased row twice, and ack deletes', async () => {
    const dir = queueDir();
    const queue = new IngestQueue(database(dir));
    await Promise.all([1, 2, 3, 4, 5].map((n) => queue.enqueue(entry(n))));
    const consumer = new IngestQueueConsumer(database(dir));

    const first = consumer.claimBatch(3);
    expect(first.map((row) => row.eventId)).toEqual([1, 2, 3].map((n) => n.toString(16).padStart(32, '0')));
    expect(first[0]).toMatchObject({
      projectId: 1,
      keyId: 1,
      route: 'envelope',
      clientIp: '127.0.0.1',
      attempts: 1,
    });
    expect(first[0]!.envelope.equals(entry(1).envelope)).toBe(true);
    const second = consumer.claimBatch(10);
    expect(second.map((row) => row.id)).toEqual([first[2]!.id + 1, first[2]!.id + 2]);
    expect(consumer.claimBatch(10)).toEqual([]);
    expect(queue.stats()).toMatchObject({ depth: 5, claimed: 5 });

    consumer.ack(first.map((row) => row.id));
    expect(queue.stats()).toMatchObject({ depth: 2, claimed: 2, bytes: 20 });
    consumer.release([second[0]!.id]);
    expect(consumer.claimBatch(10).map((row) => row.id)).toEqual([second[0]!.id]);
  });

  it('hands rows out again when a lease expires (a consumer crashed)', async () => {
    const dir = queueDir();
    const queue = new IngestQueue(database(dir));
    await queue.enqueue(entry(1));
    const consumer = new IngestQueueConsumer(database(dir), { leaseMs: 1000 });
    const now = Date.now();
    expect(consumer.claimBatch(10, now)).toHaveLength(1);
    expect(consumer.claimBatch(10, now + 500)).toHaveLength(0);
    const retried = consumer.claimBatch(10, now + 1500);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.attempts).toBe(2);
  });

  it('ack inside the consumer’s own transaction commits or rolls back with it', async () => {
    const dir = queueDir();
    const queue = new IngestQueue(database(dir));
    await Promise.all([1, 2].map((n) => queue.enqueue(entry(n))));
    const db = database(dir);
    const consumer = new IngestQueueConsumer(db);
    const rows = consumer.claimBatch(10);
    expect(() =>
      db.transaction(() => {
        consumer.ack([rows[0]!.id]);
        throw new Error('processing failed');
      })(),
    ).toThrow('processing failed');
    expect(queue.stats().depth).toBe(2);
    db.transaction(() => consumer.ack(rows.map((row) => row.id)))();
    expect(queue.stats().depth).toBe(0);
  });
});

describe('ack of many rows', () => {
  it('deletes them in transactions of ACK_STEP_ROWS, so ingest can commit between them', async () => {
    const dir = queueDir();
    const queue = new IngestQueue(database(dir));
    const total = ACK_STEP_ROWS * 2 + 50;
    await Promise.all(Array.from({ length: total }, (_, i) => queue.enqueue(entry(i + 1))));
    const db = database(dir);
    // The metadata database, where the pipeline marks the rows it processed.
    const processed = openSqlite(queueDir());
    open.push(processed);
    const consumer = new IngestQueueConsumer(db, { processedIn: processed });
    const ids = consumer.claimBatch(total).map((row) => row.id);
    processed.transaction(() => consumer.markProcessed(ids))();

    // A delete that fails in the second step: the first step's transaction is committed already.
    const failAt = ids[ACK_STEP_ROWS + 10]!;
    db.exec(`CREATE TEMP TRIGGER fail_once BEFORE DELETE ON main.ingest_queue WHEN OLD.id = ${failAt}
      BEGIN SELECT RAISE(ABORT, 'disk went away'); END`);
    expect(() => consumer.ack(ids)).toThrow('disk went away');
    expect(queue.stats().depth).toBe(total - ACK_STEP_ROWS);
    // The rows left keep their marks: claimed again, they come back flagged processed.
    expect(processed.prepare('SELECT count(*) FROM ingest_queue_processed').pluck().get()).toBe(total);
    consumer.recover();
    const again = consumer.claimBatch(total);
    expect(again.map((row) => row.id)).toEqual(ids.slice(ACK_STEP_ROWS));
    expect(again.every((row) => row.processed)).toBe(true);

    db.exec('DROP TRIGGER fail_once');
    consumer.ack(again.map((row) => row.id));
    expect(queue.stats()).toMatchObject({ depth: 0, bytes: 0, claimed: 0 });
    expect(processed.prepare('SELECT count(*) FROM ingest_queue_processed').pluck().get()).toBe(0);
  });
});

describe('ack after the pipeline commits that are not synced', () => {
  it("syncs the metadata database's WAL before it deletes a row", async () => {
    const dir = queueDir();
    const queue = new IngestQueue(database(dir));
    await Promise.all([1, 2, 3].map((n) => queue.enqueue(entry(n))));
    const db = database(dir);
    // As the pipeline opens it: commits return before their WAL frames reach the disk.
    const processed = openSqlite(queueDir(), { synchronous: 'NORMAL' });
    open.push(processed);
    const consumer = new IngestQueueConsumer(db, { processedIn: processed });
    const ids = consumer.claimBatch(10).map((row) => row.id);
    processed.transaction(() => consumer.markProcessed(ids))();

    // Each sync: the file it flushed, and how many rows the queue still held then.
    const syncs: Array<{ file: string; depth: number }> = [];
    const sync = fs.fdatasyncSync;
    const spy = vi.spyOn(fs, 'fdatasyncSync').mockImplementation((fd) => {
      syncs.push({ file: fs.readlinkSync(`/proc/self/fd/${fd}`), depth: queue.stats().depth });
      sync(fd);
    });
    try {
      consumer.ack(ids);
    } finally {
      spy.mockRestore();
      consumer.close();
    }
    expect(queue.stats().depth).toBe(0);
    expect(syncs[0]).toEqual({ file: `${processed.name}-wal`, depth: 3 });
    // Then the queue's own WAL, with the rows deleted.
    expect(syncs.at(-1)).toEqual({ file: `${db.name}-wal`, depth: 0 });
  });
});

describe('the queue file after a burst', () => {
  it('gives the space back once every row is processed, not while rows wait', async () => {
    const dir = queueDir();
    const queue = new IngestQueue(database(dir));
    await Promise.all(Array.from({ length: 3000 }, (_, i) => queue.enqueue(entry(i + 1, 8000))));
    const db = database(dir);
    const consumer = new IngestQueueConsumer(db);
    const pages = () => db.pragma('page_count', { simple: true }) as number;
    const full = pages();
    expect(full).toBeGreaterThan(6000);

    const rows = consumer.claimBatch(5000);
    consumer.ack(rows.slice(0, 2999).map((row) => row.id));
    // One row still waits: freed pages are kept for the next envelopes.
    expect(consumer.shrink()).toBe(false);
    expect(pages()).toBeGreaterThanOrEqual(full);

    consumer.ack([rows[2999]!.id]);
    let steps = 0;
    while (consumer.shrink()) steps++;
    expect(steps).toBeGreaterThan(1);
    expect(pages()).toBeLessThan(2560);
    // On disk too: the database file and its WAL.
    const bytes = ['', '-wal'].reduce((sum, suffix) => sum + fs.statSync(`${db.name}${suffix}`).size, 0);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
    // And the queue works as before.
    await queue.enqueue(entry(1));
    expect(consumer.claimBatch(10)).toHaveLength(1);
  });
});

/**
 * Retention in a real data dir: events sent over HTTP with timestamps in the past, then the
 * retention days (or the size limit) lowered through the API, and the sweep run in the worker.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { DataUsage, RetentionResult } from '../../../src-shared/settings-api.ts';
import type { SnqlResponse } from '../../../src-shared/snql-api.ts';
import { coreForEachTest } from '../../support/core.ts';
import { call, DAY_MS, listed, sendEvents } from './send.ts';

const start = coreForEachTest();

const MIB = 1024 * 1024;
const count = (c: Core, sql: string): number => (c.ctx.db.prepare(sql).get() as { n: number }).n;

function attachmentFile(c: Core, bytes: Buffer): string {
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  return path.join(c.ctx.dataDir, 'attachments', sha.slice(0, 2), sha.slice(2));
}

/**
 * A new DuckDB read connection sometimes sees the latest batch only a moment after the pipeline
 * reports it drained (a lag of the event index, not of retention): poll.
 */
const POLL = { timeout: 5000, interval: 100 };

async function indexedEvents(c: Core): Promise<number> {
  const from = new Date(Date.now() - 60 * DAY_MS).toISOString().slice(0, 19);
  const to = new Date(Date.now() + DAY_MS).toISOString().slice(0, 19);
  const response: SnqlResponse = await call(c, 'snql.query', {
    query: `MATCH (events) SELECT event_id WHERE project_id = 1 AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') LIMIT 1000`,
  });
  if ('error' in response) throw new Error(response.error.message);
  return response.data.length;
}

describe('retention by age', () => {
  it('deletes events older than the retention days everywhere and recounts what is left', async () => {
    const c = await start();
    const now = Date.now();
    const old = now - 10 * DAY_MS;
    const oldOnly = crypto.randomBytes(4096);
    const shared = crypto.randomBytes(2048);
    await sendEvents(c, [
      { type: 'OldError', value: 'a', at: old, attachment: oldOnly },
      { type: 'OldError', value: 'b', at: old + 60_000 },
      { type: 'MixedError', value: 'c', at: old, attachment: shared },
      { type: 'MixedError', value: 'd', at: now - 60_000, attachment: shared },
      { type: 'FreshError', value: 'e', at: now - 30_000 },
    ]);
    // Each issue is named by its latest event, as in Sentry.
    expect(await listed(c)).toEqual({ 'OldError: b': 2, 'MixedError: d': 2, 'FreshError: e': 1 });
    await expect.poll(() => indexedEvents(c), POLL).toBe(5);
    expect(fs.existsSync(attachmentFile(c, oldOnly))).toBe(true);

    await call(c, 'settings.update', { retentionDays: 5 });
    // The update started a sweep; this one runs after it in the worker, so both are done here.
    const again = await c.ctx.pipeline.call<RetentionResult>('retention.sweep', {});
    expect(again.expiredEvents).toBe(0);

    const issues = await listed(c);
    expect(Object.values(issues)).toEqual([1, 1]);
    expect(Object.keys(issues).sort()).toEqual(
      ['FreshError: e', expect.stringMatching(/^MixedError: /)].sort(),
    );
    expect(count(c, 'SELECT count(*) AS n FROM events')).toBe(2);
    expect(count(c, 'SELECT count(*) AS n FROM nodestore')).toBe(2);
    expect(count(c, 'SELECT count(*) AS n FROM attachments')).toBe(1);
    expect(count(c, "SELECT count(*) AS n FROM groups WHERE title LIKE 'OldError%'")).toBe(0);
    await expect.poll(() => indexedEvents(c), POLL).toBe(2);
    // The old event's own file is gone; the file the fresh event still uses stays.
    expect(fs.existsSync(attachmentFile(c, oldOnly))).toBe(false);
    expect(fs.existsSync(attachmentFile(c, shared))).toBe(true);
    const mixed = c.ctx.db
      .prepare("SELECT first_seen, users_seen FROM groups WHERE title LIKE 'MixedError%'")
      .get() as { first_seen: number; users_seen: number };
    expect(mixed.first_seen).toBeGreaterThan(now - 5 * DAY_MS);
    expect(mixed.users_seen).toBe(1);
  });

  it('an event sent again after its issue expired opens a new issue', async () => {
    const c = await start();
    await sendEvents(c, [{ type: 'OldError', value: 'a', at: Date.now() - 10 * DAY_MS }]);
    await call(c, 'settings.update', { retentionDays: 3 });
    await c.ctx.pipeline.call('retention.sweep', {});
    expect(await listed(c)).toEqual({});
    await sendEvents(c, [{ type: 'OldError', value: 'again', at: Date.now() }]);
    expect(await listed(c)).toEqual({ 'OldError: again': 1 });
  });
});

describe('retention by size', () => {
  it('over the size limit, deletes the oldest events until the data fits', async () => {
    const c = await start();
    const now = Date.now();
    // Ten events, each with 1 MiB of its own attachment: the attachments dominate the size (the
    // databases grow in blocks of 256 KiB, which would blur a smaller test).
    const ids = await sendEvents(
      c,
      Array.from({ length: 10 }, (_, i) => ({
        type: `SizeError${i}`,
        value: `n${i}`,
        at: now - (10 - i) * 60_000,
        attachment: crypto.randomBytes(MIB),
      })),
    );
    const atDefault = await c.ctx.pipeline.call<RetentionResult>('retention.sweep', {});
    expect(atDefault.evictedEvents + atDefault.expiredEvents).toBe(0);
    const before = await c.ctx.pipeline.call<DataUsage>('retention.usage', {});
    expect(before.events).toBe(10);
    expect(before.attachmentBytes).toBe(10 * MIB);
    // Room for about six of the ten attachments, besides the databases.
    const limit = before.totalBytes - 4 * MIB - MIB / 4;

    await call(c, 'settings.update', { maxSizeBytes: limit });
    const result = await c.ctx.pipeline.call<RetentionResult>('retention.sweep', {});
    const view = await call(c, 'settings.get', {});
    expect(view.usage?.totalBytes).toBeLessThanOrEqual(limit);
    expect(result.usage.totalBytes).toBeLessThanOrEqual(limit);
    // What the files take on disk is shown too: the deleted events' pages stay in them, for reuse.
    const files = ['faultline.sqlite', 'queue.sqlite', 'events.duckdb']
      .map((name) => fs.statSync(path.join(c.ctx.dataDir, name)).size)
      .reduce((a, b) => a + b, 0);
    expect(view.usage?.diskBytes).toBeGreaterThanOrEqual(files + (view.usage?.attachmentBytes ?? 0));
    expect(view.usage?.diskBytes).toBeGreaterThan(view.usage?.totalBytes ?? 0);

    const kept = (c.ctx.db.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map(
      (row) => row.event_id,
    );
    // The oldest went first: what is left is the newest, and at least half of them.
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.length).toBeLessThan(10);
    expect(new Set(kept)).toEqual(new Set(ids.slice(10 - kept.length)));
    expect(
      fs
        .readdirSync(path.join(c.ctx.dataDir, 'attachments'))
        .flatMap((dir) => fs.readdirSync(path.join(c.ctx.dataDir, 'attachments', dir))),
    ).toHaveLength(kept.length);
    await expect.poll(() => indexedEvents(c), POLL).toBe(kept.length);
  });
});

describe('retention interrupted', () => {
  it('a sweep stopped while settling the issues deletes nothing in SQLite; the next one deletes it all', async () => {
    const c = await start();
    const old = Date.now() - 10 * DAY_MS;
    await sendEvents(c, [
      { type: 'GoneError', value: 'a', at: old },
      { type: 'GoneError', value: 'b', at: old + 60_000 },
    ]);
    // Stands in for a crash after the events' rows are deleted and before their issue is settled.
    c.ctx.db.exec(
      "CREATE TRIGGER stop_sweep BEFORE DELETE ON groups BEGIN SELECT RAISE(ABORT, 'stopped'); END",
    );
    // 35 days on, past the default 30 days' retention.
    const now = Date.now() + 25 * DAY_MS;
    await expect(c.ctx.pipeline.call('retention.sweep', { now })).rejects.toThrow(/stopped/);
    // No issue counts events that are gone.
    const [group] = c.ctx.db.prepare('SELECT id, times_seen FROM groups').all() as Array<{
      id: number;
      times_seen: number;
    }>;
    expect(group?.times_seen).toBe(
      count(c, `SELECT count(*) AS n FROM events WHERE group_id = ${group?.id}`),
    );
    c.ctx.db.exec('DROP TRIGGER stop_sweep');
    const result = await c.ctx.pipeline.call<RetentionResult>('retention.sweep', { now });
    expect(result.deletedGroups).toBe(1);
    expect(count(c, 'SELECT count(*) AS n FROM groups')).toBe(0);
    expect(count(c, 'SELECT count(*) AS n FROM events')).toBe(0);
  });

  it('attachment files a crash left without a row (or half written) are deleted by the next sweep', async () => {
    const c = await start();
    const kept = crypto.randomBytes(2048);
    await sendEvents(c, [{ type: 'KeptError', value: 'a', at: Date.now(), attachment: kept }]);
    const orphan = attachmentFile(c, crypto.randomBytes(64));
    const halfWritten = `${attachmentFile(c, crypto.randomBytes(64))}.4242.tmp`;
    for (const file of [orphan, halfWritten]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'left by a crash');
    }
    const result = await c.ctx.pipeline.call<RetentionResult>('retention.sweep', {});
    expect(result.deletedAttachmentFiles).toBe(2);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(halfWritten)).toBe(false);
    expect(fs.readFileSync(attachmentFile(c, kept))).toEqual(kept);
  });
});

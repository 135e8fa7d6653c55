import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import { createCheckpointScheduler } from '../../../src-main/core/store/duckdb/checkpoint.ts';
import {
  deleteGroups,
  mergeGroups,
  replaceGroup,
  tombstoneEvents,
  unmergeHashes,
} from '../../../src-main/core/store/duckdb/errors_replacer.ts';
import { type ErrorsRow, eventToErrorsRow } from '../../../src-main/core/store/duckdb/errors_row.ts';
import {
  batchOf,
  type ErrorsLine,
  writeErrorsBatch,
} from '../../../src-main/core/store/duckdb/errors_writer.ts';
import { type GroupMirrorRow, writeGroupMirrors } from '../../../src-main/core/store/duckdb/group_mirrors.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { capturedEvents, corpusPresent, warnIfCorpusMissing } from '../../unit/normalize/corpus.ts';

warnIfCorpusMissing();

const HASH_A = 'a'.repeat(32);
const HASH_B = 'b'.repeat(32);
let dir: string;
let index: EventIndex;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'faultline-duckdb-'));
  index = await openEventIndex(path.join(dir, 'events.duckdb'));
});

afterEach(() => {
  index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The captured SDK events, normalized and mapped; group i+1 and alternating hashes. */
function capturedRows(): ErrorsRow[] {
  return capturedEvents().map((capture, i) => {
    const sentAt = String(capture.envelopeHeaders.sent_at);
    const receivedAt = new Date(Date.parse(sentAt) + 50);
    const { event } = normalizeEvent(capture.event, {
      receivedAt,
      sentAt,
      projectId: 42,
      clientIp: '192.0.2.10',
      envelopeEventId: String(capture.envelopeHeaders.event_id),
      sentryClient: capture.sentryClient,
    });
    return eventToErrorsRow(event, {
      projectId: 42,
      groupId: i + 1,
      primaryHash: i % 2 === 0 ? HASH_A : HASH_B,
      receivedAt,
    });
  });
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const conn = await index.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
  }
}

async function liveCount(where = 'true'): Promise<number> {
  const [row] = await query(`SELECT count(*) AS n FROM errors WHERE deleted = 0 AND ${where}`);
  return Number(row?.n);
}

describe('errors table written from SDK captures', () => {
  it.skipIf(!corpusPresent)('stores one row per event with Snuba-shaped columns', async () => {
    const rows = capturedRows();
    expect(await writeErrorsBatch(index, rows)).toEqual({ written: rows.length, skipped: 0 });
    const browser = await query(`
      SELECT replace(event_id::VARCHAR, '-', '') AS id, platform, title, "user", ip_address_v4, sdk_name,
             coalesce(list_extract("tags.value", list_position("tags.key", 'environment')), '') AS env_tag,
             environment, release, "exception_stacks.type" AS types, "exception_frames.filename" AS filenames,
             "exception_frames.stack_level" AS levels, printf('%016x', span_id) AS span, "contexts.key" AS ckeys
      FROM errors WHERE platform = 'javascript'`);
    expect(browser).toHaveLength(1);
    const row = browser[0] as Record<string, unknown>;
    expect(row.id).toBe('96c75b538b7d4eb38a91d01d9b8a5caa');
    expect(row).toMatchObject({
      title: 'Error: Browser exception',
      user: 'ip:192.0.2.10',
      ip_address_v4: '192.0.2.10',
      sdk_name: 'sentry.javascript.browser',
      env_tag: 'research',
      environment: 'research',
      release: 'capture-test@1.0.0',
      types: ['Error'],
      span: '9705f3938361a5f4',
    });
    expect(row.filenames).toContain('/bundle.js');
    expect(row.levels).toEqual([0, 0, 0, 0]);
    expect(row.ckeys).toEqual(expect.arrayContaining(['trace.trace_id', 'browser.name']));
    const node = await query(
      `SELECT title, level, "tags.key" AS keys FROM errors WHERE platform = 'node' ORDER BY timestamp_ms`,
    );
    expect(node.map((r) => r.title)).toContain('Error: Research exception');
    expect(node[0]?.keys).toEqual(
      expect.arrayContaining(['server_name', 'sentry:release', 'level', 'handled']),
    );
  });

  it.skipIf(!corpusPresent)('replaying the same batch leaves one row per event id', async () => {
    const rows = capturedRows();
    await writeErrorsBatch(index, rows);
    expect(await writeErrorsBatch(index, rows)).toEqual({ written: 0, skipped: rows.length });
    const doubled = [...rows, ...rows];
    expect(await writeErrorsBatch(index, doubled)).toEqual({ written: 0, skipped: doubled.length });
    expect(await liveCount()).toBe(rows.length);
  });

  it.skipIf(!corpusPresent)('an event id repeated inside one batch is stored once', async () => {
    const [first] = capturedRows();
    if (!first) throw new Error('no capture');
    expect(await writeErrorsBatch(index, [first, { ...first, group_id: 99 }])).toEqual({
      written: 1,
      skipped: 1,
    });
    expect(await liveCount('group_id = 1')).toBe(1);
  });

  it.skipIf(!corpusPresent)(
    'rows survive reopening the file, and opening migrates idempotently',
    async () => {
      const rows = capturedRows();
      await writeErrorsBatch(index, rows);
      await createCheckpointScheduler(index).checkpointNow();
      index.close();
      index = await openEventIndex(path.join(dir, 'events.duckdb'));
      expect(await liveCount()).toBe(rows.length);
      expect(index.errorsColumns.map((c) => c.name)).toContain('exception_frames.stack_level');
    },
  );
});

describe('rows encoded before their group is known', () => {
  it.skipIf(!corpusPresent)('store exactly what the rows give, with the group id put in later', async () => {
    const rows = capturedRows();
    const { encoder } = batchOf(index);
    // As a prepare thread encodes them: group 0, the real group only known to the writer.
    const lines: ErrorsLine[] = rows.map((row, i) => ({
      project_id: row.project_id,
      event_id: row.event_id,
      line: encoder.withGroupId(encoder.encode({ ...row, group_id: 0 }), 9_000_000_000 + i),
    }));
    expect(await writeErrorsBatch(index, lines)).toEqual({ written: rows.length, skipped: 0 });
    const other = await openEventIndex(path.join(dir, 'rows.duckdb'));
    try {
      await writeErrorsBatch(
        other,
        rows.map((row, i) => ({ ...row, group_id: 9_000_000_000 + i })),
      );
      const read = async (from: EventIndex) => {
        const conn = await from.connect();
        try {
          return (await conn.runAndReadAll('SELECT * FROM errors ORDER BY event_id')).getRowObjectsJS();
        } finally {
          conn.closeSync();
        }
      };
      const encoded = await read(index);
      expect(encoded.map((row) => Number(row.group_id)).sort((a, b) => a - b)).toEqual(
        rows.map((_, i) => 9_000_000_000 + i),
      );
      expect(encoded).toEqual(await read(other));
    } finally {
      other.close();
    }
  });
});

describe('replacements change what reads see', () => {
  it.skipIf(!corpusPresent)('merge moves rows to the new group; unmerge moves a hash back out', async () => {
    const rows = capturedRows();
    await writeErrorsBatch(index, rows);
    const merged = await mergeGroups(index, 42, [1, 2, 3], 100);
    expect(merged.rows).toBe(3);
    expect(await liveCount('group_id = 100')).toBe(3);
    expect(await liveCount('group_id IN (1, 2, 3)')).toBe(0);
    // Rows 0 and 2 have hash A, row 1 hash B.
    const unmerged = await unmergeHashes(index, 42, 100, 200, [HASH_B]);
    expect(unmerged.rows).toBe(1);
    expect(await liveCount('group_id = 200')).toBe(1);
    expect(await liveCount('group_id = 100')).toBe(2);
  });

  it.skipIf(!corpusPresent)(
    'deleting groups and tombstoning events hides them from deleted = 0 reads',
    async () => {
      const rows = capturedRows();
      await writeErrorsBatch(index, rows);
      expect((await deleteGroups(index, 42, [1, 2])).rows).toBe(2);
      expect(await liveCount()).toBe(rows.length - 2);
      const last = rows.at(-1);
      if (!last) throw new Error('no rows');
      expect((await tombstoneEvents(index, 42, [last.event_id.replaceAll('-', '')])).rows).toBe(1);
      expect(await liveCount()).toBe(rows.length - 3);
      // Another project's rows are never touched.
      expect((await deleteGroups(index, 7, [3, 4])).rows).toBe(0);
      // A deleted event is not written again when its batch is replayed.
      expect((await writeErrorsBatch(index, rows)).written).toBe(0);
    },
  );

  it.skipIf(!corpusPresent)('replace_group moves single events', async () => {
    const rows = capturedRows();
    await writeErrorsBatch(index, rows);
    const [first] = rows;
    if (!first) throw new Error('no rows');
    expect((await replaceGroup(index, 42, [first.event_id], 555)).rows).toBe(1);
    expect(await liveCount('group_id = 555')).toBe(1);
  });
});

describe('group mirror tables', () => {
  it.skipIf(!corpusPresent)(
    'upserts keep one row per group and join with errors like -[grouped]->',
    async () => {
      await writeErrorsBatch(index, capturedRows());
      const seen = Date.parse('2026-11-22T01:00:00Z');
      const group = (id: number, status: number): GroupMirrorRow => ({
        project_id: 42,
        id,
        status,
        substatus: null,
        priority: null,
        first_seen: seen,
        last_seen: seen,
        active_at: null,
        deleted: 0,
      });
      await writeGroupMirrors(index, { groupedmessage: [group(1, 0), group(2, 0)] });
      await writeGroupMirrors(index, { groupedmessage: [group(1, 1)], group_attributes: [group(1, 1)] });
      const joined = await query(`
      SELECT e.group_id, g.status, a.group_status FROM errors e
      JOIN groupedmessage g ON e.project_id = g.project_id AND e.group_id = g.id
      LEFT JOIN group_attributes a ON e.project_id = a.project_id AND e.group_id = a.group_id
      WHERE e.deleted = 0 ORDER BY e.group_id`);
      expect(joined).toEqual([
        { group_id: 1n, status: 1, group_status: 1 },
        { group_id: 2n, status: 0, group_status: null },
      ]);
    },
  );
});

describe('schema migration', () => {
  it('a file from an older version gains the columns added since', async () => {
    index.close();
    const file = path.join(dir, 'old.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const old = await DuckDBInstance.create(file);
    const conn = await old.connect();
    await conn.run(
      'CREATE TABLE errors (project_id UBIGINT NOT NULL, "timestamp" TIMESTAMP NOT NULL, event_id UUID NOT NULL)',
    );
    conn.closeSync();
    old.closeSync();
    index = await openEventIndex(file);
    const [row] = await query(
      `SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'errors' AND column_name = 'group_first_seen'`,
    );
    expect(Number(row?.n)).toBe(1);
    expect(index.errorsColumns.slice(0, 3).map((c) => c.name)).toEqual([
      'project_id',
      'timestamp',
      'event_id',
    ]);
  });
});

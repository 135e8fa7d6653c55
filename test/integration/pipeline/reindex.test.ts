/**
 * The event index (events.duckdb) is rebuilt from nodestore when it lacks events SQLite has: moved
 * away after damage (a new, empty one is created), or a file that lost its WAL's tail. SnQL, exports
 * and tag searches then see every stored event again, each once, with the row the pipeline wrote.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { Logger } from '../../../src-main/core/log.ts';
import { reindexMissingEvents } from '../../../src-main/core/pipeline/reindex.ts';
import { openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import type { SnqlResponse } from '../../../src-shared/snql-api.ts';
import { callApi, indexCountsByGroup, sendEnvelope, startCore } from '../../support/core.ts';
import { capture } from '../../support/pipeline.ts';
import { tempDir } from '../../support/serve.ts';
import { sendEvents } from '../retention/send.ts';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

/** A logger that keeps the info lines (where the worker says what it re-indexed). */
function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: { info: (message) => lines.push(message), warn: () => undefined, error: () => undefined },
  };
}

const reindexLines = (lines: string[]) => lines.filter((line) => line.includes('re-indexed'));

/** Starts a core on `dataDir` and waits until its worker has done what it does before the queue. */
async function start(dataDir: string, log?: Logger): Promise<Core> {
  core = await startCore(dataDir, log ? { log } : {});
  await core.ctx.pipeline.call('pipeline.drain', {});
  return core;
}

async function stop(): Promise<void> {
  await core?.close();
  core = undefined;
}

/** Real SDK captures (Node and browser) and hand-built errors of two issues: 10 events in 4 issues. */
async function storeEvents(dataDir: string): Promise<void> {
  const c = await start(dataDir);
  for (const name of ['node', 'browser', 'node', 'browser', 'node'] as const)
    await sendEnvelope(c, capture(name, crypto.randomBytes(16).toString('hex')).toString());
  const now = Date.now();
  await sendEvents(c, [
    { type: 'FirstError', value: 'a', at: now - 4000 },
    { type: 'FirstError', value: 'b', at: now - 3000 },
    { type: 'FirstError', value: 'c', at: now - 2000 },
    { type: 'SecondError', value: 'd', at: now - 1000 },
    { type: 'SecondError', value: 'e', at: now },
  ]);
  await stop();
}

/** Every `errors` row in full, in event id order (read with the core stopped: one DuckDB instance a file). */
async function errorsRows(dataDir: string, where = 'true'): Promise<Record<string, unknown>[]> {
  const index = await openEventIndex(path.join(dataDir, 'events.duckdb'));
  try {
    const reader = await index.writer.runAndReadAll(`SELECT * FROM errors WHERE ${where} ORDER BY event_id`);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    index.close();
  }
}

async function onIndex(dataDir: string, sql: string): Promise<void> {
  const index = await openEventIndex(path.join(dataDir, 'events.duckdb'));
  try {
    await index.writer.run(sql);
  } finally {
    index.close();
  }
}

/** Per group, the events SQLite has (what the issue pages count). */
function sqliteCountByGroup(dataDir: string): Record<string, number> {
  const db = openSqlite(dataDir);
  try {
    const rows = db
      .prepare<[], { group_id: number; n: number }>(
        'SELECT group_id, count(*) AS n FROM events WHERE is_sample = 0 GROUP BY group_id',
      )
      .all();
    return Object.fromEntries(rows.map((row) => [String(row.group_id), row.n]));
  } finally {
    db.close();
  }
}

it('an event index moved away is rebuilt from the stored events: the same rows, in the same groups', async () => {
  const dataDir = tempDir();
  await storeEvents(dataDir);
  const before = await errorsRows(dataDir);
  expect(before).toHaveLength(10);
  fs.rmSync(path.join(dataDir, 'events.duckdb'));
  fs.rmSync(path.join(dataDir, 'events.duckdb.wal'), { force: true });

  const { log, lines } = recordingLog();
  const c = await start(dataDir, log);
  expect(await indexCountsByGroup(c)).toEqual(sqliteCountByGroup(dataDir));
  const groupedmessage: SnqlResponse = await callApi(c, 'snql.query', {
    query: 'MATCH (groupedmessage) SELECT count() AS c WHERE project_id = 1',
  });
  if ('error' in groupedmessage) throw new Error(groupedmessage.error.message);
  expect(groupedmessage.data[0]?.c).toBe(Object.keys(sqliteCountByGroup(dataDir)).length);
  await stop();

  // Every column as the pipeline wrote it: tags, contexts, frames, titles, hashes, times.
  expect(await errorsRows(dataDir)).toEqual(before);
  expect(reindexLines(lines)).toEqual([
    expect.stringMatching(/^event index: re-indexed 10 events from nodestore in \d+ ms$/),
  ]);
});

it('rows the index lost (a damaged WAL) are written again, each once', async () => {
  const dataDir = tempDir();
  await storeEvents(dataDir);
  const before = await errorsRows(dataDir);
  const lost = before.slice(2, 5).map((row) => String(row.event_id));
  await onIndex(dataDir, `DELETE FROM errors WHERE event_id IN (${lost.map((id) => `'${id}'`).join(', ')})`);
  expect(await errorsRows(dataDir)).toHaveLength(7);

  const { log, lines } = recordingLog();
  await start(dataDir, log);
  await stop();
  expect(await errorsRows(dataDir)).toEqual(before);
  expect(reindexLines(lines)).toEqual([expect.stringMatching(/re-indexed 3 events from nodestore/)]);

  // Started again: nothing is missing now, nothing is written twice.
  const again = recordingLog();
  await start(dataDir, again.log);
  await stop();
  expect(await errorsRows(dataDir)).toEqual(before);
  expect(reindexLines(again.lines)).toEqual([]);
});

it('nothing is re-indexed when the index has every event, also after merges and deletes', async () => {
  const dataDir = tempDir();
  await storeEvents(dataDir);
  const c = await start(dataDir);
  const { issues } = await callApi(c, 'issues.list', { projectId: 1, query: '', sort: 'freq' });
  const [first, second, third] = issues.map((issue) => issue.id);
  if (first === undefined || second === undefined || third === undefined)
    throw new Error('expected 3+ issues');
  await callApi(c, 'issues.merge', { projectId: 1, groupIds: [first, second] });
  await callApi(c, 'issues.delete', { projectId: 1, groupIds: [third], discard: false });
  await stop();
  const before = await errorsRows(dataDir);

  const { log, lines } = recordingLog();
  const restarted = await start(dataDir, log);
  expect(await indexCountsByGroup(restarted)).toEqual(sqliteCountByGroup(dataDir));
  await stop();
  expect(reindexLines(lines)).toEqual([]);
  expect(await errorsRows(dataDir)).toEqual(before);

  // What the start found: the index's live rows are the events SQLite indexes.
  const db = openSqlite(dataDir);
  const index = await openEventIndex(path.join(dataDir, 'events.duckdb'));
  try {
    expect((await reindexMissingEvents(db, index)).reindexed).toBe(0);
  } finally {
    index.close();
    db.close();
  }
});

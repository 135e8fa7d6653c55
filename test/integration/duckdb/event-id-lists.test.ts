/**
 * Statements on the event index that name their events by id (retention's delete, Snuba's
 * `tombstone_events` and `replace_group`) join the list of ids instead of searching it from every
 * row: with 2,000 ids over 300k rows a retention chunk's delete took 0.75 s, the join 15-30 ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import {
  deleteEventRows,
  replaceGroup,
  tombstoneEvents,
} from '../../../src-main/core/store/duckdb/errors_replacer.ts';
import { eventToErrorsRow } from '../../../src-main/core/store/duckdb/errors_row.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { tempDir } from '../../support/serve.ts';

const ids = Array.from({ length: 12 }, (_, i) => (i + 1).toString(16).padStart(32, '0'));
let dir: string;
let index: EventIndex;

beforeAll(async () => {
  dir = tempDir();
  index = await openEventIndex(path.join(dir, 'events.duckdb'));
  const receivedAt = new Date();
  const rows = ids.map((id, i) => {
    const { event } = normalizeEvent({ event_id: id, message: `event ${i}` }, { receivedAt, projectId: 1 });
    return eventToErrorsRow(event, { projectId: 1, groupId: 1, primaryHash: 'a'.repeat(32), receivedAt });
  });
  await writeErrorsBatch(index, rows);
});

afterAll(() => {
  index.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The index, with every statement its writer runs recorded (and run). */
function recording(): { index: EventIndex; ran: Array<Parameters<DuckDBConnection['run']>> } {
  const ran: Array<Parameters<DuckDBConnection['run']>> = [];
  const spy: EventIndex = Object.assign(Object.create(index) as EventIndex, {
    exclusive: <T>(work: (writer: DuckDBConnection) => Promise<T>) =>
      index.exclusive((writer) =>
        work(
          Object.assign(Object.create(writer) as DuckDBConnection, {
            run: (...args: Parameters<DuckDBConnection['run']>) => {
              ran.push(args);
              return writer.run(...args);
            },
          }),
        ),
      ),
  });
  return { index: spy, ran };
}

async function rows(where: string): Promise<string[]> {
  const conn = await index.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT replace(event_id::VARCHAR, '-', '') FROM errors WHERE ${where} ORDER BY 1`,
    );
    return reader.getRowsJS().map(([id]) => String(id));
  } finally {
    conn.closeSync();
  }
}

it('change exactly the listed events, each through a join with the list', async () => {
  const { index: spy, ran } = recording();
  expect((await tombstoneEvents(spy, 1, [ids[0] ?? '', ids[1] ?? ''])).rows).toBe(2);
  expect((await replaceGroup(spy, 1, [ids[2] ?? '', ids[3] ?? '', 'f'.repeat(32)], 7)).rows).toBe(2);
  // Ids with dashes and upper case name the same events.
  const dashed = (ids[4] ?? '').toUpperCase().replace(/^(.{8})(.{4})/, '$1-$2-');
  expect((await deleteEventRows(spy, 1, [dashed, ids[5] ?? ''])).rows).toBe(2);
  expect((await deleteEventRows(spy, 2, [ids[6] ?? ''])).rows).toBe(0);

  expect(await rows('deleted = 1')).toEqual(ids.slice(0, 2));
  expect(await rows('group_id = 7')).toEqual(ids.slice(2, 4));
  expect(await rows('true')).toEqual([...ids.slice(0, 4), ...ids.slice(6)]);

  expect(ran).toHaveLength(4);
  const conn = await index.connect();
  try {
    for (const [sql, values, types] of ran) {
      const plan = (await conn.runAndReadAll(`EXPLAIN ${sql}`, values, types))
        .getRowsJS()
        .map((row) => String(row[1]))
        .join('\n');
      expect(plan).toMatch(/HASH_JOIN|SEMI|MARK/);
      expect(plan).not.toContain('list_transform');
    }
  } finally {
    conn.closeSync();
  }
});

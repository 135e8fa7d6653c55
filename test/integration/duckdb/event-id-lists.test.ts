import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  deleteEventRows,
  replaceGroup,
  tombstoneEvents,
} from '../../../src-main/core/store/duckdb/errors_replacer.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

const ids = Array.from({ length: 12 }, (_, i) => (i + 1).toString(16).padStart(32, '0'));
let index: EventIndex;

beforeAll(async () => {
  index = await openTempEventIndex();
  await writeErrorsBatch(
    index,
    ids.map((id, i) => errorsRowOf({ event_id: id, message: `event ${i}` }, 1)),
  );
});

afterAll(() => index.close());

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

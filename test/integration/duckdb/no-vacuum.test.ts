/**
 * The event index's writer runs DuckDB's checkpoints without the vacuum (open_event_index.ts,
 * WRITER_OPTIONS): appended rows are not merged into earlier row groups again at every checkpoint,
 * and what retention deletes is still handed back at a plain checkpoint.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

const ROUNDS = 5;
const ROWS = 300;
let index: EventIndex;

beforeAll(async () => {
  index = await openTempEventIndex();
});

afterAll(() => index.close());

async function one(sql: string): Promise<number> {
  const reader = await index.writer.runAndReadAll(sql);
  return Number(reader.getRowsJS()[0]?.[0]);
}

const rowGroups = () => one("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('errors')");
const usedBlocks = () => one('SELECT used_blocks FROM pragma_database_size()');

it('keeps the rows of each checkpoint in row groups of their own, and frees deleted ones at a checkpoint', async () => {
  expect(await one("SELECT current_setting('max_vacuum_tasks')")).toBe(0);
  const base = Date.parse('2026-11-20T00:00:00Z');
  for (let round = 0; round < ROUNDS; round++) {
    const rows = Array.from({ length: ROWS }, (_, i) =>
      errorsRowOf(
        {
          event_id: randomUUID().replaceAll('-', ''),
          message: `round ${round} event ${i}`,
          level: 'error',
          platform: 'node',
          tags: { round: String(round) },
        },
        1 + round,
        new Date(base + round * 60_000 + i),
      ),
    );
    await writeErrorsBatch(index, rows, { checkStored: false });
    await index.writer.run('CHECKPOINT');
  }
  expect(await one('SELECT count(*) FROM errors')).toBe(ROUNDS * ROWS);
  // With DuckDB's vacuum, the checkpoints would have merged these into one row group.
  expect(await rowGroups()).toBe(ROUNDS);

  const before = await usedBlocks();
  // As retention deletes: the oldest rounds, whole.
  await index.writer.run('DELETE FROM errors WHERE group_id < 5');
  await index.writer.run('CHECKPOINT');
  expect(await rowGroups()).toBe(1);
  expect(await usedBlocks()).toBeLessThan(before);
  expect(await one('SELECT count(*) FROM errors')).toBe(ROWS);
});

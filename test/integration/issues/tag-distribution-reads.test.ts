/**
 * An issue's tag bars are counted again only when its events changed: the UI asks after every batch of
 * events while the page is open, and each count unnests every tag of every event of the issue (~100 ms
 * for an issue of 20k events). An answer kept is one counted from exactly the rows the issue has now:
 * a new event of the issue, a merge, an unmerged or deleted event shows at once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tagDistribution } from '../../../src-main/core/issues/queries/tag-distribution.ts';
import { mergeGroups, tombstoneEvents } from '../../../src-main/core/store/duckdb/errors_replacer.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

let index: EventIndex;
let conn: DuckDBConnection;
let sent = 0;
const ARGS = { projectId: 1, groupId: 1, span: null, limit: 10 };

async function send(groupId: number, region: string): Promise<string> {
  const eventId = (++sent).toString(16).padStart(32, '0');
  await writeErrorsBatch(index, [
    errorsRowOf({ event_id: eventId, message: 'm', tags: { region } }, groupId),
  ]);
  return eventId;
}

const regions = async () =>
  (await tagDistribution(index, conn, ARGS)).find((tag) => tag.key === 'region')?.topValues ?? [];

beforeAll(async () => {
  index = await openTempEventIndex();
  conn = await index.connect();
  await send(1, 'eu');
  await send(1, 'eu');
  await send(2, 'us');
});
afterAll(() => {
  conn.closeSync();
  index.close();
});

it("keeps the answer while the issue's events are unchanged, also when other issues get events", async () => {
  const first = await tagDistribution(index, conn, ARGS);
  expect(first.find((tag) => tag.key === 'region')?.topValues).toEqual([{ value: 'eu', count: 2 }]);
  expect(await tagDistribution(index, conn, ARGS)).toBe(first);
  await send(2, 'us');
  expect(await tagDistribution(index, conn, ARGS)).toBe(first);
  // Another limit is another answer.
  expect(await tagDistribution(index, conn, { ...ARGS, limit: 1 })).not.toBe(first);
});

it("counts again when the issue's events change: a new event, a merge, a deletion", async () => {
  await send(1, 'ap');
  expect(await regions()).toEqual([
    { value: 'eu', count: 2 },
    { value: 'ap', count: 1 },
  ]);
  await mergeGroups(index, 1, [2], 1);
  expect(await regions()).toEqual([
    { value: 'eu', count: 2 },
    { value: 'us', count: 2 },
    { value: 'ap', count: 1 },
  ]);
  await tombstoneEvents(index, 1, ['1'.padStart(32, '0'), '2'.padStart(32, '0')]);
  expect(await regions()).toEqual([
    { value: 'us', count: 2 },
    { value: 'ap', count: 1 },
  ]);
});

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

async function send(groupId: number, region: string, receivedAt = new Date()): Promise<string> {
  const eventId = (++sent).toString(16).padStart(32, '0');
  await writeErrorsBatch(index, [
    errorsRowOf({ event_id: eventId, message: 'm', tags: { region } }, groupId, receivedAt),
  ]);
  return eventId;
}

/** The statements the tag distribution runs on the connection while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const ran: string[] = [];
  const run = conn.runAndReadAll.bind(conn);
  conn.runAndReadAll = ((sql: string, ...rest: unknown[]) => {
    ran.push(sql);
    return (run as (...args: unknown[]) => ReturnType<typeof run>)(sql, ...rest);
  }) as typeof conn.runAndReadAll;
  try {
    await work();
  } finally {
    conn.runAndReadAll = run;
  }
  return ran;
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

it('an issue that keeps getting events is counted right at each step, reading only the rows received since', async () => {
  const args = { ...ARGS, groupId: 7 };
  const sentRegions: string[] = [];
  const expected = () => {
    const counts = new Map<string, number>();
    for (const region of sentRegions) counts.set(region, (counts.get(region) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([value, count]) => ({ value, count }));
  };
  const counted = async () =>
    (await tagDistribution(index, conn, args)).find((tag) => tag.key === 'region')?.topValues ?? [];
  const start = Date.now() - 60_000;
  // Batches a second apart, two in the same second (the index keeps whole seconds), as a stream writes them.
  const seconds = [0, 1, 1, 2, 3, 3, 4];
  for (const [step, second] of seconds.entries()) {
    for (const region of ['eu', step % 2 ? 'us' : 'ap', 'eu']) {
      await send(7, region, new Date(start + second * 1000));
      sentRegions.push(region);
    }
    const statements = await statementsDuring(async () => expect(await counted()).toEqual(expected()));
    const unnests = statements.filter((sql) => sql.includes('unnest'));
    expect(unnests).toHaveLength(1);
    // Counted in full only the first time; then only the rows received since the kept counts.
    expect(unnests[0]?.includes('received >= make_timestamp(')).toBe(step > 0);
  }
  // An event that comes late with an earlier time is not among the rows counted since: all are counted again.
  await send(7, 'sa', new Date(start));
  sentRegions.push('sa');
  const statements = await statementsDuring(async () => expect(await counted()).toEqual(expected()));
  expect(statements.find((sql) => sql.includes('unnest'))?.includes('received >= make_timestamp(')).toBe(
    false,
  );
  // Asked again with nothing new: the same answer, only the last second's rows read again.
  const again = await tagDistribution(index, conn, args);
  const unnests = (await statementsDuring(() => tagDistribution(index, conn, args))).filter((sql) =>
    sql.includes('unnest'),
  );
  expect(unnests.every((sql) => sql.includes('received >= make_timestamp('))).toBe(true);
  expect(await tagDistribution(index, conn, args)).toBe(again);
});

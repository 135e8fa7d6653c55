/**
 * A search with a date window (`date:-1h`) and no event filters finds its issues among the events of
 * the window: it read every event of the period (30 days for `date:-1h` over 30d), though only the
 * window's counts are used. With event filters the period is still read (their `filtered` counts are
 * the period's).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { matchGroupsQuery } from '../../../src-main/core/issues/queries/match-groups.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;
const PERIOD_START = NOW - 30 * 24 * HOUR;
const WINDOW = { start: NOW - 2 * HOUR, end: NOW - HOUR };
let index: EventIndex;

async function run(query: { sql: string; params: Record<string, string | number> }, explain = false) {
  const conn = await index.connect();
  try {
    return (await conn.runAndReadAll(`${explain ? 'EXPLAIN ' : ''}${query.sql}`, query.params)).getRowsJS();
  } finally {
    conn.closeSync();
  }
}

beforeAll(async () => {
  index = await openTempEventIndex();
  // Group 1: events 20 days ago and in the window (two users); group 2: 20 days ago and now only.
  const at = (ms: number, group: number, user: string) =>
    errorsRowOf({ message: `m${group}`, timestamp: ms / 1000, user: { id: user } }, group);
  await writeErrorsBatch(index, [
    at(NOW - 20 * 24 * HOUR, 1, 'a'),
    at(WINDOW.start, 1, 'a'),
    at(WINDOW.start + 60_000, 1, 'b'),
    at(NOW - 20 * 24 * HOUR, 2, 'c'),
    at(NOW - 60_000, 2, 'c'),
  ]);
});
afterAll(() => index.close());

it('finds the groups with events in the window, counted there, reading only the window', async () => {
  const query = matchGroupsQuery({
    projectId: 1,
    since: PERIOD_START,
    until: null,
    window: WINDOW,
    filters: [],
  });
  const rows = await run(query);
  // With the first and last matching events' times (ms), an issue's first and last seen in an environment.
  expect(rows.map((row) => row.map(Number))).toEqual([[1, 2, 2, 2, 2, WINDOW.start, WINDOW.start + 60_000]]);
  const plan = (await run(query, true)).map((row) => String(row[1])).join('\n');
  const scan = plan.slice(plan.indexOf('SEQ_SCAN'));
  // The window's bounds are filters of the scan (zone maps), the period's start is not read.
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  expect(scan.replace(/[\s│]+/g, '')).toContain(`timestamp>='${iso(WINDOW.start)}`.replace(/\s/g, ''));
  expect(scan.replace(/[\s│]+/g, '')).toContain(`timestamp<'${iso(WINDOW.end)}`.replace(/\s/g, ''));
});

it("with event filters, still counts the period's matching events beside the window's", async () => {
  const query = matchGroupsQuery({
    projectId: 1,
    since: PERIOD_START,
    until: null,
    window: WINDOW,
    filters: [{ kind: 'has', negated: false, key: 'user.id' }],
  });
  expect((await run(query)).map((row) => row.map(Number))).toEqual([
    [1, 3, 2, 2, 2, NOW - 20 * 24 * HOUR, WINDOW.start + 60_000],
  ]);
});

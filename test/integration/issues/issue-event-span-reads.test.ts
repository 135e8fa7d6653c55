/**
 * An issue's tag distribution and the search among its events read the event index within the time
 * span of the issue's events (from SQLite's events by group), so DuckDB skips the data of other times.
 * They read every event of the project for any issue: ~40 ms for an issue of 37 events at 300k events
 * in 30 days, growing with all the project's events; ~4 ms so.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { groupEventSpan } from '../../../src-main/core/issues/queries/events.ts';
import { indexWhere } from '../../../src-main/core/issues/queries/index-conditions.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';
import { errorsRowOf, openTempEventIndex } from '../../support/event-index.ts';

const DAY = 86_400_000;
/** Whole seconds, 20 days ago. */
const T = Math.floor((Date.now() - 20 * DAY) / 1000);
let core: Core;
let sent = 0;
const calls: Array<{ name: string; args: Record<string, unknown> }> = [];

function send(message: string, seconds: number, region: string): Promise<void> {
  const id = (++sent).toString(16).padStart(32, '0');
  const event = { event_id: id, message, timestamp: seconds, level: 'error', tags: { region } };
  return sendEnvelope(
    core,
    `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify(event)}\n`,
  );
}

beforeAll(async () => {
  core = await startCore();
  // The issue's first event is at the end of a second (the index keeps the second it started in),
  // its last 4 days later; another issue's events come before and after.
  await send('other issue', T - 3 * 86_400, 'eu');
  await send('span issue', T + 0.9996, 'eu');
  await send('span issue', T + 86_400, 'us');
  await send('span issue', T + 4 * 86_400 + 0.5, 'eu');
  await send('other issue', T + 10 * 86_400, 'eu');
  // What the issue pages ask the worker (the real worker answers).
  const call = core.ctx.pipeline.call.bind(core.ctx.pipeline);
  core.ctx.pipeline.call = ((name: string, args: Record<string, unknown>) => {
    calls.push({ name, args });
    return call(name, args);
  }) as typeof core.ctx.pipeline.call;
}, 60_000);
afterAll(() => core?.close());

async function spanIssue(): Promise<number> {
  const list = await callApi(core, 'issues.list', { projectId: 1, query: 'span issue', period: '30d' });
  expect(list.issues).toHaveLength(1);
  return list.issues[0]?.id ?? 0;
}

it('counts every event of the issue, at the edges of its span too, and asks for them within that span', async () => {
  const groupId = await spanIssue();
  const span = groupEventSpan(core.ctx.db, groupId);
  expect(span).toEqual({ first: expect.any(Number), last: expect.any(Number) });
  expect(Math.floor((span?.first ?? 0) / 1000)).toBeGreaterThanOrEqual(T);
  expect(span?.last).toBe((T + 4 * 86_400 + 0.5) * 1000);

  const tags = await callApi(core, 'issues.tags', { groupId });
  expect(tags.find((tag) => tag.key === 'region')).toMatchObject({
    totalValues: 3,
    topValues: [
      { value: 'eu', count: 2 },
      { value: 'us', count: 1 },
    ],
  });
  const events = await callApi(core, 'issues.events', { groupId, query: 'region:eu' });
  expect(events.total).toBe(2);

  const asked = calls.filter((c) => c.name === 'issues.tags' || c.name === 'issues.matchEvents');
  expect(asked.map((c) => [c.name, c.args.span])).toEqual([
    ['issues.tags', span],
    ['issues.matchEvents', span],
  ]);
});

it("bounds the scan of the event index by the issue's span, where DuckDB prunes by it", async () => {
  const index = await openTempEventIndex();
  try {
    // Events before and after the span (else DuckDB drops bounds its statistics show always hold).
    const rows = [-10, 0, 10].map((days) => errorsRowOf({ message: 'x', timestamp: T + days * 86_400 }, 7));
    await writeErrorsBatch(index, rows);
    const where = indexWhere(1, null, [], { id: 7, span: { first: T * 1000, last: (T + 60) * 1000 } });
    const conn = await index.connect();
    try {
      const plan = (
        await conn.runAndReadAll(`EXPLAIN SELECT count(*) FROM errors WHERE ${where.sql}`, where.params)
      )
        .getRows()
        .map((row) => String(row[1]))
        .join('\n');
      // The bounds are among the scan's own filters (zone maps), not in a filter after it.
      const scan = plan.slice(plan.indexOf('SEQ_SCAN'));
      expect(scan).toMatch(/timestamp>=/);
      expect(scan).toMatch(/timestamp<=/);
      expect(plan).not.toMatch(/\bFILTER\b/);
    } finally {
      conn.closeSync();
    }
  } finally {
    index.close();
  }
});

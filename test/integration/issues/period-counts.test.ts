/**
 * The issue list counts the chosen period, as Sentry's stream does: events and users of the
 * period (and the events and users sorts), with the all-time totals as `lifetime`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore, storeEvents } from '../../support/core.ts';

let core: Core;
const DAY = 86_400;
/** When the events were sent (s). */
let sentAt = 0;

beforeAll(async () => {
  core = await startCore();
  const now = Date.now() / 1000;
  sentAt = now;
  const events = [
    // "older": one event now, three over the last ten days, three users in all.
    { fingerprint: ['older'], message: 'older', timestamp: now - 10 * DAY, user: { id: 'u2' } },
    { fingerprint: ['older'], message: 'older', timestamp: now - 3 * DAY, user: { id: 'u2' } },
    { fingerprint: ['older'], message: 'older', timestamp: now - 3 * DAY, user: { id: 'u3' } },
    { fingerprint: ['older'], message: 'older', timestamp: now - 60, user: { id: 'u1' } },
    // "recent": three events of one user in the last hours.
    ...[1, 2, 3].map((h) => ({
      fingerprint: ['recent'],
      message: 'recent',
      timestamp: now - h * 3600,
      user: { id: 'u9' },
    })),
  ];
  await storeEvents(core, events);
}, 60_000);
afterAll(() => core?.close());

async function list(period: '24h' | '7d' | '14d', sort: 'freq' | 'user' | 'date' = 'date') {
  const result = await callApi(core, 'issues.list', { projectId: 1, query: '', period, sort });
  return Object.fromEntries(
    result.issues.map((issue) => [
      issue.title,
      { count: issue.count, users: issue.userCount, lifetime: issue.lifetime },
    ]),
  );
}

it('counts events and users of the chosen period, with the all-time totals beside them', async () => {
  expect(await list('24h')).toEqual({
    older: { count: 1, users: 1, lifetime: { count: 4, userCount: 3 } },
    recent: { count: 3, users: 1, lifetime: { count: 3, userCount: 1 } },
  });
  expect((await list('7d')).older).toEqual({ count: 3, users: 3, lifetime: { count: 4, userCount: 3 } });
  expect((await list('14d')).older).toEqual({ count: 4, users: 3, lifetime: { count: 4, userCount: 3 } });
});

it('sorts by the events and users of the period', async () => {
  const titles = async (period: '24h' | '14d', sort: 'freq' | 'user') =>
    (await callApi(core, 'issues.list', { projectId: 1, query: '', period, sort })).issues.map(
      (i) => i.title,
    );
  expect(await titles('24h', 'freq')).toEqual(['recent', 'older']);
  expect(await titles('14d', 'freq')).toEqual(['older', 'recent']);
  expect(await titles('14d', 'user')).toEqual(['older', 'recent']);
});

it('the issue itself keeps its all-time counts', async () => {
  const result = await callApi(core, 'issues.list', { projectId: 1, query: '', period: '24h' });
  const older = result.issues.find((issue) => issue.title === 'older');
  const detail = await callApi(core, 'issues.get', { groupId: older!.id });
  expect(detail).toMatchObject({ count: 4, userCount: 3 });
});

it("graphs the period's first hour, as Sentry's series does, and the issue page's chart says the row's count", async () => {
  const edgeCore = await startCore();
  try {
    const key = edgeCore.ctx.projects.list()[0]?.keys[0]?.publicKey ?? '';
    const now = Date.now();
    const HOUR = 3_600_000;
    // Five minutes inside the 24 hours and five minutes before them: the row counts the first only;
    // the graph's first bucket is the whole hour the period starts in, as Sentry's tsdb series.
    const inside = now - 24 * HOUR + 5 * 60_000;
    const before = now - 24 * HOUR - 5 * 60_000;
    for (const [t, user] of [
      [inside, 'u1'],
      [before, 'u2'],
      [now - HOUR, 'u3'],
    ] as const) {
      const reply = await fetch(`${edgeCore.url}/api/1/store/?sentry_key=${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          fingerprint: ['edge'],
          message: 'edge',
          timestamp: t / 1000,
          user: { id: user },
        }),
      });
      expect(reply.status).toBe(200);
    }
    await edgeCore.ctx.pipeline.call('pipeline.drain', {});
    const [row] = (await callApi(edgeCore, 'issues.list', { projectId: 1, query: '', period: '24h' })).issues;
    expect(row).toMatchObject({ count: 2, userCount: 2 });
    // 25 hourly buckets, the first holding the period's start (Sentry's `get_optimal_rollup_series`).
    const start = Math.floor((Date.now() - 24 * HOUR) / HOUR) * HOUR;
    expect(row?.stats).toHaveLength(25);
    const insideBucket = Math.floor(inside / HOUR) * HOUR;
    expect(row?.stats[(insideBucket - start) / HOUR]).toBeGreaterThanOrEqual(1);
    const chart = await callApi(edgeCore, 'issues.stats', { groupId: row?.id ?? 0, period: '24h' });
    expect(chart.points[0]?.t).toBe(start);
    expect(chart.points.find((p) => p.t === insideBucket)?.count).toBeGreaterThanOrEqual(1);
    // "N events in 24h" over the chart is the row's count, not the sum of whole buckets.
    expect(chart.total).toBe(2);
    const day = await callApi(edgeCore, 'issues.stats', { groupId: row?.id ?? 0, period: '14d' });
    expect(day.total).toBe(3);
    expect(day.points.reduce((sum, p) => sum + p.count, 0)).toBe(3);
  } finally {
    await edgeCore.close();
  }
});

describe('an absolute range (start, end) instead of a period', () => {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  /** Eleven days ago to two days ago: three of "older"'s events, none of "recent"'s. */
  const range = () => ({ start: iso(sentAt - 11 * DAY), end: iso(sentAt - 2 * DAY) });

  it("lists the issues seen in the range with the range's events and users", async () => {
    const result = await callApi(core, 'issues.list', { projectId: 1, query: '', ...range() });
    expect(result.issues.map((i) => [i.title, i.count, i.userCount, i.lifetime])).toEqual([
      ['older', 3, 2, { count: 4, userCount: 3 }],
    ]);
  });

  it('counts only the events of the range that match a search', async () => {
    // Free text is an event condition (DuckDB): the event of a minute ago matches it but is after the range.
    const result = await callApi(core, 'issues.list', { projectId: 1, query: 'older', ...range() });
    expect(result.issues.map((i) => [i.title, i.count, i.filtered])).toEqual([
      ['older', 3, { count: 3, userCount: 2, stats: expect.any(Array) }],
    ]);
  });

  it("charts the issue over the range in days, with the range's events as its total", async () => {
    const [older] = (await callApi(core, 'issues.list', { projectId: 1, query: '', ...range() })).issues;
    const chart = await callApi(core, 'issues.stats', { groupId: older?.id ?? 0, ...range() });
    expect(chart.bucketMs).toBe(DAY * 1000);
    expect(chart.total).toBe(3);
    expect(chart.points.reduce((sum, p) => sum + p.count, 0)).toBe(3);
    const firstDay = Math.floor((sentAt - 11 * DAY) / DAY) * DAY * 1000;
    expect(chart.points[0]?.t).toBe(firstDay);
    expect(chart.points).toHaveLength(Math.floor((sentAt - 2 * DAY) / DAY) - firstDay / 1000 / DAY + 1);
  });

  it("refuses a start without an end, or an end not after the start, with Sentry's words", async () => {
    const { start, end } = range();
    await expect(callApi(core, 'issues.list', { projectId: 1, start })).rejects.toMatchObject({
      type: 'invalid_params',
      message: expect.stringContaining('start and end are both required'),
    });
    await expect(callApi(core, 'issues.stats', { groupId: 1, start: end, end: start })).rejects.toMatchObject(
      {
        type: 'invalid_params',
        message: expect.stringContaining('start must be before end'),
      },
    );
    await expect(
      callApi(core, 'issues.list', { projectId: 1, start: 'yesterday', end }),
    ).rejects.toMatchObject({
      type: 'invalid_params',
    });
  });
});

/**
 * The issue chart under the issue page's event search, as Sentry's issue details graph: the events
 * that match the search (its tags, level, text and `date:` window, joined to the page's environments)
 * counted and bucketed beside the total, through the real core (SQLite and the DuckDB event index).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore, storeEvents } from '../../support/core.ts';

let core: Core;
let groupId = 0;
const HOUR = 3600;

beforeAll(async () => {
  core = await startCore();
  const now = Math.floor(Date.now() / 1000);
  const event = (message: string, environment: string, ago: number, level: string, region: string) => ({
    fingerprint: ['searched-chart'],
    message,
    environment,
    level,
    timestamp: now - ago,
    tags: { region },
  });
  await storeEvents(core, [
    event('card declined', 'production', 5 * HOUR, 'error', 'eu'),
    event('card declined', 'production', 3 * HOUR, 'warning', 'eu'),
    event('card expired', 'production', 2 * HOUR, 'error', 'us'),
    event('card declined', 'staging', HOUR / 2, 'error', 'eu'),
  ]);
  const { issues } = await callApi(core, 'issues.list', { projectId: 1, query: '', period: '24h' });
  expect(issues).toHaveLength(1);
  groupId = issues[0]?.id ?? 0;
}, 60_000);
afterAll(() => core?.close());

const chart = async (query: string, environments: string[] = []) => {
  const stats = await callApi(core, 'issues.stats', { groupId, period: '24h', environments, query });
  return {
    total: stats.total,
    matching: stats.matching && {
      total: stats.matching.total,
      charted: stats.matching.counts.reduce((sum, n) => sum + n, 0),
      buckets: stats.matching.counts.length === stats.points.length,
    },
  };
};

it('has no matching series without a search', async () => {
  expect(await chart('')).toEqual({ total: 4, matching: undefined });
});

it("counts and buckets the events matching the search's tags, level and text over the total", async () => {
  expect(await chart('region:eu')).toEqual({ total: 4, matching: { total: 3, charted: 3, buckets: true } });
  expect(await chart('level:error region:eu')).toEqual({
    total: 4,
    matching: { total: 2, charted: 2, buckets: true },
  });
  expect(await chart('expired')).toEqual({ total: 4, matching: { total: 1, charted: 1, buckets: true } });
});

it("joins the page's environments: the total is theirs and the matching events are among them", async () => {
  expect(await chart('region:eu', ['production'])).toEqual({
    total: 3,
    matching: { total: 2, charted: 2, buckets: true },
  });
});

it("keeps to the search's `date:` window inside the chart's period", async () => {
  expect(await chart('date:-4h')).toEqual({ total: 4, matching: { total: 3, charted: 3, buckets: true } });
  expect(await chart('region:eu date:-4h')).toEqual({
    total: 4,
    matching: { total: 2, charted: 2, buckets: true },
  });
});

it('matches nothing for a key no event has, and refuses an issue-level filter', async () => {
  expect(await chart('nosuchkey:x')).toEqual({ total: 4, matching: { total: 0, charted: 0, buckets: true } });
  await expect(chart('is:unresolved')).rejects.toMatchObject({ type: 'invalid_query' });
});

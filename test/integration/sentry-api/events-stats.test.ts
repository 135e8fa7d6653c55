/**
 * Sentry's events-stats (`GET /organizations/{org}/events-stats/`) on a real core fed by @sentry/node
 * (errors stamped minutes in the past, transactions, logs): buckets aligned to the interval from the
 * epoch and zero-filled over the range, several yAxis, the top events with Other, each dataset, the
 * `environment` and search narrowing them, Sentry's 400s; and `discover.stats` over the HTTP RPC
 * answering the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { type StatsQuery, statsSearchParams } from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { sendLogsWithSdk } from '../../support/logs.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);
const HOUR = 3600;

type Point = [number, { count: number | string | null; comparisonCount?: number }[]];
interface Series {
  data: Point[];
  order?: number;
  isMetricsData: boolean;
  start: number;
  end: number;
  meta: { fields: Record<string, string>; dataset: string };
}

async function stats(params: Record<string, string | string[]>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  return api(`/api/0/organizations/faultline/events-stats/?${search}`);
}

async function answer<T = Series>(params: Record<string, string | string[]>): Promise<T> {
  const reply = await stats(params);
  expect(reply.status, reply.body).toBe(200);
  return reply.json as T;
}

/** The events' times (epoch seconds), read back from the events endpoint. */
async function eventTimes(query = ''): Promise<number[]> {
  const search = new URLSearchParams({ dataset: 'errors', statsPeriod: '1d', per_page: '100', query });
  search.append('field', 'timestamp');
  const reply = await api(`/api/0/organizations/faultline/events/?${search}`);
  const rows = (reply.json as { data: { timestamp: string }[] }).data;
  return rows.map((row) => Math.floor(Date.parse(row.timestamp) / 1000));
}

const counts = (series: Series) => series.data.map(([, [item]]) => Number(item?.count));
const total = (series: Series) => counts(series).reduce((a, b) => a + b, 0);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Expected counts per bucket key: each event in the bucket its time falls in. */
function bucketed(times: number[], keys: number[], rollup: number): number[] {
  return keys.map((key) => times.filter((t) => Math.floor(t / rollup) * rollup === key).length);
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const error = (name: string, step: string, minutesAgo: number, user?: string) => ({
    name,
    // Each its own message: the SDK's Dedupe integration drops an error repeating the one before.
    message: `${name} at ${step}, ${minutesAgo} minutes ago`,
    tags: { step },
    minutesAgo,
    ...(user ? { user: { id: user } } : {}),
  });
  await sendWithSdk(dsn, {
    environment: 'production',
    errors: [
      error('PaymentDeclined', 'pay', 5, '1'),
      error('PaymentDeclined', 'pay', 6, '1'),
      error('PaymentDeclined', 'pay', 70, '2'),
      error('CartExpired', 'confirm', 8, '3'),
      error('CartExpired', 'confirm', 130, '3'),
      error('ShipmentLost', 'ship', 140),
    ],
  });
  await sendWithSdk(dsn, { environment: 'staging', errors: [error('StagingOnly', 'pay', 3)] });
  await sendTransactionsWithSdk(dsn, 'static', [
    { name: 'GET /orders', op: 'http.server', children: [{ name: 'SELECT orders', op: 'db', ms: 5 }] },
    { name: 'GET /cart', op: 'http.server' },
  ]);
  await sendLogsWithSdk(dsn, [
    [
      { level: 'info', message: 'order placed' },
      { level: 'error', message: 'payment failed' },
      { level: 'info', message: 'order shipped' },
    ],
  ]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('events-stats: buckets, alignment and zerofill', () => {
  it('counts each event in the bucket of its time, buckets aligned to the interval and zero-filled', async () => {
    const hourNow = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
    // A range starting and ending inside buckets: they are the whole buckets that hold it.
    const start = hourNow - 3 * HOUR + 7 * 60;
    const end = hourNow + HOUR + 13 * 60;
    const series = await answer({
      start: iso(start),
      end: iso(end),
      interval: '1h',
      query: 'environment:production',
    });
    const keys = [hourNow - 3 * HOUR, hourNow - 2 * HOUR, hourNow - HOUR, hourNow];
    expect(series.data.map(([t]) => t)).toEqual(keys);
    expect(series.start).toBe(hourNow - 3 * HOUR);
    expect(series.end).toBe(hourNow + HOUR);
    expect(series.isMetricsData).toBe(false);
    expect(series.meta.fields).toMatchObject({ time: 'date', 'count()': 'integer' });
    const times = (await eventTimes('environment:production')).filter((t) => t >= start);
    expect(counts(series)).toEqual(bucketed(times, keys, HOUR));
    expect(total(series)).toBe(times.length);
    // `partial=1` adds the bucket the end falls in.
    const partial = await answer({ start: iso(start), end: iso(end), interval: '1h', partial: '1' });
    expect(partial.data.map(([t]) => t)).toEqual([...keys, hourNow + HOUR]);
    expect(partial.data.at(-1)?.[1]).toEqual([{ count: 0 }]);
  });

  it('takes the interval of the range by default (5 minutes for 24 hours), each bucket on its multiple', async () => {
    const series = await answer({ statsPeriod: '24h' });
    expect(series.data).toHaveLength(288);
    for (const [t] of series.data) expect(t % 300).toBe(0);
    const steps = series.data.slice(1).map(([t], i) => t - (series.data[i]?.[0] ?? 0));
    expect(new Set(steps)).toEqual(new Set([300]));
    const times = await eventTimes();
    const keys = series.data.map(([t]) => t);
    expect(counts(series)).toEqual(bucketed(times, keys, 300));
    // Every bucket without events is `[{count: 0}]`, as Sentry zero-fills.
    expect(series.data.filter(([, items]) => items[0]?.count === 0).length).toBe(
      288 - new Set(times.map((t) => Math.floor(t / 300) * 300).filter((t) => keys.includes(t))).size,
    );
  });

  it('answers one-minute buckets, and only the buckets with events with withoutZerofill=1', async () => {
    const series = await answer({ statsPeriod: '3h', interval: '1m', withoutZerofill: '1' });
    const times = await eventTimes();
    const expected = [...new Set(times.map((t) => Math.floor(t / 60) * 60))].filter(
      (t) => t >= series.start && t < series.end,
    );
    expect(series.data.map(([t]) => t)).toEqual(expected.sort((a, b) => a - b));
    expect(counts(series).every((n) => n > 0)).toBe(true);
  });

  it('narrows by the environment parameter and the search, as the events endpoint does', async () => {
    const all = total(await answer({ statsPeriod: '1d', interval: '1h', partial: '1' }));
    const staging = await answer({ statsPeriod: '1d', interval: '1h', partial: '1', environment: 'staging' });
    const pay = await answer({ statsPeriod: '1d', interval: '1h', partial: '1', query: 'step:pay' });
    expect(all).toBe(7);
    expect(total(staging)).toBe(1);
    expect(total(pay)).toBe(4);
    expect((await stats({ statsPeriod: '1d', environment: 'nowhere' })).status).toBe(404);
  });
});

describe('events-stats: several yAxis and the top events', () => {
  it('keys several yAxis by each, with its order', async () => {
    const both = await answer<Record<string, Series>>({
      statsPeriod: '1d',
      interval: '1h',
      partial: '1',
      yAxis: ['count()', 'count_unique(user)'],
      query: 'environment:production',
    });
    expect(Object.keys(both)).toEqual(['count()', 'count_unique(user)']);
    expect(both['count()']?.order).toBe(0);
    expect(both['count_unique(user)']?.order).toBe(1);
    expect(total(both['count()'] as Series)).toBe(6);
    // Users 1 and 3 in the newest hour's bucket (5, 6, 8 minutes ago), unless the hour just turned.
    const newest = both['count_unique(user)']?.data.filter(([, [item]]) => Number(item?.count) > 0) ?? [];
    expect(newest.length).toBeGreaterThan(0);
    expect(both['count()']?.data.map(([t]) => t)).toEqual(both['count_unique(user)']?.data.map(([t]) => t));
  });

  it('answers the top groups, each with its order, and Other for the rest', async () => {
    const top = await answer<Record<string, Series>>({
      statsPeriod: '1d',
      interval: '1h',
      partial: '1',
      topEvents: '2',
      field: ['step', 'count()'],
      orderby: '-count()',
      query: 'environment:production',
    });
    expect(Object.keys(top).sort()).toEqual(['Other', 'confirm', 'pay']);
    expect(top.pay?.order).toBe(0);
    expect(top.confirm?.order).toBe(1);
    expect(top.Other?.order).toBe(2);
    expect(total(top.pay as Series)).toBe(3);
    expect(total(top.confirm as Series)).toBe(2);
    expect(total(top.Other as Series)).toBe(1);
    expect(top.pay?.meta.fields).toMatchObject({ step: 'string', 'count()': 'integer' });
    // excludeOther leaves it out; with room for every group there is none.
    const without = await answer<Record<string, Series>>({
      statsPeriod: '1d',
      topEvents: '2',
      field: ['step', 'count()'],
      orderby: '-count()',
      excludeOther: '1',
      query: 'environment:production',
    });
    expect(Object.keys(without).sort()).toEqual(['confirm', 'pay']);
    const all = await answer<Record<string, Series>>({
      statsPeriod: '1d',
      topEvents: '5',
      field: ['step', 'count()'],
      orderby: '-count()',
      query: 'environment:production',
    });
    expect(Object.keys(all).sort()).toEqual(['confirm', 'pay', 'ship']);
  });

  it('joins a group of several fields with commas, in the order of the fields names, nested by yAxis', async () => {
    const top = await answer<Record<string, Record<string, Series | number>>>({
      statsPeriod: '1d',
      interval: '1h',
      partial: '1',
      topEvents: '1',
      field: ['step', 'level', 'count()'],
      orderby: '-count()',
      yAxis: ['count()', 'count_unique(user.id)'],
      query: 'environment:production',
    });
    const key = 'error,pay';
    expect(Object.keys(top).sort()).toEqual(['Other', key]);
    expect(top[key]?.order).toBe(0);
    expect(top.Other?.order).toBe(1);
    const pay = top[key] as Record<string, Series>;
    expect(pay['count()']?.order).toBe(0);
    expect(pay['count_unique(user.id)']?.order).toBe(1);
    expect(total(pay['count()'] as Series)).toBe(3);
    expect(total((top.Other as Record<string, Series>)['count()'] as Series)).toBe(3);
    // Each hour's users of the group, from the events endpoint's rows.
    const search = new URLSearchParams({
      dataset: 'errors',
      statsPeriod: '1d',
      query: 'step:pay environment:production',
    });
    for (const field of ['user.id', 'timestamp']) search.append('field', field);
    const rows = (
      (await api(`/api/0/organizations/faultline/events/?${search}`)).json as {
        data: { 'user.id': string; timestamp: string }[];
      }
    ).data;
    const users = new Map<number, Set<string>>();
    for (const row of rows) {
      const hour = Math.floor(Date.parse(row.timestamp) / 1000 / HOUR) * HOUR;
      users.set(hour, new Set([...(users.get(hour) ?? []), row['user.id']]));
    }
    const unique = pay['count_unique(user.id)'] as Series;
    expect(unique.data.filter(([, [item]]) => item?.count !== 0)).toEqual(
      [...users].sort(([a], [b]) => a - b).map(([hour, ids]) => [hour, [{ count: ids.size }]]),
    );
  });

  it('groups by a list (error.type, by its last element) and by issue (its short id)', async () => {
    const params = {
      statsPeriod: '1d',
      partial: '1',
      topEvents: '2',
      orderby: '-count()',
      query: 'environment:production',
    };
    const byType = await answer<Record<string, Series>>({ ...params, field: ['error.type', 'count()'] });
    expect(Object.fromEntries(Object.entries(byType).map(([key, series]) => [key, total(series)]))).toEqual({
      PaymentDeclined: 3,
      CartExpired: 2,
      Other: 1,
    });
    const byIssue = await answer<Record<string, Series>>({ ...params, field: ['issue', 'count()'] });
    const issues = Object.keys(byIssue).filter((key) => key !== 'Other');
    expect(issues).toHaveLength(2);
    for (const key of issues) expect(key).toMatch(/^DEFAULT-\w+$/);
    expect(total(byIssue.Other as Series)).toBe(1);
  });

  it('answers one zero-filled series when no events match the top events query', async () => {
    const none = await answer({
      statsPeriod: '1d',
      topEvents: '5',
      field: ['step', 'count()'],
      query: 'step:nowhere',
    });
    expect(none.data).toHaveLength(288);
    expect(total(none)).toBe(0);
  });

  it('adds the previous period with comparisonDelta, bucket for bucket', async () => {
    const end = Math.floor(Date.now() / 1000);
    const start = end - HOUR;
    const series = await answer({
      start: iso(start),
      end: iso(end),
      interval: '1h',
      comparisonDelta: String(HOUR),
      query: 'environment:production',
    });
    // An hour in hour buckets: both buckets it touches (Sentry's single window).
    const keys = [Math.floor(start / HOUR) * HOUR, Math.floor(end / HOUR) * HOUR];
    expect(series.data.map(([t]) => t)).toEqual(keys);
    const times = await eventTimes('environment:production');
    const inRange = (from: number, to: number) => times.filter((t) => t >= from && t < to + 1);
    const now = bucketed(inRange(start, end), keys, HOUR);
    const before = bucketed(
      inRange(start - HOUR, end - HOUR),
      keys.map((key) => key - HOUR),
      HOUR,
    );
    expect(series.data.map(([, [item]]) => [item?.count, item?.comparisonCount])).toEqual(
      keys.map((_, i) => [now[i], before[i]]),
    );
    expect(before.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('adds the previous period to each of several yAxis, each against its own earlier buckets', async () => {
    const end = Math.floor(Date.now() / 1000);
    const start = end - HOUR;
    const range = { start: iso(start), end: iso(end), interval: '1h', query: 'environment:production' };
    const both = await answer<Record<string, Series>>({
      ...range,
      comparisonDelta: String(HOUR),
      yAxis: ['count()', 'equation|count() * 2'],
    });
    expect(Object.keys(both)).toEqual(['count()', 'equation|count() * 2']);
    const alone = await answer({ ...range, comparisonDelta: String(HOUR) });
    const pairs = (series: Series | undefined) =>
      (series?.data ?? []).map(([, [item]]) => [Number(item?.count), Number(item?.comparisonCount)]);
    expect(pairs(both['count()'])).toEqual(pairs(alone));
    expect(pairs(both['equation|count() * 2'])).toEqual(
      pairs(alone).map(([n, p]) => [2 * (n ?? 0), 2 * (p ?? 0)]),
    );
    expect(pairs(alone).some(([, p]) => (p ?? 0) > 0)).toBe(true);
  });
});

describe('events-stats: each dataset', () => {
  const count = async (dataset: string, yAxis = 'count()') => {
    const series = await answer({ dataset, statsPeriod: '1h', interval: '1m', partial: '1', yAxis });
    expect(series.meta.dataset).toBe(dataset);
    return total(series);
  };
  const tableCount = async (dataset: string) => {
    const search = new URLSearchParams({ dataset, statsPeriod: '1h', field: 'count()' });
    const reply = await api(`/api/0/organizations/faultline/events/?${search}`);
    return Number((reply.json as { data: { 'count()': number }[] }).data[0]?.['count()']);
  };

  it('counts the transactions, spans and logs the events endpoint counts', async () => {
    expect(await count('transactions')).toBe(2);
    expect(await count('metricsEnhanced')).toBe(2);
    expect(await count('logs')).toBe(3);
    expect(await count('ourlogs')).toBe(3);
    const spans = await count('spans');
    expect(spans).toBe(await tableCount('spans'));
    expect(spans).toBeGreaterThanOrEqual(3);
    expect(await count('errors')).toBe(await tableCount('errors'));
    // The previous hour had no logs: every comparison is 0.
    const compared = await answer({
      dataset: 'logs',
      statsPeriod: '1h',
      interval: '10m',
      comparisonDelta: '3600',
      partial: '1',
    });
    expect(total(compared)).toBe(3);
    expect(compared.data.map(([, [item]]) => item?.comparisonCount)).toEqual(compared.data.map(() => 0));
    // Sentry's datasets Faultline keeps nothing of: zero-filled.
    const profiles = await answer({ dataset: 'profiles', statsPeriod: '1h', interval: '5m' });
    expect(profiles.data).toHaveLength(12);
    expect(total(profiles)).toBe(0);
  });

  it('groups the top transactions with the dataset own functions', async () => {
    const top = await answer<Record<string, Series>>({
      dataset: 'transactions',
      statsPeriod: '1h',
      partial: '1',
      topEvents: '5',
      field: ['transaction', 'count()'],
      orderby: '-count()',
    });
    expect(Object.keys(top).sort()).toEqual(['GET /cart', 'GET /orders']);
    expect(total(top['GET /orders'] as Series)).toBe(1);
  });
});

describe("events-stats: Sentry's refusals", () => {
  const refusal = async (params: Record<string, string | string[]>) => {
    const reply = await stats(params);
    expect(reply.status, reply.body).toBe(400);
    return (reply.json as { detail: string }).detail;
  };

  it('refuses what Sentry refuses, in its words', async () => {
    expect(await refusal({ topEvents: '11', field: 'step' })).toBe('Can only get up to 10 top events');
    expect(await refusal({ topEvents: '0', field: 'step' })).toBe('If topEvents needs to be at least 1');
    expect(await refusal({ topEvents: 'five', field: 'step' })).toBe('topEvents must be an integer');
    expect(await refusal({ yAxis: 'bogus()' })).toBe('bogus is not a valid function');
    expect(await refusal({ dataset: 'nope' })).toMatch(/^dataset must be one of: discover, errors/);
    expect(await refusal({ statsPeriod: 'forever' })).toBe('Invalid statsPeriod');
    expect(await refusal({ query: 'a OR' })).toMatch(/OR/);
    expect(await refusal({ comparisonDelta: 'yesterday' })).toBe('comparisonDelta must be an integer');
  });
});

describe('events-stats: an interval Sentry cannot answer', () => {
  /** The answer's bucket length: the step between its first two keys. */
  const step = (series: Series) => (series.data[1]?.[0] ?? 0) - (series.data[0]?.[0] ?? 0);

  it("answers with the range's default interval, as Sentry's newest events-stats does, not a 400", async () => {
    // 90 days by the minute would be 129,600 buckets (more than 10,000): a day each, 90d's default.
    const coarse = await answer({ statsPeriod: '90d', interval: '1m' });
    expect(step(coarse)).toBe(86_400);
    expect(coarse.data.length).toBeGreaterThanOrEqual(90);
    expect(coarse.data.length).toBeLessThanOrEqual(91);
    // A zero interval: 24 hours' default, 5 minutes.
    expect(step(await answer({ statsPeriod: '1d', interval: '0m' }))).toBe(300);
    // The top events share the limit (10,000 / 5 buckets): 14 days by 5 minutes is 4,032 each, too
    // many, so each group is answered by 14 days' default, an hour.
    const top = await answer<Record<string, Series>>({
      statsPeriod: '14d',
      interval: '5m',
      topEvents: '5',
      field: ['step', 'count()'],
    });
    const groups = Object.values(top);
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(step(group)).toBe(HOUR);
    // An interval that fits is kept: 14 days by 5 minutes without the top events.
    expect(step(await answer({ statsPeriod: '14d', interval: '5m' }))).toBe(300);
  });
});

describe('discover.stats over the HTTP RPC', () => {
  async function rpc(params: StatsQuery) {
    const response = await fetch(`${core.url}/rpc/discover.stats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
      body: JSON.stringify(params),
    });
    return (await response.json()) as { result?: unknown; error?: { type: string; message: string } };
  }
  const web = async (params: StatsQuery) =>
    api(`/api/0/organizations/faultline/events-stats/?${statsSearchParams(params)}`);

  it('answers what the web API answers, refusals included', async () => {
    const hourNow = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
    const queries: StatsQuery[] = [
      { start: iso(hourNow - 3 * HOUR), end: iso(hourNow + HOUR), interval: '10m', partial: true },
      {
        start: iso(hourNow - 3 * HOUR),
        end: iso(hourNow + HOUR),
        topEvents: 2,
        field: ['step', 'count()'],
        orderby: ['-count()'],
        environment: ['production'],
      },
      {
        start: iso(hourNow - HOUR),
        end: iso(hourNow + HOUR),
        dataset: 'logs',
        yAxis: ['count()', 'count_unique(severity)'],
      },
    ];
    for (const query of queries) {
      const [fromWeb, fromApp] = [await web(query), await rpc(query)];
      expect(fromWeb.status).toBe(200);
      expect(fromApp.result).toEqual(fromWeb.json);
    }
    const refused = { topEvents: 11, field: ['step'] };
    const [fromWeb, fromApp] = [await web(refused), await rpc(refused)];
    expect(fromWeb.status).toBe(400);
    expect(fromApp.error).toEqual({
      type: 'invalid_query',
      message: (fromWeb.json as { detail: string }).detail,
    });
  });
});

/**
 * The requests the Logs page (Sentry's Explore → Logs) makes, built by its own `logs-url.ts`,
 * answered over the HTTP RPC by a real core fed by the real @sentry/node 11 SDK (`Sentry.logger.*`,
 * `enableLogs`): the Aggregates by severity (count, avg, max, count_unique), the charts' series (the
 * samples' count by severity, the aggregates' top groups), a row's "Samples" search, and a saved
 * query of dataset `logs` that opens as the same page; each number computed here from what the SDK
 * was given. (Debian's Python sentry-sdk, 1.9, has no logs: it is left out.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { groupSearch } from '../../../src-renderer/features/explore/explore-query.ts';
import {
  aggregatesQuery,
  chartQuery,
  isUnchanged,
  type LogsState,
  logAttributes,
  logsStateOf,
  savedBody,
  stateOfSaved,
} from '../../../src-renderer/features/logs/logs-url.ts';
import type { DiscoverTable, EventsStats, StatsSeries } from '../../../src-shared/discover-api.ts';
import type { ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import type { LogList } from '../../../src-shared/logs-api.ts';
import { startCore } from '../../support/core.ts';
import { type SentLog, sendLogsWithSdk } from '../../support/logs.ts';
import { tempDir } from '../../support/serve.ts';

let core: Core;

/** What the SDK is given: three routes, five levels, a latency on all but one record. */
const SENT: SentLog[] = [
  { level: 'info', message: 'GET /orders served', attributes: { route: '/orders', latency: 12 } },
  { level: 'info', message: 'GET /orders served', attributes: { route: '/orders', latency: 30 } },
  { level: 'info', message: 'GET /users served', attributes: { route: '/users', latency: 7 } },
  { level: 'warn', message: 'slow query', attributes: { route: '/orders', latency: 950 } },
  { level: 'warn', message: 'slow query', attributes: { route: '/reports', latency: 1400 } },
  { level: 'error', message: 'payment declined', attributes: { route: '/checkout', latency: 80 } },
  { level: 'debug', message: 'cache miss', attributes: { route: '/users' } },
  { level: 'fatal', message: 'out of memory' },
];

async function rpc<T>(method: string, params: unknown): Promise<T> {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  const answer = (await response.json()) as { result: T } | { error: unknown };
  if (!('result' in answer)) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

/** The page's state as its URL gives it. */
function pageState(search: Record<string, string | string[]>): LogsState {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search))
    for (const one of typeof value === 'string' ? [value] : value) params.append(key, one);
  return logsStateOf(params);
}

function bySeverity(): Map<string, SentLog[]> {
  const groups = new Map<string, SentLog[]>();
  for (const log of SENT) groups.set(log.level, [...(groups.get(log.level) ?? []), log]);
  return groups;
}

const latencies = (logs: SentLog[]) =>
  logs.flatMap((log) => (typeof log.attributes?.latency === 'number' ? [log.attributes.latency] : []));

const BY_SEVERITY = {
  project: '1',
  mode: 'aggregate',
  aggregateField: [
    JSON.stringify({ groupBy: 'severity' }),
    JSON.stringify({ yAxes: ['count(message)'], chartType: 0 }),
    JSON.stringify({ yAxes: ['avg(tags[latency,number])', 'max(tags[latency,number])'], chartType: 1 }),
    JSON.stringify({ yAxes: ['count_unique(route)'], chartType: 2 }),
  ],
};

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendLogsWithSdk(dsn, [SENT.slice(0, 4), SENT.slice(4)]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe('the Logs page’s requests over logs @sentry/node sent', () => {
  it('the URL reads as Sentry’s: aggregateField’s Group By and Visualize, logsFields, the defaults otherwise', () => {
    const state = pageState({ ...BY_SEVERITY, logsFields: ['timestamp', 'message', 'route'] });
    expect(state.mode).toBe('aggregate');
    expect(state.groupBy).toEqual(['severity']);
    expect(state.visualize.map((v) => [v.chartType, v.yAxes])).toEqual([
      [0, ['count(message)']],
      [1, ['avg(tags[latency,number])', 'max(tags[latency,number])']],
      [2, ['count_unique(route)']],
    ]);
    expect(state.fields).toEqual(['timestamp', 'message', 'route']);
    const plain = pageState({ project: '1' });
    expect([plain.mode, plain.visualize, plain.groupBy, plain.fields, plain.period]).toEqual([
      'samples',
      [{ chartType: 0, yAxes: ['count(message)'] }],
      [],
      ['timestamp', 'severity', 'message'],
      '14d',
    ]);
  });

  it('Aggregates: count, avg and max of a number attribute and count_unique by severity, the most logs first', async () => {
    const table = await rpc<DiscoverTable>('discover.events', aggregatesQuery(pageState(BY_SEVERITY)));
    const expected = [...bySeverity()]
      .map(([severity, logs]) => {
        const values = latencies(logs);
        return {
          severity,
          'count(message)': logs.length,
          'avg(tags[latency,number])':
            values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null,
          'max(tags[latency,number])': values.length > 0 ? Math.max(...values) : null,
          'count_unique(route)': new Set(logs.flatMap((log) => log.attributes?.route ?? [])).size,
        };
      })
      .sort((a, b) => b['count(message)'] - a['count(message)']);
    // Equal counts may come in either order: the order by count, then each severity's row.
    expect(table.data.map((row) => row['count(message)'])).toEqual(expected.map((r) => r['count(message)']));
    const rows = new Map(table.data.map((row) => [row.severity, row]));
    for (const row of expected) {
      const got = rows.get(row.severity);
      expect(got, row.severity).toBeDefined();
      expect(got?.['count(message)']).toBe(row['count(message)']);
      expect(got?.['max(tags[latency,number])']).toBe(row['max(tags[latency,number])']);
      expect(got?.['count_unique(route)']).toBe(row['count_unique(route)']);
      if (row['avg(tags[latency,number])'] === null) expect(got?.['avg(tags[latency,number])']).toBeNull();
      else expect(got?.['avg(tags[latency,number])']).toBeCloseTo(row['avg(tags[latency,number])'], 6);
    }
    expect(table.data).toHaveLength(5);
  });

  it('the samples’ chart counts every record by severity, each level’s buckets adding up to what it sent', async () => {
    const samples = pageState({ project: '1' });
    const [chart] = samples.visualize;
    const stats = (await rpc<EventsStats>(
      'discover.stats',
      chartQuery(samples, chart ?? { chartType: 0, yAxes: [] }),
    )) as Record<string, StatsSeries>;
    const totals = Object.fromEntries(
      Object.entries(stats).map(([severity, series]) => [
        severity,
        series.data.reduce((sum, [, items]) => sum + Number(items[0]?.count ?? 0), 0),
      ]),
    );
    expect(totals).toEqual(
      Object.fromEntries([...bySeverity()].map(([level, logs]) => [level, logs.length])),
    );
  });

  it('the aggregates’ chart draws the top groups: avg latency by route, in the bucket of every record', async () => {
    const state = pageState({
      project: '1',
      mode: 'aggregate',
      aggregateField: [
        JSON.stringify({ groupBy: 'route' }),
        JSON.stringify({ yAxes: ['avg(tags[latency,number])'], chartType: 1 }),
      ],
    });
    const [chart] = state.visualize;
    const stats = (await rpc<EventsStats>(
      'discover.stats',
      chartQuery(state, chart ?? { chartType: 1, yAxes: [] }),
    )) as Record<string, StatsSeries>;
    const routes = new Map<string, number[]>();
    for (const log of SENT) {
      const route = log.attributes?.route;
      if (typeof route === 'string') routes.set(route, [...(routes.get(route) ?? []), ...latencies([log])]);
    }
    // Four routes and the logs with none: five groups, the most a grouped chart draws.
    expect(Object.keys(stats)).toHaveLength(5);
    for (const [route, values] of routes) {
      const series = stats[route];
      if (!series) throw new Error(`no series for ${route}`);
      const drawn = series.data.map(([, items]) => Number(items[0]?.count ?? 0)).filter((v) => v !== 0);
      expect(drawn.length, route).toBeGreaterThan(0);
      const mean = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
      // All were sent within a bucket or two: each non-empty bucket's mean is within the route's range.
      for (const value of drawn) {
        expect(value).toBeGreaterThanOrEqual(Math.min(...values));
        expect(value).toBeLessThanOrEqual(Math.max(...values));
      }
      if (drawn.length === 1) expect(drawn[0]).toBeCloseTo(mean, 6);
    }
  });

  it('a row’s Samples lists its group’s records, and the Visualize offers the attributes they carry', async () => {
    const state = pageState(BY_SEVERITY);
    const table = await rpc<DiscoverTable>('discover.events', aggregatesQuery(state));
    const warn = table.data.find((row) => row.severity === 'warn');
    if (!warn) throw new Error('no warn row');
    const query = groupSearch(state.query, state.groupBy, warn);
    expect(query).toBe('severity:warn');
    const list = await rpc<LogList>('logs.list', { projectId: 1, query, period: '14d' });
    expect(list.logs.map((log) => log.body).sort()).toEqual(
      SENT.filter((log) => log.level === 'warn')
        .map((log) => log.message)
        .sort(),
    );
    const all = await rpc<LogList>('logs.list', { projectId: 1, period: '14d' });
    const offered = logAttributes(all.logs);
    expect(offered.numeric).toEqual(expect.arrayContaining(['severity_number', 'tags[latency,number]']));
    expect(offered.string).toEqual(expect.arrayContaining(['severity', 'route']));
    expect(offered.string).not.toContain('latency');
  });

  it('a saved query of dataset logs keeps the page, and opens as the same page', async () => {
    const state = pageState({
      ...BY_SEVERITY,
      query: 'has:route',
      logsFields: ['timestamp', 'message', 'route'],
      period: '24h',
      logsAggregateSortBys: 'severity',
    });
    const { id } = await rpc<{ id: string }>('explore.saved.save', { body: savedBody('By severity', state) });
    const saved = await rpc<ExploreSavedQuery>('explore.saved.get', { id: Number(id) });
    expect(saved).toMatchObject({ name: 'By severity', dataset: 'logs', range: '24h' });
    expect(saved.query[0]?.aggregateField).toEqual([
      { groupBy: 'severity' },
      { yAxes: ['count(message)'], chartType: 0 },
      { yAxes: ['avg(tags[latency,number])', 'max(tags[latency,number])'], chartType: 1 },
      { yAxes: ['count_unique(route)'], chartType: 2 },
    ]);
    expect(stateOfSaved(saved)).toEqual({ ...state, savedId: id });
    expect(isUnchanged(saved, { ...state, savedId: id })).toBe(true);
    expect(isUnchanged(saved, { ...state, groupBy: ['route'] })).toBe(false);
  });
});

/**
 * The requests the Traces page (Sentry's Explore) makes, built by its own `explore-url.ts`, answered
 * over the HTTP RPC by a real core fed by the real @sentry/node 11 SDK (a `transaction` item and SDK
 * 11's streamed spans): the Span Samples, the Aggregates by `span.op` with `p95(span.duration)` and
 * `count(span.duration)`, and the charts' series, each checked against numbers computed here from
 * the spans the SDK sent, as the trace view reads them back (`traces.get`, `events.traceSpans`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import {
  aggregatesQuery,
  chartQuery,
  type ExploreState,
  exploreStateOf,
  samplesQuery,
} from '../../../src-renderer/features/traces/explore-url.ts';
import type { DiscoverTable, EventsStats, StatsSeries } from '../../../src-shared/discover-api.ts';
import type { EventTrace, TraceSpanList } from '../../../src-shared/trace-api.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';

let core: Core;
/** Every span sent: its trace, id, op, start (ms) and duration (ms), as the trace view reads it. */
let sent: { traceId: string; spanId: string; op: string; start: number; duration: number }[] = [];

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

/** The spans of the traces as the trace view reads them: each transaction's root span and its child spans. */
async function spansOf(traceIds: string[]) {
  const out: typeof sent = [];
  for (const traceId of traceIds) {
    const trace = await rpc<EventTrace>('traces.get', { projectId: 1, traceId });
    for (const transaction of trace.transactions) {
      out.push({
        traceId,
        spanId: transaction.spanId,
        op: transaction.op ?? '',
        start: Date.parse(transaction.start),
        duration: transaction.durationMs,
      });
      const { spans } = await rpc<TraceSpanList>('events.traceSpans', {
        traceId,
        timestamp: transaction.start,
        ...(transaction.eventId ? { eventId: transaction.eventId } : { spanId: transaction.spanId }),
      });
      for (const span of spans)
        out.push({
          traceId,
          spanId: span.spanId,
          op: span.op ?? '',
          start: Date.parse(span.start),
          duration: span.durationMs,
        });
    }
  }
  return out;
}

/** The items by a key of theirs, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The q-th quantile by linear interpolation between the closest ranks (Snuba's `quantile`). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? low;
  return low + (high - low) * (rank - Math.floor(rank));
}

const byOp = () => groupBy(sent, (span) => span.op);

/** The page's state as its URL gives it. */
const pageState = (search: Record<string, string | string[]>): ExploreState => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search))
    for (const one of typeof value === 'string' ? [value] : value) params.append(key, one);
  return exploreStateOf(params);
};

const P95_BY_OP = {
  project: '1',
  mode: 'aggregate',
  groupBy: 'span.op',
  visualize: [
    JSON.stringify({ chartType: 1, yAxes: ['p95(span.duration)'] }),
    JSON.stringify({ chartType: 0, yAxes: ['count(span.duration)'] }),
  ],
};

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const traceIds = [
    ...(await sendTransactionsWithSdk(dsn, 'static', [
      {
        name: 'GET /orders',
        op: 'http.server',
        children: [
          { name: 'SELECT * FROM orders', op: 'db', ms: 12 },
          { name: 'SELECT * FROM items', op: 'db', ms: 35 },
          { name: 'SELECT * FROM users', op: 'db', ms: 55 },
          { name: 'render orders', op: 'ui.render', ms: 5 },
        ],
      },
    ])),
    ...(await sendTransactionsWithSdk(dsn, 'stream', [
      {
        name: 'POST /checkout',
        op: 'http.server',
        children: [
          { name: 'INSERT INTO orders', op: 'db', ms: 70 },
          { name: 'charge card', op: 'http.client', ms: 25 },
        ],
      },
    ])),
  ];
  await core.ctx.pipeline.call('pipeline.drain', {});
  sent = await spansOf(traceIds);
}, 90_000);
afterAll(() => core?.close());

describe('the Traces page’s requests over spans the SDK sent', () => {
  it('Span Samples: every span once, slowest first when sorted so, each with the trace and id its row opens', async () => {
    // Two transactions (root spans) and their six child spans.
    expect(sent).toHaveLength(8);
    const state = pageState({ project: '1', sort: '-span.duration' });
    const table = await rpc<DiscoverTable>('discover.events', samplesQuery(state));
    const rows = table.data.map((row) => ({
      traceId: row.trace,
      spanId: row.id,
      op: row['span.op'],
      duration: row['span.duration'],
    }));
    const expected = [...sent]
      .sort((a, b) => b.duration - a.duration)
      .map(({ traceId, spanId, op, duration }) => ({ traceId, spanId, op, duration }));
    expect(rows.map((r) => r.duration)).toEqual(expected.map((r) => r.duration));
    expect(new Set(rows.map((r) => `${r.traceId}:${r.spanId}:${r.op}`))).toEqual(
      new Set(expected.map((r) => `${r.traceId}:${r.spanId}:${r.op}`)),
    );
    expect(Object.keys(table.meta.fields)).toEqual(expect.arrayContaining(state.fields));

    // The search narrows them: the database spans only.
    const db = await rpc<DiscoverTable>('discover.events', samplesQuery({ ...state, query: 'span.op:db' }));
    expect(db.data.map((row) => row['span.duration'])).toEqual(
      sent
        .filter((s) => s.op === 'db')
        .map((s) => s.duration)
        .sort((a, b) => b - a),
    );
  });

  it('Aggregates: p95(span.duration) and count(span.duration) by span.op, the highest p95 first', async () => {
    const state = pageState(P95_BY_OP);
    const table = await rpc<DiscoverTable>('discover.events', aggregatesQuery(state));
    const expected = [...byOp()]
      .map(([op, spans]) => ({
        'span.op': op,
        'p95(span.duration)': percentile(
          spans.map((s) => s.duration),
          0.95,
        ),
        'count(span.duration)': spans.length,
      }))
      .sort((a, b) => b['p95(span.duration)'] - a['p95(span.duration)']);
    expect(table.data.map((row) => row['span.op'])).toEqual(expected.map((row) => row['span.op']));
    table.data.forEach((row, i) => {
      expect(row['count(span.duration)']).toBe(expected[i]?.['count(span.duration)']);
      expect(row['p95(span.duration)']).toBeCloseTo(expected[i]?.['p95(span.duration)'] ?? Number.NaN, 6);
    });
    expect(table.meta.units['p95(span.duration)']).toBe('millisecond');
  });

  it('the charts: count by time adds up to every span; grouped, each op’s p95 in each bucket', async () => {
    const samples = pageState({ project: '1' });
    const [countChart] = samples.visualize;
    const counts = (await rpc<EventsStats>(
      'discover.stats',
      chartQuery(samples, countChart ?? { chartType: 0, yAxes: [] }),
    )) as StatsSeries;
    const total = counts.data.reduce((sum, [, items]) => sum + Number(items[0]?.count ?? 0), 0);
    expect(total).toBe(sent.length);

    const grouped = pageState(P95_BY_OP);
    const [p95Chart] = grouped.visualize;
    const stats = (await rpc<EventsStats>(
      'discover.stats',
      chartQuery(grouped, p95Chart ?? { chartType: 1, yAxes: [] }),
    )) as Record<string, StatsSeries>;
    expect(new Set(Object.keys(stats))).toEqual(new Set(byOp().keys()));
    for (const [op, spans] of byOp()) {
      const series = stats[op];
      if (!series) throw new Error(`no series for ${op}`);
      const times = series.data.map(([t]) => t * 1000);
      const rollup = (times[1] ?? 0) - (times[0] ?? 0);
      expect(rollup).toBeGreaterThan(0);
      for (const [t, items] of series.data) {
        const inBucket = spans.filter((s) => s.start >= t * 1000 && s.start < t * 1000 + rollup);
        const value = Number(items[0]?.count ?? 0);
        if (inBucket.length === 0) expect(value, `${op} at ${t}`).toBe(0);
        else
          expect(value, `${op} at ${t}`).toBeCloseTo(
            percentile(
              inBucket.map((s) => s.duration),
              0.95,
            ),
            6,
          );
      }
      // Every span of the op fell in some bucket of the chart.
      expect(spans.every((s) => times.some((t) => s.start >= t && s.start < t + rollup))).toBe(true);
    }
  });
});

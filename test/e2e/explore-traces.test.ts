/**
 * The Traces page as Sentry's Explore in Chromium on `faultline serve`, fed by the real @sentry/node
 * SDK: Visualize set to p95(span.duration), grouped by span.op, the Aggregates tab's rows checked
 * against the p95 computed here from the spans the SDK sent (read back as the trace view reads them);
 * a row's "Samples" narrows the Span Samples to its op; the query saved, starred, found in the
 * saved queries' list after a reload and reopened as the same chart and table; Sentry's web API sees it.
 */
import { describe, expect, it } from 'vitest';
import type { ExploreSavedQuery } from '../../src-shared/explore-saved-api.ts';
import type { EventTrace, TraceSpanList } from '../../src-shared/trace-api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { request } from '../support/http.ts';
import { sendTransactionsWithSdk } from '../support/transactions.ts';
import { rpc } from './fixtures/rpc.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Explore Traces test: ${missing}`);

/** The items by a key of theirs, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The q-th quantile by linear interpolation between the closest ranks. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? low;
  return low + (high - low) * (rank - Math.floor(rank));
}

describe.skipIf(missing !== undefined)('the Traces page as Sentry’s Explore in Chromium', () => {
  const app = appInChromium();

  /** Each span's op and duration as the trace view reads them back. */
  async function sentSpans(traceIds: string[]): Promise<{ op: string; duration: number }[]> {
    const out: { op: string; duration: number }[] = [];
    for (const traceId of traceIds) {
      const trace = await rpc<EventTrace>(app.server, 'traces.get', { projectId: 1, traceId });
      for (const transaction of trace.transactions) {
        out.push({ op: transaction.op ?? '', duration: transaction.durationMs });
        const { spans } = await rpc<TraceSpanList>(app.server, 'events.traceSpans', {
          traceId,
          timestamp: transaction.start,
          ...(transaction.eventId ? { eventId: transaction.eventId } : { spanId: transaction.spanId }),
        });
        for (const span of spans) out.push({ op: span.op ?? '', duration: span.durationMs });
      }
    }
    return out;
  }

  it('visualizes p95(span.duration) by span.op, checks the aggregates, saves the query and reopens it after a reload', async () => {
    const { page, server } = app;
    const traceIds = [
      ...(await sendTransactionsWithSdk(server.info.dsn, 'static', [
        {
          name: 'GET /orders',
          op: 'http.server',
          children: [
            { name: 'SELECT * FROM orders', op: 'db', ms: 15 },
            { name: 'SELECT * FROM items', op: 'db', ms: 45 },
            { name: 'render orders', op: 'ui.render', ms: 5 },
          ],
        },
      ])),
      ...(await sendTransactionsWithSdk(server.info.dsn, 'stream', [
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
    await expect.poll(async () => (await sentSpans(traceIds)).length, { timeout: 15_000 }).toBe(7);
    const spans = await sentSpans(traceIds);
    const expected = [...groupBy(spans, (s) => s.op)]
      .map(([op, group]) => ({
        op,
        p95: percentile(
          group.map((s) => s.duration),
          0.95,
        ),
      }))
      .sort((a, b) => b.p95 - a.p95);

    await page.getByRole('link', { name: 'Traces', exact: true }).click();
    await page.getByRole('heading', { name: 'Traces', exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('span-samples').locator('tbody tr').count(), { timeout: 15_000 })
      .toBe(7);

    // Visualize p95(span.duration) as a line, grouped by span.op, in the Aggregates tab.
    await page.getByLabel('Function of chart 1').selectOption('p95');
    await expect.poll(() => page.getByLabel('Attribute of chart 1').inputValue()).toBe('span.duration');
    await page.getByLabel('Chart type of p95(span.duration)').selectOption('line');
    await page.getByLabel('Add a group by').selectOption('span.op');
    await page.getByRole('tab', { name: 'Aggregates' }).click();
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    expect(hash()).toContain('mode=aggregate');
    expect(hash()).toContain('groupBy=span.op');
    expect(hash()).toContain('visualize={"chartType":1,"yAxes":["p95(span.duration)"]}');

    const aggregateRows = page.getByRole('table', { name: 'Aggregates' }).locator('tbody tr');
    /** Each row's op and its p95's exact value (the cell's title). */
    const aggregates = () =>
      aggregateRows.evaluateAll((trs) =>
        trs.map((tr) => {
          const [, op, p95] = [...tr.children] as HTMLElement[];
          return { op: op?.innerText ?? '', p95: Number(p95?.title ?? p95?.innerText) };
        }),
      );
    const closeTo = (rows: { op: string; p95: number }[]) =>
      rows.map((row) => ({ op: row.op, p95: expect.closeTo(row.p95, 6) }));
    await expect.poll(aggregates, { timeout: 15_000 }).toEqual(closeTo(expected));
    // The chart draws the top ops' p95 by time, as a line.
    const chart = page.getByTestId('explore-chart');
    await expect.poll(() => chart.getAttribute('data-chart-type')).toBe('line');
    await expect
      .poll(() =>
        chart.locator('[data-series]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-series'))),
      )
      .toEqual(expect.arrayContaining(expected.map((row) => row.op)));

    // Save it, star it; the web API has it as the page made it.
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Query name').fill('p95 by op');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/[?&]id=\d+/);
    await page.getByRole('button', { name: 'Star p95 by op' }).click();
    await page.getByRole('button', { name: 'Unstar p95 by op' }).waitFor();
    const reply = await request(`${server.info.url}/api/0/organizations/faultline/explore/saved/?starred=1`, {
      headers: { authorization: `Bearer ${server.info.token}` },
    });
    const [saved] = JSON.parse(reply.body) as ExploreSavedQuery[];
    expect(saved).toMatchObject({
      name: 'p95 by op',
      dataset: 'spans',
      starred: true,
      query: [
        {
          mode: 'aggregate',
          groupby: ['span.op'],
          visualize: [{ chartType: 1, yAxes: ['p95(span.duration)'] }],
        },
      ],
    });

    // A row's Samples: the span samples of its op.
    const [slowest] = expected;
    await aggregateRows.first().getByRole('button', { name: 'Samples' }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('span-samples')
          .locator('tbody tr')
          .evaluateAll((trs) => trs.map((tr) => (tr.children[1] as HTMLElement).innerText)),
      )
      .toEqual(spans.filter((s) => s.op === slowest?.op).map((s) => s.op));

    // After a reload, the saved list has it starred; opened, it is the same query and table again.
    await page.goto(`${server.info.url}/#/traces/saved`);
    await page.reload();
    const starred = page.getByTestId('explore-saved-starred');
    await starred.getByRole('link', { name: 'p95 by op' }).click();
    await expect.poll(() => page.getByTestId('explore-saved-name').innerText()).toBe('p95 by op');
    expect(hash()).toContain('mode=aggregate');
    await expect.poll(aggregates, { timeout: 15_000 }).toEqual(closeTo(expected));
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});

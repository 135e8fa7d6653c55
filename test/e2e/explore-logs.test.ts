/**
 * The Logs page as Sentry's Explore → Logs in Chromium on `faultline serve`, fed by the real
 * @sentry/node SDK (`Sentry.logger.*`, `enableLogs`): the chart counts the records by severity; a
 * column added to the records; grouped by severity with count(message), the Aggregates' rows and the
 * chart's totals checked against what the SDK was given; the query saved, starred, found in the saved
 * queries' list after a reload and reopened as the same table; Sentry's web API sees it.
 */
import { describe, expect, it } from 'vitest';
import type { ExploreSavedQuery } from '../../src-shared/explore-saved-api.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { request } from '../support/http.ts';
import { type SentLog, sendLogsWithSdk } from '../support/logs.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Explore Logs test: ${missing}`);

const SENT: SentLog[] = [
  { level: 'info', message: 'user signed in', attributes: { route: '/login' } },
  { level: 'info', message: 'user signed out', attributes: { route: '/logout' } },
  { level: 'info', message: 'order listed', attributes: { route: '/orders' } },
  { level: 'warn', message: 'slow checkout', attributes: { route: '/checkout' } },
  { level: 'warn', message: 'retrying payment', attributes: { route: '/checkout' } },
  { level: 'error', message: 'payment declined', attributes: { route: '/checkout' } },
  { level: 'debug', message: 'cache miss' },
];

/** How many records of each level were sent, most first. */
function countsBySeverity(): { severity: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const log of SENT) counts.set(log.level, (counts.get(log.level) ?? 0) + 1);
  return [...counts]
    .map(([severity, count]) => ({ severity, count }))
    .sort((a, b) => b.count - a.count || a.severity.localeCompare(b.severity));
}

describe.skipIf(missing !== undefined)('the Logs page as Sentry’s Explore in Chromium', () => {
  const app = appInChromium();

  it('groups by severity with count, checks the aggregates and the chart, saves the query and reopens it after a reload', async () => {
    const { page, server } = app;
    await sendLogsWithSdk(server.info.dsn, [SENT]);
    const expected = countsBySeverity();
    const totals = Object.fromEntries(expected.map((row) => [row.severity, row.count]));

    await page.getByRole('link', { name: 'Logs', exact: true }).click();
    await page.getByRole('heading', { name: 'Logs', exact: true }).waitFor();
    const rows = page.getByRole('table', { name: 'Logs' }).locator('tbody tr.log-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(SENT.length);

    // The chart: count(message) by severity, each level's buckets adding up to what was sent.
    const chart = page.getByTestId('explore-chart');
    /** Each series' name and the sum of its buckets, as the chart lists them. */
    const chartTotals = () =>
      chart
        .locator('[data-series]')
        .evaluateAll((trs) =>
          Object.fromEntries(
            trs.map((tr) => [
              tr.getAttribute('data-series') ?? '',
              (tr.getAttribute('data-values') ?? '').split(' ').reduce((sum, v) => sum + Number(v), 0),
            ]),
          ),
        );
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual(totals);

    // A column added to the records: each row's route, or nothing.
    await page.getByLabel('Add a column').fill('route');
    await page.getByRole('button', { name: 'Add column' }).click();
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    await expect.poll(hash).toContain('logsFields=route');
    await listSettled(page, 'logs-table');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => (tr.lastElementChild as HTMLElement).innerText)))
      .toEqual([...SENT].reverse().map((log) => log.attributes?.route ?? ''));

    // Group by severity, in the Aggregates tab.
    await page.getByLabel('Add a group by').selectOption('severity');
    await page.getByRole('tab', { name: 'Aggregates' }).click();
    await expect.poll(hash).toContain('mode=aggregate');
    expect(hash()).toContain('aggregateField={"groupBy":"severity"}');
    const aggregateRows = page.getByRole('table', { name: 'Aggregates' }).locator('tbody tr');
    const aggregates = () =>
      aggregateRows.evaluateAll((trs) =>
        trs.map((tr) => {
          const [, severity, count] = [...tr.children] as HTMLElement[];
          return { severity: severity?.innerText ?? '', count: Number(count?.innerText) };
        }),
      );
    const sorted = (list: { severity: string; count: number }[]) =>
      [...list].sort((a, b) => b.count - a.count || a.severity.localeCompare(b.severity));
    await expect.poll(async () => sorted(await aggregates()), { timeout: 15_000 }).toEqual(expected);
    // Most logs first, as Sentry's aggregates sort unless told.
    expect((await aggregates()).map((row) => row.count)).toEqual(expected.map((row) => row.count));
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual(totals);

    // Save it, star it; the web API has it as the page made it.
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Query name').fill('Logs by severity');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/[?&]id=\d+/);
    await page.getByRole('button', { name: 'Star Logs by severity' }).click();
    await page.getByRole('button', { name: 'Unstar Logs by severity' }).waitFor();
    const reply = await request(`${server.info.url}/api/0/organizations/faultline/explore/saved/?starred=1`, {
      headers: { authorization: `Bearer ${server.info.token}` },
    });
    const [saved] = JSON.parse(reply.body) as ExploreSavedQuery[];
    expect(saved).toMatchObject({
      name: 'Logs by severity',
      dataset: 'logs',
      starred: true,
      query: [
        {
          mode: 'aggregate',
          fields: ['timestamp', 'severity', 'message', 'route'],
          aggregateField: [{ groupBy: 'severity' }, { yAxes: ['count(message)'], chartType: 0 }],
        },
      ],
    });

    // A row's Samples: the records of its level.
    await aggregateRows.filter({ hasText: 'warn' }).getByRole('button', { name: 'Samples' }).click();
    await expect.poll(() => page.getByLabel('Search logs').inputValue()).toBe('severity:warn');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => (tr.children[2] as HTMLElement).innerText)))
      .toEqual(
        SENT.filter((log) => log.level === 'warn')
          .map((log) => log.message)
          .reverse(),
      );

    // After a reload, the saved list has it starred; opened, it is the same table again.
    await page.goto(`${server.info.url}/#/logs/saved`);
    await page.reload();
    await page.getByTestId('explore-saved-starred').getByRole('link', { name: 'Logs by severity' }).click();
    await expect.poll(() => page.getByTestId('explore-saved-name').innerText()).toBe('Logs by severity');
    expect(hash()).toContain('mode=aggregate');
    await expect.poll(async () => sorted(await aggregates()), { timeout: 15_000 }).toEqual(expected);
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual(totals);
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});

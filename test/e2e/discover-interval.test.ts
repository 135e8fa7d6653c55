/**
 * Discover's Interval and Top N pickers in Chromium on `faultline serve`, fed by the real @sentry/node
 * SDK with errors of five steps spread over the last 7 days, each in the middle of a 4-hour bucket:
 * "4h" picked in the Interval picker and 3 in the Limit picker of "Top 5 Period" (then "Top 3 Period"),
 * the chart's buckets 4 hours apart and its series the top 3 steps and Other, each event in the bucket
 * it was sent in; kept in the URL over a reload and in a saved query opened again; and the Y-axis
 * picker cleared, "No Y-Axis selected".
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { request } from '../support/http.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Discover interval test: ${missing}`);

const FOUR_HOURS = 4 * 3600;
/** Each step's events, by how many whole 4-hour buckets before the current one they fall in. */
const SENT: Record<string, number[]> = {
  pay: [0, 0, 3, 10],
  confirm: [1, 5, 20],
  boot: [2, 30],
  ship: [4],
  cart: [6],
};

describe.skipIf(missing !== undefined)('Discover interval and Top N in Chromium', () => {
  const app = appInChromium();

  it('charts the top 3 by 4 hours as sent, over a reload and a save, and clears the Y-axis', async () => {
    const { page, server } = app;
    // Each event in the middle of its bucket, two hours from either edge.
    const current = Math.floor(Date.now() / 1000 / FOUR_HOURS) * FOUR_HOURS;
    const sentAt = Date.now() / 1000;
    const bucketOf = (before: number) => current - before * FOUR_HOURS;
    const errors: SenderSpec['errors'] = Object.entries(SENT).flatMap(([step, befores]) =>
      befores.map((before, i) => ({
        name: 'StepFailed',
        message: `${step} ${i}`,
        tags: { step },
        minutesAgo: (sentAt - (bucketOf(before) + FOUR_HOURS / 2)) / 60,
      })),
    );
    await sendWithSdk(server.info.dsn, { environment: 'production', errors });
    await page.getByRole('link', { name: 'Discover', exact: true }).click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    const urlParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    await page.evaluate(() => {
      window.location.hash = '#/discover?field=step&field=count()&sort=-count()&statsPeriod=7d';
    });
    const chart = page.getByTestId('discover-chart');
    /** Each series' buckets with events: bucket key → count. */
    const drawn = async () => {
      const table = page.getByTestId('discover-chart-totals');
      const keys = ((await table.getAttribute('data-buckets')) ?? '').split(' ').map(Number);
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.getAttribute('data-series') ?? '', tr.getAttribute('data-values') ?? '']),
        );
      return {
        keys,
        series: Object.fromEntries(
          rows.map(([name, values]) => [
            name,
            Object.fromEntries(
              (values ?? '')
                .split(' ')
                .map((v, i) => [String(keys[i]), Number(v)])
                .filter(([, count]) => count !== 0),
            ),
          ]),
        ),
      };
    };
    /** What was sent, by 4-hour bucket: the top 3 steps by count, the rest as Other. */
    const expected: Record<string, Record<string, number>> = {};
    const add = (name: string, before: number) => {
      const series = expected[name] ?? {};
      const key = String(bucketOf(before));
      series[key] = (series[key] ?? 0) + 1;
      expected[name] = series;
    };
    for (const [step, befores] of Object.entries(SENT))
      for (const before of befores) add(['pay', 'confirm', 'boot'].includes(step) ? step : 'Other', before);

    const checkTop3 = async () => {
      await expect.poll(() => chart.getAttribute('data-interval'), { timeout: 15_000 }).toBe('4h');
      await expect.poll(() => chart.getAttribute('data-top-events'), { timeout: 15_000 }).toBe('3');
      await expect.poll(async () => (await drawn()).series, { timeout: 20_000 }).toEqual(expected);
      const { keys } = await drawn();
      // 7 days by 4 hours: 42 buckets, and the one holding now; each 4 hours on from the one before.
      expect(keys.length).toBeGreaterThanOrEqual(42);
      expect(keys.length).toBeLessThanOrEqual(43);
      for (const [i, key] of keys.entries()) {
        expect(key % FOUR_HOURS).toBe(0);
        if (i > 0) expect(key - (keys[i - 1] ?? 0)).toBe(FOUR_HOURS);
      }
      expect(keys).toContain(current);
      expect(await page.getByLabel('Display').locator('option[value="top5"]').textContent()).toBe(
        'Top 3 Period',
      );
    };

    // The default for 7 days: 30 minutes; the choices Sentry offers for it.
    await expect.poll(() => chart.getAttribute('data-interval'), { timeout: 20_000 }).toBe('30m');
    const interval = page.getByLabel('Interval');
    expect(await interval.locator('option').allTextContents()).toEqual(['30m', '1h', '4h', '1d']);
    await interval.selectOption('4h');
    await expect.poll(() => urlParams().get('interval'), { timeout: 15_000 }).toBe('4h');
    await page.getByLabel('Display').selectOption('top5');
    await expect.poll(() => chart.getAttribute('data-top-events'), { timeout: 15_000 }).toBe('5');
    // The top 5 of five steps: no Other.
    await expect
      .poll(async () => Object.keys((await drawn()).series).sort(), { timeout: 20_000 })
      .toEqual(['boot', 'cart', 'confirm', 'pay', 'ship']);
    await page.getByLabel('Limit').selectOption('3');
    await expect.poll(() => urlParams().get('topEvents'), { timeout: 15_000 }).toBe('3');
    await checkTop3();

    // A reload keeps both.
    await page.reload();
    await checkTop3();

    // Saved with both, as Sentry keeps them; opened again from the list, the same chart.
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Query name').fill('Top 3 by 4h');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => urlParams().get('id'), { timeout: 15_000 }).toMatch(/^\d+$/);
    const reply = await request(
      `${server.info.url}/api/0/organizations/faultline/discover/saved/${urlParams().get('id')}/`,
      { headers: { authorization: `Bearer ${server.info.token}` } },
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ interval: '4h', topEvents: 3, display: 'top5' });
    await page.evaluate(() => {
      window.location.hash = '#/discover';
    });
    await expect.poll(() => chart.getAttribute('data-interval'), { timeout: 15_000 }).toBe('5m');
    await page.evaluate(() => {
      window.location.hash = '#/discover/saved';
    });
    await page.getByRole('link', { name: 'Top 3 by 4h' }).click();
    await expect.poll(() => urlParams().get('topEvents'), { timeout: 15_000 }).toBe('3');
    expect(urlParams().get('interval')).toBe('4h');
    await checkTop3();

    // The Y-axis picker cleared: no chart, Sentry's words, `yAxis=` in the URL.
    await page.getByTestId('discover-yaxis-summary').click();
    await page.getByRole('group', { name: 'Y-Axis' }).getByRole('button', { name: 'Clear' }).click();
    await page.getByTestId('discover-no-yaxis').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('discover-no-yaxis').textContent()).toBe('No Y-Axis selected.');
    expect(urlParams().getAll('yAxis')).toEqual(['']);
    expect(await page.getByTestId('discover-chart-totals').count()).toBe(0);
    expect(await page.getByTestId('discover-yaxis-summary').textContent()).toBe('Y-Axis: None');

    // The top 10 over 90 days by the hour would be 21,600 buckets, more than events-stats answers
    // (10,000): it answers by 90 days' default, a day, and the chart says so.
    await page.evaluate(() => {
      window.location.hash =
        '#/discover?field=step&field=count()&sort=-count()&statsPeriod=90d&display=top5&topEvents=10&interval=1h';
    });
    await page.getByTestId('discover-interval-answered').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('discover-interval-answered').textContent()).toBe(
      'By 1h the period is more buckets than events-stats answers for the top 10: it answered by 1d.',
    );
    const daily = await drawn();
    expect((daily.keys[1] ?? 0) - (daily.keys[0] ?? 0)).toBe(86_400);
    expect(Object.values(daily.series.pay ?? {}).reduce((a: number, b) => a + Number(b), 0)).toBe(
      SENT.pay?.length,
    );
    // An interval that does not fit the period, and a Top N that is none: named, the defaults used.
    await page.evaluate(() => {
      window.location.hash =
        '#/discover?field=step&field=count()&statsPeriod=7d&display=top5&topEvents=11&interval=1m';
    });
    await page.getByTestId('discover-chart-refused').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('discover-chart-refused').textContent()).toMatch(
      /not “11”: showing the top 5/,
    );
    await expect.poll(() => chart.getAttribute('data-top-events'), { timeout: 15_000 }).toBe('5');
    expect(await chart.getAttribute('data-interval')).toBe('30m');
    expect(await page.getByTestId('discover-interval-bound').textContent()).toBe(
      '1m does not fit this period: 30m is used.',
    );
    expect(app.problems).toEqual([]);
  });
});

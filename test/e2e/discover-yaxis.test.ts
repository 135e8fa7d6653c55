/**
 * Discover's Y-axis picker and Previous Period in Chromium on `faultline serve`, fed by the real
 * @sentry/node SDK with errors in this 24 hours and in the 24 hours before: two Y-axes chosen (a
 * function and an equation), drawn as two series with a legend and kept in the URL's `yAxis=` over a
 * reload and in a saved query; the top 5 display refused for two axes; Previous Period's series
 * totals checked against what was sent in each period; an axis whose column is removed dropped.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { request } from '../support/http.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Discover Y-axis test: ${missing}`);

const NOW: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'declined now 1', tags: { step: 'pay' } },
  { name: 'PaymentDeclined', message: 'declined now 2', tags: { step: 'pay' } },
  { name: 'PaymentDeclined', message: 'declined now 3', tags: { step: 'confirm' } },
  { name: 'DatabaseDown', message: 'refused now', tags: { step: 'boot' } },
];
/** In the 24 hours before this 24 hours: 26 and 30 hours ago. */
const BEFORE: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'declined yesterday 1', tags: { step: 'pay' }, minutesAgo: 26 * 60 },
  { name: 'DatabaseDown', message: 'refused yesterday', tags: { step: 'boot' }, minutesAgo: 30 * 60 },
];
const EQUATION = 'count() * 2';

describe.skipIf(missing !== undefined)('Discover Y-axes and Previous Period in Chromium', () => {
  const app = appInChromium();

  it('charts two Y-axes with a legend, keeps them over a reload and a save, and compares periods', async () => {
    const { page, server } = app;
    await sendWithSdk(server.info.dsn, { environment: 'production', errors: [...NOW, ...BEFORE] });
    await page.getByRole('link', { name: 'Discover', exact: true }).click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    const urlParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    await page.evaluate((equation) => {
      window.location.hash = `#/discover?field=step&field=count()&field=${encodeURIComponent(`equation|${equation}`)}&statsPeriod=24h`;
    }, EQUATION);
    const chart = page.getByTestId('discover-chart');
    const chartTotals = async () =>
      Object.fromEntries(
        await page
          .getByTestId('discover-chart-totals')
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => [tr.getAttribute('data-series') ?? '', Number(tr.getAttribute('data-total'))]),
          ),
      );
    // The default: the first function alone.
    await expect.poll(chartTotals, { timeout: 20_000 }).toEqual({ 'count()': NOW.length });

    // The equation added as a second Y-axis: two series, both in the legend.
    await page.getByTestId('discover-yaxis-summary').click();
    const picker = page.getByRole('group', { name: 'Y-Axis' });
    await picker.getByLabel(EQUATION, { exact: true }).check();
    await expect
      .poll(() => urlParams().getAll('yAxis'), { timeout: 15_000 })
      .toEqual(['count()', `equation|${EQUATION}`]);
    // Two series, count()'s total as sent; the equation's buckets are count()'s doubled, its figure the highest.
    const values = async (name: string) =>
      ((await chart.locator(`tr[data-series="${name}"]`).getAttribute('data-values')) ?? '')
        .split(' ')
        .map(Number);
    const doubled = async (name: string) => (await values(name)).map((v) => 2 * v);
    const checkBoth = async () => {
      await expect
        .poll(async () => Object.keys(await chartTotals()), { timeout: 20_000 })
        .toEqual(['count()', EQUATION]);
      expect((await chartTotals())['count()']).toBe(NOW.length);
      expect(await values(EQUATION)).toEqual(await doubled('count()'));
      expect((await chartTotals())[EQUATION]).toBe(Math.max(...(await doubled('count()'))));
    };
    await checkBoth();
    await expect.poll(() => chart.locator('figcaption').textContent()).toContain(EQUATION);
    expect(await chart.locator('svg polyline').count()).toBe(2);
    // Either axis can be unchecked (the picker can be cleared); the top 5 displays take one axis.
    expect(await picker.getByLabel('count()', { exact: true }).isDisabled()).toBe(false);
    const top5 = page.getByLabel('Display').locator('option[value="top5"]');
    expect(await top5.isDisabled()).toBe(true);
    expect(await top5.getAttribute('title')).toBe('Choose a single Y-axis to use this view.');

    // A reload keeps the choice.
    await page.reload();
    await checkBoth();

    // Previous Period: each axis against the 24 hours before, where BEFORE was sent. An equation's
    // figure is its highest bucket (its buckets need not add up): its buckets are count()'s doubled.
    await page.getByLabel('Display').selectOption('previous');
    await expect.poll(() => chart.getAttribute('data-display'), { timeout: 15_000 }).toBe('previous');
    await expect
      .poll(async () => Object.keys(await chartTotals()), { timeout: 15_000 })
      .toEqual(['count()', EQUATION, 'previous count()', `previous ${EQUATION}`]);
    const totals = await chartTotals();
    expect(totals['count()']).toBe(NOW.length);
    expect(totals['previous count()']).toBe(BEFORE.length);
    expect(await values(EQUATION)).toEqual(await doubled('count()'));
    expect(await values(`previous ${EQUATION}`)).toEqual(await doubled('previous count()'));
    expect(totals[`previous ${EQUATION}`]).toBe(Math.max(...(await doubled('previous count()'))));
    await expect.poll(() => chart.locator('figcaption').textContent()).toContain('previous count()');

    // Saved with its Y-axes; opened again from the list, they are drawn again.
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Query name').fill('Two axes');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => urlParams().get('id'), { timeout: 15_000 }).toMatch(/^\d+$/);
    const id = urlParams().get('id');
    const reply = await request(`${server.info.url}/api/0/organizations/faultline/discover/saved/${id}/`, {
      headers: { authorization: `Bearer ${server.info.token}` },
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({
      yAxis: ['count()', `equation|${EQUATION}`],
      display: 'previous',
    });
    await page.evaluate(() => {
      window.location.hash = '#/discover';
    });
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual({ 'count()': NOW.length });
    await page.evaluate(() => {
      window.location.hash = '#/discover/saved';
    });
    await page.getByRole('link', { name: 'Two axes' }).click();
    await expect
      .poll(() => urlParams().getAll('yAxis'), { timeout: 15_000 })
      .toEqual(['count()', `equation|${EQUATION}`]);
    await expect.poll(() => chart.getAttribute('data-display'), { timeout: 15_000 }).toBe('previous');
    await expect.poll(async () => (await chartTotals())['count()'], { timeout: 15_000 }).toBe(NOW.length);
    expect(await values(EQUATION)).toEqual(await doubled('count()'));

    // The equation's column removed: its Y-axis is dropped from the URL, count() stays.
    await page.getByRole('button', { name: 'Remove column 3' }).click();
    await page.getByRole('button', { name: 'Apply columns' }).click();
    await expect.poll(() => urlParams().getAll('yAxis'), { timeout: 15_000 }).toEqual(['count()']);
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual({
      'count()': NOW.length,
      'previous count()': BEFORE.length,
    });
    expect(app.problems).toEqual([]);
  });
});

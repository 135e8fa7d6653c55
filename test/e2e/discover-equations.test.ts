/**
 * Discover's equations and chart displays in Chromium on `faultline serve`, fed by the real
 * @sentry/node SDK: an equation added in the column editor ("Add an Equation", a malformed one
 * refused as typed in Sentry's words), its column worked out from the other columns (checked against
 * what was sent), sorted by it from its header; the chart switched to Previous Period (the period
 * before beside this one) and to Total Daily (by day, as bars), kept in the URL's `display=`.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Discover equations test: ${missing}`);

const ERRORS: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' }, user: { id: '7' } },
  { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '8' } },
  { name: 'PaymentDeclined', message: 'card declined once more', tags: { step: 'pay' }, user: { id: '7' } },
  { name: 'PaymentDeclined', message: 'declined at confirm', tags: { step: 'confirm' }, user: { id: '9' } },
  { name: 'DatabaseDown', message: 'database connection refused', tags: { step: 'boot' } },
];
const EQUATION = 'count() / count_unique(user)';

/** Per step, as the table should show it: events, users and events per user (none without users). */
function expectedRows() {
  const steps = new Map<string, { count: number; users: Set<string> }>();
  for (const error of ERRORS) {
    const step = error.tags?.step ?? '';
    const entry = steps.get(step) ?? { count: 0, users: new Set<string>() };
    entry.count += 1;
    if (error.user?.id) entry.users.add(error.user.id);
    steps.set(step, entry);
  }
  return [...steps].map(([step, { count, users }]) => ({
    step,
    count,
    users: users.size,
    ratio: users.size === 0 ? '' : String(Math.round((count / users.size) * 10_000) / 10_000),
  }));
}

describe.skipIf(missing !== undefined)('Discover equations and displays in Chromium', () => {
  const app = appInChromium();

  it('adds an equation column, sorts by it, and shows the chart as Previous Period and Total Daily', async () => {
    const { page, server } = app;
    await sendWithSdk(server.info.dsn, { environment: 'production', errors: ERRORS });
    await page.getByRole('link', { name: 'Discover', exact: true }).click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Discover results' });
    const rows = table.locator('tbody tr');
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    const urlParams = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(ERRORS.length);

    // step, count(), count_unique(user), then an equation of the two functions.
    await page.getByLabel('Column 1 field').fill('step');
    await page.getByLabel('Column 2 kind').selectOption('count');
    await page.getByLabel('Column 3 kind').selectOption('count_unique');
    await page.getByLabel('Column 3 argument').fill('user');
    await page.getByRole('button', { name: 'Remove column 4' }).click();
    await page.getByRole('button', { name: 'Add an Equation' }).click();
    const equation = page.getByLabel('Column 4 equation');
    await equation.fill('count() +');
    await expect
      .poll(() => page.getByTestId('discover-equation-problem').textContent())
      .toBe('Unable to parse your equation, make sure it is well formed arithmetic');
    await equation.fill('count() * p50(transaction.duration)');
    await expect
      .poll(() => page.getByTestId('discover-equation-problem').textContent())
      .toBe('p50(transaction.duration) used in an equation but is not a selected function');
    await equation.fill(EQUATION);
    await expect.poll(() => page.getByTestId('discover-equation-problem').count()).toBe(0);
    await page.getByRole('button', { name: 'Apply columns' }).click();
    await expect
      .poll(() => table.locator('thead th').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['step', 'count()', 'count_unique(user)', EQUATION]);
    expect(urlParams().getAll('field')).toContain(`equation|${EQUATION}`);

    const cells = async () =>
      (
        await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')))
      ).map(([step = '', count = '', users = '', ratio = '']) => ({
        step,
        count: Number(count),
        users: Number(users),
        ratio,
      }));
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(expectedRows().length);
    await listSettled(page, 'discover-table');
    expect(await cells()).toEqual(expect.arrayContaining(expectedRows()));

    // Sorted by the equation from its header: most events per user first, a step without users last.
    await table.getByRole('button', { name: EQUATION, exact: true }).click();
    await expect.poll(() => urlParams().get('sort'), { timeout: 15_000 }).toBe(`-equation|${EQUATION}`);
    await listSettled(page, 'discover-table');
    const byRatio = [...expectedRows()].sort(
      (a, b) => (b.ratio === '' ? -1 : Number(b.ratio)) - (a.ratio === '' ? -1 : Number(a.ratio)),
    );
    await expect
      .poll(async () => (await cells()).map((row) => row.step), { timeout: 15_000 })
      .toEqual(byRatio.map((row) => row.step));

    // The chart: this period's count() against the previous period's, where nothing was sent.
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
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual({ 'count()': ERRORS.length });
    await page.getByLabel('Display').selectOption('previous');
    await expect.poll(hash, { timeout: 15_000 }).toContain('display=previous');
    await expect.poll(() => chart.getAttribute('data-display')).toBe('previous');
    await expect
      .poll(chartTotals, { timeout: 15_000 })
      .toEqual({ 'count()': ERRORS.length, 'previous count()': 0 });

    // Total Daily: day buckets drawn as bars, the same total.
    await page.getByLabel('Display').selectOption('daily');
    await expect.poll(hash, { timeout: 15_000 }).toContain('display=daily');
    await expect.poll(() => chart.locator('svg').getAttribute('data-kind'), { timeout: 15_000 }).toBe('bars');
    await expect.poll(chartTotals, { timeout: 15_000 }).toEqual({ 'count()': ERRORS.length });
    expect(await chart.locator('svg rect').count()).toBeGreaterThan(0);
    expect(app.problems).toEqual([]);
  });
});

/**
 * The issue list's absolute range in Chromium (Sentry's page filter "from … to …"), fed by the real
 * @sentry/node SDK: the issues seen in the range with its counts and graph, kept in the URL as
 * Sentry's `start` and `end`, and left for a period again.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, issueListSettled } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const HOUR = 3_600_000;
/** `datetime-local`'s value of an instant, the page being in UTC. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe.skipIf(missing !== undefined)('an absolute date range in the issue list', () => {
  const app = appInChromium({ timezoneId: 'UTC' });
  const titles = async () =>
    (await app.page.getByTestId('issue-row').locator('.issue-title a').allTextContents()).map((t) =>
      t.trim(),
    );

  it('lists the issues seen from … to …, with their counts and graph, kept in the URL', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        { name: 'NightlyJobFailed', message: 'export broke', minutesAgo: 180 },
        { name: 'CheckoutFailed', message: 'card declined' },
      ],
    });
    const page = app.page;
    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expect.poll(titles, { timeout: 15_000 }).toHaveLength(2);

    const now = Date.now();
    await page.getByRole('button', { name: 'Absolute…' }).click();
    await page.getByLabel('From', { exact: true }).fill(local(now - 5 * HOUR));
    await page.getByLabel('To', { exact: true }).fill(local(now - HOUR));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).hash, { timeout: 15_000 }).toMatch(/start=.*end=/);
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual([expect.stringContaining('NightlyJobFailed')]);
    // Four hours graphed in hours (Sentry's optimal rollup), from the hour of the start to that of the end.
    const graph = page.getByTestId('issue-row').first().getByTestId('sparkline');
    expect(await graph.getAttribute('aria-label')).toBe('1 events in period');
    expect(await graph.getByTestId('sparkline-bucket').count()).toBe(5);
    expect(await page.getByRole('button', { name: '24h', exact: true }).getAttribute('aria-pressed')).toBe(
      'false',
    );

    // The URL alone restores the range.
    await page.reload();
    await expect.poll(titles, { timeout: 15_000 }).toEqual([expect.stringContaining('NightlyJobFailed')]);

    // The issue opened from there charts the range, as Sentry's issue page keeps the page filter.
    await page.getByTestId('issue-row').locator('.issue-title a').click();
    const head = page.locator('.events-chart .chart-head strong');
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toMatch(/^1 event from /);
    await page.getByRole('button', { name: '7d', exact: true }).click();
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('1 event in 7d');
    await page.goBack();

    // A period leaves the range.
    await expect.poll(titles, { timeout: 15_000 }).toEqual([expect.stringContaining('NightlyJobFailed')]);
    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expect.poll(titles, { timeout: 15_000 }).toHaveLength(2);
    expect(new URL(page.url()).hash).not.toMatch(/start=/);
    expect(app.problems).toEqual([]);
  });
});

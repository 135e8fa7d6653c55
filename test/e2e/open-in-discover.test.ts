/**
 * "Open in Discover" where Sentry has it, in Chromium on `faultline serve`, fed by the real
 * @sentry/node SDK: from an issue opened from the list (which keeps the list's chosen period, and no
 * period when none is chosen), its Events tab opens Discover on that issue's events alone, under the
 * page's period; a tag value's link adds the value; a transaction summary opens Discover on that
 * transaction's events alone. The rows are checked against what was sent.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, issueListSettled, listSettled } from '../support/chromium.ts';
import { type SentTransaction, sendTransactionsWithSdk } from '../support/transactions.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Open in Discover tests: ${missing}`);

describe.skipIf(missing !== undefined)('Open in Discover in Chromium', () => {
  const app = appInChromium({ timezoneId: 'UTC' });
  const hash = () => decodeURIComponent(new URL(app.page.url()).hash);
  /** The parameters of the page's URL (`#/page?…`). */
  const asked = () => new URLSearchParams(new URL(app.page.url()).hash.split('?')[1] ?? '');
  const discoverRows = () => app.page.getByRole('table', { name: 'Discover results' }).locator('tbody tr');
  /** The Discover table's cells of one column, by its header. */
  const column = async (name: string) => {
    const table = app.page.getByRole('table', { name: 'Discover results' });
    const headers = await table.locator('thead th').allInnerTexts();
    const index = headers.findIndex((header) => header.trim() === name);
    expect(index, `column ${name} in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
    return table.locator(`tbody tr td:nth-child(${index + 1})`).allInnerTexts();
  };

  it("opens an issue from the list with the list's chosen period, and its events in Discover", async () => {
    const { page, server } = app;
    const sent = await sendWithSdk(server.info.dsn, {
      environment: 'production',
      errors: [
        { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' }, user: { id: '7' } },
        { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '8' } },
        { name: 'PaymentDeclined', message: 'declined at confirm', tags: { step: 'confirm' } },
        { name: 'DatabaseDown', message: 'database connection refused', tags: { step: 'pay' } },
      ],
    });
    const row = page
      .getByTestId('issue-row')
      .filter({ hasText: 'PaymentDeclined' })
      .locator('.issue-title a');
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    // No period chosen (the list shows its default): the issue opens on its own default, as Sentry's.
    expect(await row.getAttribute('href')).not.toContain('period=');

    await page.getByRole('button', { name: '7d', exact: true }).click();
    await expect.poll(hash).toContain('period=7d');
    await issueListSettled(page);
    await expect.poll(() => row.getAttribute('href')).toContain('period=7d');
    await row.click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/issues\/\d+\?.*period=7d/);
    const tabs = page.getByRole('navigation', { name: 'Issue sections' });
    await expect.poll(() => tabs.textContent(), { timeout: 15_000 }).toContain('Events (3)');

    // The Events tab's "Open in Discover": the issue's events, under the page's period.
    await tabs.getByRole('link', { name: /^Events/ }).click();
    await page.getByTestId('event-row').first().waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Open in Discover', exact: true }).click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    await expect.poll(hash).toMatch(/^#\/discover\?/);
    expect(asked().get('query')).toMatch(/^issue:DEFAULT-\w+$/);
    expect(asked().get('statsPeriod')).toBe('7d');
    expect(asked().get('dataset')).toBe('errors');
    await expect.poll(() => discoverRows().count(), { timeout: 20_000 }).toBe(3);
    // Sentry's issue event view has no sort, so the rows are compared as a set.
    expect((await column('title')).sort()).toEqual([
      'PaymentDeclined: card declined',
      'PaymentDeclined: card declined again',
      'PaymentDeclined: declined at confirm',
    ]);
    expect(await column('environment')).toEqual(['production', 'production', 'production']);
    expect(sent).toHaveLength(4);

    // A tag value's "Open in Discover": the issue's events with that value.
    await page.goBack();
    await tabs.getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('link', { name: 'step', exact: true }).click();
    await page
      .getByTestId('tag-value-row')
      .filter({ has: page.getByRole('link', { name: 'pay', exact: true }) })
      .getByRole('link', { name: 'Open in Discover' })
      .click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    expect(asked().get('query')).toMatch(/^issue:DEFAULT-\w+ step:"pay"$/);
    expect(asked().get('statsPeriod')).toBe('7d');
    await expect.poll(() => discoverRows().count(), { timeout: 20_000 }).toBe(2);
    expect((await column('title')).sort()).toEqual([
      'PaymentDeclined: card declined',
      'PaymentDeclined: card declined again',
    ]);
    expect(app.problems).toEqual([]);
  });

  it("opens a transaction summary's events in Discover, that transaction's alone", async () => {
    const { page, server } = app;
    const checkout = (ms: number, id: string): SentTransaction => ({
      name: 'POST /checkout',
      op: 'http.server',
      ms,
      user: { id },
    });
    const home: SentTransaction = { name: 'GET /', op: 'http.server', ms: 5, user: { id: 'u1' } };
    const traces = await sendTransactionsWithSdk(server.info.dsn, 'static', [
      home,
      checkout(120, 'u1'),
      home,
      checkout(300, 'u2'),
    ]);
    const checkoutTraces = [traces[3], traces[1]];
    await page.getByRole('link', { name: 'Performance' }).click();
    await page.getByRole('heading', { name: 'Performance', exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Transactions' });
    await expect
      .poll(() => table.locator('tbody tr td:first-child').allInnerTexts(), { timeout: 20_000 })
      .toContain('POST /checkout');
    await listSettled(page, 'performance-table');
    await table.getByText('POST /checkout', { exact: true }).click();
    const summary = page.getByRole('region', { name: 'Summary of POST /checkout' });
    await summary.getByRole('link', { name: 'Open in Discover' }).click();
    await page.getByRole('heading', { name: 'Discover', exact: true }).waitFor();
    expect(asked().get('dataset')).toBe('transactions');
    expect(asked().get('query')).toBe('transaction:"POST /checkout"');
    await expect.poll(() => discoverRows().count(), { timeout: 20_000 }).toBe(2);
    // Slowest first, as the summary's events list was ordered; each row is one of the checkouts sent.
    expect(await column('trace')).toEqual(checkoutTraces);
    expect(app.problems).toEqual([]);
  });
});

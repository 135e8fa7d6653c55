/**
 * The Performance page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK: it
 * says how to get transactions until some arrive, then tables each name (TPM its default order,
 * failure rate, Apdex, users), sorts both ways, searches and counts by period; a name opens onto its summary
 * (figures, histogram, span operations, slowest and newest events, related issues), whose events follow
 * to their trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { type SentTransaction, sendTransactionsWithSdk } from '../support/transactions.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Performance page tests: ${missing}`);

const checkout = (failing: boolean, id: string): SentTransaction => ({
  name: 'POST /checkout',
  op: 'http.server',
  ms: 350,
  user: { id },
  nameScope: true,
  children: [{ name: 'INSERT INTO orders', op: 'db.sql.query', ms: 60 }],
  ...(failing ? { status: 'internal_error', error: 'card declined' } : {}),
});
const home: SentTransaction = { name: 'GET /', op: 'http.server', ms: 5, user: { id: 'u1' } };

describe.skipIf(missing !== undefined)('the Performance page in Chromium', () => {
  const app = appInChromium();

  it('tables the transactions, sorts and searches them, opens a summary and follows an event to its trace', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Performance' }).click();
    await page.getByRole('heading', { name: 'Performance', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('performance-empty').innerText()).toContain('tracesSampleRate');
    await expect.poll(() => page.getByTestId('performance-bound').innerText()).toContain('newest 500');

    // Live: the open page lists what arrives.
    await sendTransactionsWithSdk(server.info.dsn, 'static', [
      home,
      home,
      home,
      checkout(false, 'u1'),
      checkout(true, 'u2'),
    ]);
    const table = page.getByRole('table', { name: 'Transactions' });
    const rows = table.locator('tbody tr');
    // Three GET / (none failed, all satisfied) before two POST /checkout (one failed, both tolerated).
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/^GET \/\thttp\.server\t<0\.01\t.*\t0\.00%\t1\.00\t1$/),
        expect.stringMatching(/^POST \/checkout\thttp\.server\t<0\.01\t.*\t50\.00%\t0\.50\t2$/),
      ]);
    await table.getByRole('button', { name: 'Failure rate' }).click();
    await listSettled(page, 'performance-table');
    await expect
      .poll(() => rows.locator('td:first-child').allInnerTexts())
      .toEqual(['POST /checkout', 'GET /']);
    expect(page.url()).toContain('sort=failure');
    // Clicked again, the column sorts ascending, as Sentry's headers do; a third click, descending again.
    const failureHeader = table.getByRole('columnheader', { name: /Failure rate/ });
    await table.getByRole('button', { name: 'Failure rate' }).click();
    await listSettled(page, 'performance-table');
    await expect
      .poll(() => rows.locator('td:first-child').allInnerTexts())
      .toEqual(['GET /', 'POST /checkout']);
    expect(await failureHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await failureHeader.innerText()).toBe('Failure rate ↑');
    expect(page.url()).toMatch(/sort=failure&order=asc/);
    // The order is the URL's: a reload keeps it.
    await page.reload();
    await expect
      .poll(() => rows.locator('td:first-child').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['GET /', 'POST /checkout']);
    await table.getByRole('button', { name: 'Failure rate' }).click();
    await listSettled(page, 'performance-table');
    await expect
      .poll(() => rows.locator('td:first-child').allInnerTexts())
      .toEqual(['POST /checkout', 'GET /']);
    expect(await failureHeader.getAttribute('aria-sort')).toBe('descending');
    expect(page.url()).toContain('order=desc');
    // Over the last hour, three transactions are 0.05 a minute.
    await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: '1h' }).click();
    await listSettled(page, 'performance-table');
    await expect.poll(() => rows.last().innerText()).toMatch(/^GET \/\thttp\.server\t0\.05\t/);
    await page.getByRole('searchbox', { name: 'Search transactions' }).fill('checkout');
    await page.getByRole('searchbox', { name: 'Search transactions' }).press('Enter');
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).toEqual(['POST /checkout']);
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({
      path: path.join(REPO_ROOT, 'test-artifacts', 'performance.png'),
      fullPage: true,
    });

    await rows.first().getByRole('button', { name: 'POST /checkout' }).click();
    const panel = page.getByRole('region', { name: 'Summary of POST /checkout' });
    const figures = panel.getByRole('definition');
    await expect.poll(() => figures.first().innerText()).toBe('2');
    // Its buckets hold both events.
    const buckets = panel.getByRole('figure', { name: 'Duration distribution' }).getByRole('listitem');
    const bucketCounts = async () =>
      (await buckets.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? '')))
        .map((label) => Number(label.split(': ').at(-1)))
        .reduce((sum, count) => sum + count, 0);
    await expect.poll(bucketCounts).toBe(2);
    await expect
      .poll(() => panel.getByRole('table', { name: 'Span operations' }).locator('tbody tr').allInnerTexts())
      .toEqual([
        'http\t0.0ms\t0.00%',
        expect.stringMatching(/^db\t60ms\t/),
        'browser\t0.0ms\t0.00%',
        'resource\t0.0ms\t0.00%',
      ]);
    const related = panel.getByRole('region', { name: 'Related issues' });
    await expect
      .poll(() => related.getByRole('listitem').allInnerTexts())
      .toEqual([expect.stringContaining('card declined')]);
    const events = panel.getByRole('table', { name: 'Events of POST /checkout' });
    await expect.poll(() => events.locator('tbody tr').count()).toBe(2);
    const durations = async () =>
      (await events.locator('tbody td:nth-child(3)').allInnerTexts()).map((text) => Number.parseFloat(text));
    const slowest = await durations();
    expect(slowest).toEqual([...slowest].sort((a, b) => b - a));
    await panel.getByRole('group', { name: 'Events order' }).getByRole('button', { name: 'newest' }).click();
    await expect.poll(() => page.url()).toContain('samples=newest');
    // The newest failed (it was sent last).
    await expect.poll(() => events.locator('tbody tr').first().innerText()).toContain('internal_error');
    await page.screenshot({
      path: path.join(REPO_ROOT, 'test-artifacts', 'transaction-summary.png'),
      fullPage: true,
    });

    await events.locator('tbody tr').first().getByRole('link').click();
    await expect.poll(() => page.url()).toContain('#/traces/');
    await page
      .getByRole('region', { name: 'Trace' })
      .getByRole('list', { name: 'Spans of POST /checkout' })
      .waitFor();
    expect(app.problems).toEqual([]);
  });
});

/**
 * The Logs page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK with
 * `enableLogs: true`: it says how to turn logs on until some arrive, then lists them newest first as
 * they come (without a reload) or oldest first, within a period, filters them by level and text, and
 * shows a record's attributes
 * and links to its trace: the trace view, as Sentry's Logs explorer links it (also for a trace with no
 * transaction), which links back to the trace's logs, and the issues of the trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { sendLogsWithSdk, sendTracedLogsWithSdk } from '../support/logs.ts';
import { REPO_ROOT } from '../support/serve.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Logs page tests: ${missing}`);

describe.skipIf(missing !== undefined)('the Logs page in Chromium', () => {
  const app = appInChromium();

  it('lists what the SDK logged as it arrives, filters by level and text, and opens a record', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('logs-empty').innerText()).toContain('enableLogs: true');

    await sendLogsWithSdk(server.info.dsn, [
      [
        { level: 'info', message: 'user signed in', attributes: { userId: 42 } },
        { level: 'error', message: 'payment declined', attributes: { 'payment.provider': 'acme' } },
        { level: 'warn', message: 'slow checkout' },
      ],
    ]);
    const rows = page.getByRole('table', { name: 'Logs' }).locator('tbody tr.log-row');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/\twarn\tslow checkout$/i),
        expect.stringMatching(/\terror\tpayment declined$/i),
        expect.stringMatching(/\tinfo\tuser signed in$/i),
      ]);
    expect(await rows.nth(1).locator('.level').getAttribute('class')).toBe('level level-error');

    // Oldest first, and a shorter period (the last 14 days unless chosen), both kept in the URL.
    await page.getByLabel('Sort by').selectOption('oldest');
    await listSettled(page, 'logs-table');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([
        expect.stringMatching(/\tuser signed in$/i),
        expect.stringMatching(/\tpayment declined$/i),
        expect.stringMatching(/\tslow checkout$/i),
      ]);
    expect(page.url()).toContain('sort=oldest');
    // The period's rows are the same three: the table says when they are the new period's.
    const periods = page.getByRole('group', { name: 'Period' });
    await periods.getByRole('button', { name: '1h' }).click();
    await expect
      .poll(() => periods.getByRole('button', { name: '1h' }).getAttribute('aria-pressed'))
      .toBe('true');
    expect(page.url()).toContain('period=1h');
    await listSettled(page, 'logs-table');
    expect(await rows.count()).toBe(3);
    await page.getByLabel('Sort by').selectOption('newest');
    await listSettled(page, 'logs-table');
    await periods.getByRole('button', { name: '14d' }).click();
    await listSettled(page, 'logs-table');
    await expect.poll(() => rows.first().innerText()).toMatch(/\tslow checkout$/i);

    const search = page.getByLabel('Search logs');
    await search.fill('level:error');
    await search.press('Enter');
    await listSettled(page, 'logs-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tpayment declined$/i)]);
    expect(page.url()).toContain('query=level%3Aerror');

    await rows.first().click();
    const details = page.getByTestId('log-details');
    const attributes = await details.getByRole('table', { name: 'Attributes' }).locator('tr').allInnerTexts();
    expect(attributes).toEqual(
      expect.arrayContaining([
        'payment.provider\tacme',
        'sentry.sdk.name\tsentry.javascript.node',
        'sentry.release\tlogs-test@1.0.0',
      ]),
    );
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'logs.png'), fullPage: true });
    const traceLink = details.getByRole('link', { name: 'issues of this trace' });
    expect(await traceLink.getAttribute('href')).toMatch(/^#\/issues\?project=1&query=trace%3A[0-9a-f]{32}$/);

    // An attribute's value joins the search; attributes compare as numbers, and has: works.
    await search.fill('');
    await search.press('Enter');
    await listSettled(page, 'logs-table');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.nth(2).click();
    await page.getByTestId('log-details').getByRole('button', { name: '42' }).click();
    await expect.poll(() => search.inputValue()).toBe('userId:42');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tuser signed in$/i)]);
    // Each search below lists what the one before did: wait for its own rows.
    await search.fill('userId:>40 !has:payment.provider');
    await search.press('Enter');
    await listSettled(page, 'logs-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tuser signed in$/i)]);

    await search.fill('SIGNED level:info,warn');
    await search.press('Enter');
    await listSettled(page, 'logs-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tuser signed in$/i)]);
    await search.fill('nothing like this');
    await search.press('Enter');
    await page.getByText('No logs match this search.').waitFor();
    expect(app.problems).toEqual([]);

    // OR, AND and parentheses as Sentry's Explore reads them, AND binding tighter than OR.
    await search.fill('level:error OR signed level:info');
    await search.press('Enter');
    await listSettled(page, 'logs-table');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([expect.stringMatching(/\tpayment declined$/i), expect.stringMatching(/\tuser signed in$/i)]);
    await search.fill('(level:error OR signed) AND level:info');
    await search.press('Enter');
    await listSettled(page, 'logs-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tuser signed in$/i)]);
    expect(app.problems).toEqual([]);

    // A search it cannot read says what is wrong, where, in Sentry's words.
    await search.fill('level:error OR');
    await search.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toContain("Condition is missing on the right side of 'OR' operator (at 12–14");
  });

  it('opens a record’s trace, with or without a transaction, and the trace’s logs from there', async () => {
    const { page, server } = app;
    const rows = page.getByRole('table', { name: 'Logs' }).locator('tbody tr.log-row');
    // The test before ends on a refused search (its 400 is among the page's problems). Leave it
    // before sending: the logs arriving would refetch it, and the page report another 400.
    await page.goto(`${server.info.url}/#/logs?project=1`);
    await expect.poll(() => rows.count()).toBe(3);
    const problemsBefore = app.problems.length;
    const { tracedTraceId, untracedTraceId } = await sendTracedLogsWithSdk(server.info.dsn);
    await rows.filter({ hasText: 'importing orders' }).waitFor({ timeout: 15_000 });

    await rows.filter({ hasText: 'importing orders' }).click();
    await page.getByTestId('log-details').getByRole('link', { name: tracedTraceId }).click();
    await expect.poll(() => page.url()).toContain(`#/traces/${tracedTraceId}?project=1&timestamp=`);
    const trace = page.getByRole('region', { name: 'Trace' });
    await expect
      .poll(() => trace.getByTestId('trace-transaction').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/^▸ import orders task default/)]);

    // The trace's logs: this one only.
    await trace.getByRole('link', { name: 'Logs of this trace' }).click();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\timporting orders$/i)]);
    expect(await page.getByLabel('Search logs').inputValue()).toBe(`trace:${tracedTraceId}`);

    // A log outside any span: its trace has its error and no transaction, and still opens.
    await page.goto(`${server.info.url}/#/logs?project=1`);
    await rows.filter({ hasText: 'orders import failed' }).click();
    await page.getByTestId('log-details').getByRole('link', { name: untracedTraceId }).click();
    await expect
      .poll(() => trace.getByTestId('trace-error').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/Error: the import crashed/)]);
    expect(await trace.getByTestId('trace-summary').textContent()).toMatch(/^1 error and 0 transactions/);
    expect(app.problems.slice(problemsBefore)).toEqual([]);
  });

  it('while a search loads, the table keeps the rows of the search before and says it is busy', async () => {
    const { page, server } = app;
    const table = page.getByTestId('logs-table');
    const rows = table.locator('tbody tr.log-row');
    const problemsBefore = app.problems.length;
    await page.goto(`${server.info.url}/#/logs?project=1&query=${encodeURIComponent('declined')}`);
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tpayment declined$/i)]);
    await listSettled(page, 'logs-table');
    const before = await rows.allInnerTexts();

    // The next search's answer is held back until the table has been read.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/rpc/logs.list', async (route: Route) => {
      const params = route.request().postDataJSON() as { query?: string };
      if (params.query === 'user signed in') await released;
      await route.continue();
    });
    try {
      const search = page.getByLabel('Search logs');
      await search.fill('user signed in');
      await search.press('Enter');
      // Read at once, not polled: listSettled counts on the table being busy as soon as the
      // search has been submitted.
      expect(await table.getAttribute('aria-busy')).toBe('true');
      expect(await rows.allInnerTexts()).toEqual(before);

      release();
      await listSettled(page, 'logs-table');
      expect(await rows.allInnerTexts()).toEqual([expect.stringMatching(/\tinfo\tuser signed in$/i)]);
      expect(await table.getAttribute('aria-busy')).toBe('false');
    } finally {
      release();
      await page.unroute('**/rpc/logs.list');
    }
    expect(app.problems.slice(problemsBefore)).toEqual([]);
  });
});

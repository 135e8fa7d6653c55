/**
 * The Traces page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK with
 * `tracesSampleRate: 1`: it says how to turn tracing on until transactions arrive, then lists them
 * newest first as they come (without a reload), with their op, duration, status and errors; a row
 * opens its trace, the transaction's span waterfall and its error linked to its issue; the search
 * filters by name. A trace is a tree, as Sentry's trace view draws it: a transaction under the one that
 * called it, spans under their parents (not in plain start order), an error under its span.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendTraceTreeWithSdk, sendTransactionsWithSdk } from '../support/transactions.ts';
import { rpc } from './fixtures/rpc.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Traces page tests: ${missing}`);

describe.skipIf(missing !== undefined)('the Traces page in Chromium', () => {
  const app = appInChromium();

  it('lists transactions as they arrive, opens one onto its waterfall and errors, and filters by name', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Traces' }).click();
    await page.getByRole('heading', { name: 'Traces', exact: true }).waitFor();
    // The transactions are Explore's Trace Samples tab (Span Samples opens first, as in Sentry).
    await page.getByRole('tab', { name: 'Trace Samples' }).click();
    await expect.poll(() => page.getByTestId('traces-empty').innerText()).toContain('tracesSampleRate: 1.0');

    await sendTransactionsWithSdk(server.info.dsn, 'static', [
      {
        name: 'GET /slow',
        op: 'http.server',
        ms: 60,
        children: [
          { name: 'SELECT * FROM users', op: 'db.query', ms: 30 },
          { name: 'render profile', op: 'ui.render', ms: 5 },
        ],
      },
    ]);
    await sendTransactionsWithSdk(server.info.dsn, 'stream', [
      {
        name: 'nightly-report',
        op: 'task',
        status: 'internal_error',
        error: 'the report could not be built',
      },
    ]);
    const rows = page.getByRole('table', { name: 'Traces' }).locator('tbody tr');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/\tnightly-report\ttask\t\s*[\d.]+ms\tinternal_error\t1$/),
        expect.stringMatching(/\tGET \/slow\thttp\.server\t\s*\d+ms\tok\t0$/),
      ]);
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'traces.png'), fullPage: true });

    // The slow request opens onto its spans, the database query the longest of them.
    await rows.nth(1).click();
    const trace = page.getByRole('region', { name: 'Trace' });
    await expect
      .poll(() => trace.getByTestId('trace-summary').textContent())
      .toMatch(/^no errors and 1 transaction in this trace/);
    const spans = trace.getByRole('list', { name: 'Spans of GET /slow' }).getByTestId('trace-span');
    await expect
      .poll(() => spans.allInnerTexts())
      .toEqual([
        expect.stringMatching(/db\.query SELECT \* FROM users/),
        expect.stringMatching(/ui\.render render profile/),
      ]);
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'trace-view.png'), fullPage: true });

    // The failed report's trace links its error to the issue.
    await page.getByRole('link', { name: '← Traces' }).click();
    await page.getByRole('tab', { name: 'Trace Samples' }).click();
    await rows.first().getByRole('link', { name: 'nightly-report' }).click();
    await trace.getByRole('link', { name: /DEFAULT-1.*the report could not be built/ }).click();
    await expect.poll(() => page.url()).toMatch(/#\/issues\/\d+\/events\/[0-9a-f]{32}$/);

    // The navigation's entry, by its exact name: until the trace view is gone, its "← Traces" matches too.
    await page.getByRole('link', { name: 'Traces', exact: true }).click();
    await page.getByRole('tab', { name: 'Trace Samples' }).click();
    const search = page.getByLabel('Search traces');
    await search.fill('SLOW');
    await search.press('Enter');
    await listSettled(page, 'traces-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tGET \/slow\t/)]);
    expect(page.url()).toContain('query=SLOW');
    await search.fill('status:internal_error');
    await search.press('Enter');
    await listSettled(page, 'traces-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/\tnightly-report\t/)]);
    await search.fill('nothing like this');
    await search.press('Enter');
    await page.getByText('No transactions match this search.').waitFor();
    expect(app.problems).toEqual([]);
  });

  it('draws a trace as a tree: the called transaction under its caller, spans under their parents, the error in its span', async () => {
    const { page, server } = app;
    const traceId = await sendTraceTreeWithSdk(server.info.dsn, 'stream');
    // Opened before the pipeline has a transaction of it, the page's first fetch is a 404 (a problem).
    await expect
      .poll(() => rpc(server, 'traces.get', { projectId: 1, traceId }).then(() => 'found', String), {
        timeout: 15_000,
      })
      .toBe('found');
    await page.goto(`${server.info.url}/#/traces/${traceId}?project=1`);
    const trace = page.getByRole('region', { name: 'Trace' });
    await expect
      .poll(() => trace.getByTestId('trace-summary').textContent(), { timeout: 15_000 })
      .toMatch(/^1 error and 2 transactions in this trace/);
    /** Each row's text and how far its label is indented, top to bottom. */
    const rows = () =>
      trace.locator('.trace-row').evaluateAll((elements) =>
        elements.map((row) => {
          const label = row.querySelector('.trace-label') as HTMLElement;
          return `${Number.parseInt(getComputedStyle(label).paddingLeft, 10) / 12} ${label.innerText.trim()}`;
        }),
      );
    // Collapsed: the server's transaction under the task, the error under the server's transaction.
    await expect
      .poll(rows)
      .toEqual([
        expect.stringMatching(/^0 ▸ nightly sync task default · 1 span$/),
        expect.stringMatching(/^1 ▸ GET http\.server default · 5 spans$/),
        expect.stringMatching(/^2 ERROR DEFAULT-\d+ Error: the orders could not be priced default$/),
      ]);

    await trace.getByRole('button', { name: /nightly sync/ }).click();
    await trace.getByRole('button', { name: /^▸ GET/ }).click();
    // The user's query started after the orders' (Promise.all), yet it is drawn under its own parent.
    await expect
      .poll(rows)
      .toEqual([
        expect.stringMatching(/^0 ▾ nightly sync/),
        expect.stringMatching(/^1 http\.client GET /),
        expect.stringMatching(/^2 ▾ GET http\.server/),
        '3 function load user',
        '4 db.query SELECT * FROM users',
        '3 function load orders',
        '4 db.query SELECT * FROM orders',
        '3 function price orders',
        expect.stringMatching(/^4 ERROR DEFAULT-\d+ Error: the orders could not be priced/),
      ]);
    // A span's self time: its duration less what its child spans cover.
    const loadUser = trace.getByTestId('trace-span').filter({ hasText: 'load user' }).locator('.trace-time');
    const [total, self] = [
      Number.parseFloat((await loadUser.innerText()) ?? ''),
      Number.parseFloat((await loadUser.getAttribute('title'))?.replace('self time ', '') ?? ''),
    ];
    expect(self).toBeGreaterThan(5);
    expect(self).toBeLessThan(total - 30);
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'trace-tree.png'), fullPage: true });
    expect(app.problems).toEqual([]);
  });
});

/**
 * The Queries page in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK with
 * `tracesSampleRate: 1` and database spans: it says how to get database spans until some arrive, then
 * lists each normalized query once with its count, sortable; an N+1 shows as its runs in one
 * transaction; a query opens onto its samples as sent, each following to its trace; the search filters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendTransactionsWithSdk } from '../support/transactions.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Queries page tests: ${missing}`);

describe.skipIf(missing !== undefined)('the Queries page in Chromium', () => {
  const app = appInChromium();

  it('groups the queries the SDK traced, sorts them, opens one onto its samples and follows one to its trace', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Queries' }).click();
    await page.getByRole('heading', { name: 'Queries', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('queries-empty').innerText()).toContain('tracesSampleRate: 1.0');

    await sendTransactionsWithSdk(server.info.dsn, 'static', [
      {
        name: 'GET /users/7',
        op: 'http.server',
        children: [{ name: 'SELECT * FROM users WHERE id = 7', op: 'db.sql.query', ms: 150 }],
      },
      {
        name: 'GET /feed',
        op: 'http.server',
        children: [1, 2, 3, 4, 5].map((author) => ({
          name: `SELECT * FROM posts WHERE author_id = ${author}`,
          op: 'db',
          ms: 1,
        })),
      },
    ]);
    const [checkout = ''] = await sendTransactionsWithSdk(server.info.dsn, 'stream', [
      {
        name: 'POST /checkout',
        op: 'http.server',
        children: [{ name: 'SELECT * FROM users WHERE id = 12', op: 'db.sql.query', ms: 150 }],
      },
    ]);

    // Time spent first: the two user lookups, one query, above the five quick posts (each a timer of
    // 1 ms, which a loaded machine may run far later: the lookups take long enough to stay above).
    const table = page.getByRole('table', { name: 'Queries' });
    const rows = table.locator('tbody tr');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/^SELECT \* FROM users WHERE id = %s\t2\t.*\t1$/s),
        expect.stringMatching(/^SELECT \* FROM posts WHERE author_id = %s\t5\t.*\t5$/s),
      ]);
    // Sorted anew, the table shows the rows in the order before until the new order comes.
    await table.getByRole('button', { name: 'Count' }).click();
    await listSettled(page, 'queries-table');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^SELECT \* FROM posts/),
        expect.stringMatching(/^SELECT \* FROM users/),
      ]);
    expect(page.url()).toContain('sort=count');
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'queries.png'), fullPage: true });

    // The user lookup opens onto its samples, newest first, as the SDK sent them.
    await rows.nth(1).getByRole('button', { name: 'SELECT * FROM users WHERE id = %s' }).click();
    const samples = page.getByRole('table', { name: 'Samples of SELECT * FROM users WHERE id = %s' });
    await expect
      .poll(() => samples.locator('tbody tr').allInnerTexts())
      .toEqual([
        expect.stringMatching(/\tSELECT \* FROM users WHERE id = 12\tPOST \/checkout$/),
        expect.stringMatching(/\tSELECT \* FROM users WHERE id = 7\tGET \/users\/7$/),
      ]);
    await page.screenshot({
      path: path.join(REPO_ROOT, 'test-artifacts', 'query-samples.png'),
      fullPage: true,
    });

    // A sample follows to its trace, its transaction's spans open.
    await samples.getByRole('link', { name: 'POST /checkout' }).click();
    await expect.poll(() => page.url()).toContain(`#/traces/${checkout}`);
    const trace = page.getByRole('region', { name: 'Trace' });
    await expect
      .poll(() =>
        trace
          .getByRole('list', { name: 'Spans of POST /checkout' })
          .getByTestId('trace-span')
          .allInnerTexts(),
      )
      .toEqual([expect.stringMatching(/db\.sql\.query SELECT \* FROM users WHERE id = 12/)]);

    await page.getByRole('link', { name: 'Queries' }).click();
    const search = page.getByLabel('Search queries');
    await search.fill('POSTS author_id');
    await search.press('Enter');
    await listSettled(page, 'queries-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^SELECT \* FROM posts/)]);
    await search.fill('nothing like this');
    await search.press('Enter');
    await page.getByText('No queries match this search.').waitFor();
    expect(app.problems).toEqual([]);
  });
});

/**
 * A performance issue's page in Chromium against the built `bin/faultline serve`: a real
 * @sentry/node 11 transaction running an ORM-like N+1 (one query, then the same parameterized
 * query per row) makes an N+1 Query issue, whose page shows Sentry's span evidence — the
 * transaction, the parent span, the source query and the repeating queries with their durations —
 * instead of a stack trace, and links to the trace.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendTransactionsWithSdk } from '../support/transactions.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const POSTS = 'SELECT * FROM posts WHERE author_id = $1';
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the performance issue browser test: ${missing}`);

describe.skipIf(missing !== undefined)('a performance issue’s page in Chromium', () => {
  const app = appInChromium();

  it('shows the N+1’s span evidence and links to its trace', async () => {
    const [traceId = ''] = await sendTransactionsWithSdk(app.server.info.dsn, 'static', [
      {
        name: 'GET /authors',
        op: 'http.server',
        children: [
          { name: 'SELECT * FROM authors LIMIT 6', op: 'db', ms: 4 },
          ...Array.from({ length: 6 }, () => ({ name: POSTS, op: 'db', ms: 15 })),
        ],
      },
    ]);
    await openLatestEventOf(app, 'issue.type:performance_n_plus_one_db_queries');
    const evidence = app.page.getByTestId('span-evidence');
    await evidence.waitFor();
    expect(await evidence.getByTestId('evidence-transaction').textContent()).toContain('GET /authors');
    const rows = evidence.getByTestId('evidence-span');
    const texts = await rows.allTextContents();
    expect(texts[0]).toMatch(/^Parent Span.*http\.server.*GET \/authors/);
    expect(texts[1]).toMatch(/^Preceding Span.*db.*SELECT \* FROM authors LIMIT 6/);
    const offending = texts.slice(2);
    expect(offending).toHaveLength(6);
    for (const text of offending)
      expect(text).toMatch(/^Offending Span.*db.*posts WHERE author_id = \$1\s*15 ms/);
    // An error's stack trace is not there.
    expect(await app.page.getByRole('region', { name: 'Exception' }).count()).toBe(0);
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'performance-issue.png'), fullPage: true });

    await evidence.getByTestId('evidence-trace-link').click();
    await expect.poll(() => app.page.url()).toContain(`#/traces/${traceId}`);
    expect(app.problems).toEqual([]);
  }, 60_000);
});

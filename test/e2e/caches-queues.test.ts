/**
 * The Caches and Queues pages in Chromium against `bin/faultline serve`, fed by the real @sentry/node
 * SDK with Sentry's documented manual cache and queue spans: each says how to get its spans until some
 * arrive; Caches then charts the reads and lists the transactions with their miss rates, one opening
 * onto its hits and misses; Queues lists each destination with what was published, processed and
 * failed, one opening onto its producer and consumer and their messages, which follow to their trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CachePlan, expectedReads, sendCachesAndQueuesWithSdk } from '../support/cache-queue.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Caches and Queues page tests: ${missing}`);

const VALUES = { 'user:1': { name: 'Ada' }, 'user:2': { name: 'Grace' }, feed: [1, 2, 3] };
const PLANS: CachePlan[] = [
  { transaction: 'GET /users', keys: ['user:1', 'user:2', 'user:1', 'user:1'], values: VALUES },
  { transaction: 'GET /feed', keys: ['feed', 'feed', 'user:2'], values: VALUES },
];
const share = (part: number, whole: number) => `${((part / whole) * 100).toFixed(2)}%`;

describe.skipIf(missing !== undefined)('the Caches and Queues pages in Chromium', () => {
  const app = appInChromium();

  it('charts and tables the cache reads, then the queue messages, each down to its samples and trace', async () => {
    const { page, server } = app;
    await page.getByRole('link', { name: 'Caches' }).click();
    await page.getByRole('heading', { name: 'Caches', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('caches-empty').innerText()).toContain('cache.get');

    const run = await sendCachesAndQueuesWithSdk(server.info.dsn, 'static', {
      caches: PLANS,
      queues: {
        producer: 'POST /checkout',
        messages: [
          { destination: 'orders', body: { order: 1 } },
          { destination: 'orders', body: { order: 2 }, retries: 3, fail: true },
          { destination: 'emails', body: { to: 'ada@example.com' } },
        ],
        waitMs: 30,
      },
    });
    const reads = expectedReads(PLANS);
    const of = (name: string) => reads.filter((read) => read.transaction === name);
    const misses = (list: typeof reads) => list.filter((read) => !read.hit).length;

    const table = page.getByRole('table', { name: 'Transactions' });
    const rows = table.locator('tbody tr');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining(
          ['GET /users', 'GET /feed'].map((name) =>
            expect.stringMatching(
              new RegExp(
                `^${name}\\t${of(name).length}\\t<0\\.01/min\\t.*\\t${share(misses(of(name)), of(name).length)}\\t`,
              ),
            ),
          ),
        ),
      );
    // GET /users read user:1 twice after writing it: its value's size is the average.
    await expect
      .poll(() => rows.filter({ hasText: 'GET /users' }).innerText())
      .toContain(`\t${Buffer.byteLength(JSON.stringify(VALUES['user:1']))} B\t`);
    await expect.poll(() => page.getByTestId('cache-charts').locator('svg').count()).toBe(2);

    await table.getByRole('button', { name: 'Miss rate' }).click();
    await listSettled(page, 'caches-table');
    const byMiss = ['GET /users', 'GET /feed'].sort(
      (a, b) => misses(of(b)) / of(b).length - misses(of(a)) / of(a).length,
    );
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).toEqual(byMiss);
    expect(page.url()).toContain('sort=miss');

    await table.getByRole('button', { name: 'GET /users' }).click();
    const panel = page.getByRole('region', { name: 'Cache reads of GET /users' });
    await expect
      .poll(() => panel.locator('dl[aria-label="Transaction cache summary"]').innerText())
      .toContain(share(misses(of('GET /users')), of('GET /users').length));
    const samples = panel.getByRole('table', { name: 'Samples of GET /users' });
    await expect
      .poll(() => samples.locator('tbody tr td:nth-child(2)').allInnerTexts())
      .toEqual(
        of('GET /users')
          .map((read) => (read.hit ? 'HIT' : 'MISS'))
          .sort(),
      );
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'caches.png'), fullPage: true });

    await panel.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Miss' }).click();
    await expect
      .poll(() => samples.locator('tbody tr td:nth-child(2)').allInnerTexts())
      .toEqual(
        of('GET /users')
          .filter((read) => !read.hit)
          .map(() => 'MISS'),
      );
    expect(page.url()).toContain('status=miss');

    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('heading', { name: 'Queues', exact: true }).waitFor();
    const destinations = page.getByRole('table', { name: 'Destinations' }).locator('tbody tr');
    // orders: two published, two processed, one of its four spans failed; emails: one each, none failed.
    await expect
      .poll(() => destinations.allInnerTexts(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^orders\t.+\t.+\t25\.00%\t2\t2\t/),
          expect.stringMatching(/^emails\t.+\t.+\t0\.00%\t1\t1\t/),
        ]),
      );

    await page.getByRole('table', { name: 'Destinations' }).getByRole('button', { name: 'orders' }).click();
    const destination = page.getByRole('region', { name: 'Destination orders' });
    const actors = destination.getByRole('table', { name: 'Transactions' });
    await expect
      .poll(() => actors.locator('tbody tr').allInnerTexts())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^POST \/checkout\tProducer\t—\t—\t0\.00%\t2\t—\t/),
          expect.stringMatching(/^process orders\tConsumer\t.+\t.+\t50\.00%\t—\t2\t/),
        ]),
      );
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'queues.png'), fullPage: true });

    // The consumer narrows the samples to the messages it processed, one failed after three retries.
    await actors.getByRole('button', { name: 'process orders' }).click();
    const messages = destination.getByRole('table', { name: 'Samples of orders' });
    const orders = run.messages.filter((m) => m.destination === 'orders');
    await expect
      .poll(() => messages.locator('tbody tr td:first-child').allInnerTexts())
      .toEqual(orders.map((m) => m.id).reverse());
    await expect.poll(() => messages.locator('tbody tr td:nth-child(6)').allInnerTexts()).toEqual(['3', '0']);
    expect(page.url()).toContain('op=queue.process');

    // Its trace is the producer's, continued from the message.
    await messages.getByRole('link', { name: 'process orders' }).first().click();
    await expect.poll(() => page.url()).toContain(`#/traces/${run.producerTraceId}`);
    expect(app.problems).toEqual([]);
  });
});

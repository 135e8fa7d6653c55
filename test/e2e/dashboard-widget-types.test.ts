/**
 * Dashboards' issue and spans widgets in Chromium on `faultline serve`, fed by the real @sentry/node
 * SDK (errors, a traced request with database spans): the builder offers each dataset with its own
 * visualizations and default query; an issue table lists the issues sent with their events, each
 * linking to its issue, and its menu opens the issue list on its search and sort; a spans big number
 * counts the database spans sent, and its menu opens its query on Discover's spans dataset.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendTransactionsWithSdk } from '../support/transactions.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the dashboard widget types test: ${missing}`);

describe.skipIf(missing !== undefined)('Issue and spans widgets in Chromium', () => {
  const app = appInChromium();

  it('draws an issue table and a spans big number from what the SDK sent, each opening its own page', async () => {
    const { page, server } = app;
    await sendWithSdk(server.info.dsn, {
      environment: 'production',
      errors: [
        { name: 'CheckoutFailed', message: 'checkout failed for cart 1' },
        { name: 'CheckoutFailed', message: 'checkout failed for cart 2' },
        { name: 'InventoryEmpty', message: 'no stock left' },
      ],
    });
    await sendTransactionsWithSdk(server.info.dsn, 'static', [
      {
        name: 'GET /checkout',
        op: 'http.server',
        children: [
          { name: 'SELECT cart', op: 'db', ms: 5 },
          { name: 'SELECT stock', op: 'db', ms: 5 },
        ],
      },
    ]);
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    const widget = (title: string) => page.getByRole('article', { name: title });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await page.getByLabel('New dashboard title').fill('Health');
    await page.getByRole('button', { name: 'Create Dashboard' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/dashboards\/\d+$/);

    // Issues: the builder offers a table or series of issues, starting on Sentry's default columns.
    await page.getByRole('button', { name: 'Add Widget' }).click();
    const builder = page.getByRole('form', { name: 'Add widget' });
    await builder.getByLabel('Widget title').fill('Open issues');
    await builder.getByLabel('Dataset').selectOption('issue');
    await builder.getByLabel('Visualization').selectOption('table');
    await expect
      .poll(() => builder.locator('select[aria-label="Visualization"] option').allTextContents())
      .toEqual(['Table', 'Line Chart', 'Area Chart', 'Bar Chart']);
    expect(await builder.getByLabel('Columns').inputValue()).toBe('issue, assignee, title');
    await builder.getByLabel('Columns').fill('issue, title, events');
    await builder.getByLabel('Search').fill('is:unresolved');
    await builder.getByLabel('Sort by').selectOption('freq');
    await builder.getByRole('button', { name: 'Add widget' }).click();
    const rows = () =>
      widget('Open issues')
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        );
    await expect
      .poll(async () => (await rows()).map(([, title, events]) => [title?.split(':')[0], events]), {
        timeout: 20_000,
      })
      .toEqual([
        ['CheckoutFailed', '2'],
        ['InventoryEmpty', '1'],
      ]);

    // Spans: a big number of the database spans, from the spans dataset's default query.
    await page.getByRole('button', { name: 'Add Widget' }).click();
    await builder.getByLabel('Widget title').fill('Database spans');
    await builder.getByLabel('Dataset').selectOption('spans');
    expect(await builder.getByLabel('Y-axis').inputValue()).toBe('count(span.duration)');
    await builder.getByLabel('Visualization').selectOption('big_number');
    await builder.getByLabel('Search').fill('span.op:db');
    await builder.getByRole('button', { name: 'Add widget' }).click();
    await expect
      .poll(() => widget('Database spans').getByTestId('widget-big-number').getAttribute('data-value'), {
        timeout: 20_000,
      })
      .toBe('2');

    // A spans search Explore refuses is refused in the builder, in its words.
    await page.getByRole('button', { name: 'Add Widget' }).click();
    await builder.getByLabel('Widget title').fill('Broken');
    await builder.getByLabel('Dataset').selectOption('spans');
    await builder.getByLabel('Search').fill('span.duration:>fast');
    await builder.getByRole('button', { name: 'Add widget' }).click();
    await expect
      .poll(() => builder.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/compares numbers, not 'fast'/);
    await builder.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dashboard-unsaved').count(), { timeout: 15_000 }).toBe(0);
    const dashboard = hash();

    // The spans widget's menu opens its query on the Traces page (Sentry's Explore): the same count.
    await page.getByLabel('Widget actions for Database spans').click();
    await page.getByRole('menuitem', { name: 'Open in Explore' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/traces\?/);
    const explore = new URLSearchParams(hash().split('?')[1]);
    expect([explore.get('query'), explore.getAll('visualize').map((v) => JSON.parse(v).yAxes)]).toEqual([
      'span.op:db',
      [['count(span.duration)']],
    ]);
    await expect
      .poll(() => page.getByTestId('span-samples').locator('tbody tr').count(), { timeout: 20_000 })
      .toBe(2);

    // The issue widget's menu opens the issue list on its search and sort.
    await page.evaluate((to) => {
      window.location.hash = to;
    }, dashboard);
    await page.getByLabel('Widget actions for Open issues').click();
    await page.getByRole('menuitem', { name: 'Open in Issues' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/issues\?/);
    const list = new URLSearchParams(hash().split('?')[1]);
    expect([list.get('query'), list.get('sort')]).toEqual(['is:unresolved', 'freq']);
    await expect.poll(() => page.getByTestId('issue-row').count(), { timeout: 15_000 }).toBe(2);

    // A row's issue links to that issue.
    await page.evaluate((to) => {
      window.location.hash = to;
    }, dashboard);
    const first = widget('Open issues').locator('tbody tr').first().getByRole('link');
    const shortId = (await first.textContent()) ?? '';
    await first.click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/issues\/\d+/);
    await expect.poll(() => page.getByText(shortId).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    expect(app.problems.filter((p) => !p.includes('400 (Bad Request) (http://127.0.0.1'))).toEqual([]);
  }, 120_000);
});

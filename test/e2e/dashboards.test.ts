/**
 * Dashboards in Chromium on `faultline serve`, fed by the real @sentry/node SDK: the list shows the
 * prebuilt General dashboard, whose Number of Errors counts what was sent; a dashboard is created,
 * a big number and a line chart are added with the widget builder over the events sent, their number
 * and series total match what was sent, a bad search is refused in Discover's words, the dashboard is
 * saved and still there after a reload (Sentry's web API sees it), its environment filter narrows
 * every widget, and Discover's "Add to Dashboard" adds its query as a widget.
 */
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src-shared/dashboards-api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { request } from '../support/http.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Dashboards test: ${missing}`);

const PRODUCTION: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' } },
  { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' } },
  { name: 'PaymentDeclined', message: 'declined at confirm', tags: { step: 'confirm' } },
];
const STAGING: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'staging declined', tags: { step: 'pay' } },
  { name: 'DatabaseDown', message: 'database connection refused', tags: { step: 'boot' } },
];

describe.skipIf(missing !== undefined)('Dashboards in Chromium', () => {
  const app = appInChromium();

  async function webDashboard(id: string): Promise<Dashboard> {
    const reply = await request(`${app.server.info.url}/api/0/organizations/faultline/dashboards/${id}/`, {
      headers: { authorization: `Bearer ${app.server.info.token}` },
    });
    expect(reply.status).toBe(200);
    return JSON.parse(reply.body) as Dashboard;
  }

  it('creates a dashboard, adds widgets over the events sent, saves it and filters every widget', async () => {
    const { page, server } = app;
    await sendWithSdk(server.info.dsn, { environment: 'production', errors: PRODUCTION });
    await sendWithSdk(server.info.dsn, { environment: 'staging', errors: STAGING });
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    const widget = (title: string) => page.getByRole('article', { name: title });
    const bigNumber = (title: string) =>
      widget(title).getByTestId('widget-big-number').getAttribute('data-value');

    // The list, from the navigation: the prebuilt General dashboard, which counts every error sent.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    const titles = page.getByTestId('dashboards-table').locator('tbody tr td:first-child');
    await expect.poll(() => titles.allTextContents(), { timeout: 15_000 }).toEqual(['General']);
    await page.getByRole('link', { name: 'General' }).click();
    await expect.poll(() => bigNumber('Number of Errors'), { timeout: 20_000 }).toBe('5');

    // A new dashboard, opened on creation.
    await page.getByRole('link', { name: '← Dashboards' }).click();
    await page.getByLabel('New dashboard title').fill('Payments');
    await page.getByRole('button', { name: 'Create Dashboard' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/dashboards\/\d+$/);
    const id = /dashboards\/(\d+)/.exec(hash())?.[1] ?? '';
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Payments');

    // A big number of the declined payments at the pay step.
    await page.getByRole('button', { name: 'Add Widget' }).click();
    const builder = page.getByRole('form', { name: 'Add widget' });
    await builder.getByLabel('Widget title').fill('Declined at pay');
    await builder.getByLabel('Visualization').selectOption('big_number');
    await builder.getByLabel('Y-axis').fill('count()');
    await builder.getByLabel('Search').fill('error.type:PaymentDeclined step:pay');
    await builder.getByRole('button', { name: 'Add widget' }).click();
    await expect.poll(() => bigNumber('Declined at pay'), { timeout: 20_000 }).toBe('3');

    // A search Discover refuses is refused in the builder, in its words.
    await page.getByRole('button', { name: 'Add Widget' }).click();
    await builder.getByLabel('Widget title').fill('Broken');
    await builder.getByLabel('Search').fill('is:unresolved');
    await builder.getByRole('button', { name: 'Add widget' }).click();
    await expect
      .poll(() => builder.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/Invalid conditions/);

    // A line chart of every error, grouped by step: each series' total is what was sent.
    await builder.getByLabel('Widget title').fill('Errors by step');
    await builder.getByLabel('Search').fill('');
    await builder.getByLabel('Group by').fill('step');
    await builder.getByRole('button', { name: 'Add widget' }).click();
    const totals = () =>
      widget('Errors by step')
        .getByTestId('widget-totals')
        .locator('tr')
        .evaluateAll((trs) =>
          trs.map((tr) => `${tr.getAttribute('data-series')} ${tr.getAttribute('data-total')}`),
        )
        .then((rows) => rows.sort());
    await expect.poll(totals, { timeout: 20_000 }).toEqual(['boot 1', 'confirm 1', 'pay 3']);
    expect(await widget('Errors by step').locator('svg[data-kind="lines"]').count()).toBe(1);

    // Saved, then still there after a reload; the web API sees the widgets as built.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dashboard-unsaved').count(), { timeout: 15_000 }).toBe(0);
    await page.reload();
    await expect.poll(() => bigNumber('Declined at pay'), { timeout: 20_000 }).toBe('3');
    const saved = await webDashboard(id);
    expect(saved.widgets.map((w) => [w.title, w.displayType])).toEqual([
      ['Declined at pay', 'big_number'],
      ['Errors by step', 'line'],
    ]);
    expect(saved.widgets[1]?.queries[0]).toMatchObject({ columns: ['step'], aggregates: ['count()'] });

    // The page's environment filter narrows every widget.
    await page.getByRole('button', { name: 'All Envs' }).click();
    // The checkbox shows the URL's environments, which change on the hashchange after the click, so
    // the click's effect is read from the URL, not from the box at once (Playwright's check() would).
    await page.getByRole('checkbox', { name: 'staging' }).click();
    await expect
      .poll(() => page.evaluate(() => window.location.hash), { timeout: 15_000 })
      .toMatch(/environment=staging/);
    await expect.poll(() => page.getByRole('checkbox', { name: 'staging' }).isChecked()).toBe(true);
    await expect.poll(() => bigNumber('Declined at pay'), { timeout: 20_000 }).toBe('1');
    await expect.poll(totals, { timeout: 20_000 }).toEqual(['boot 1', 'pay 1']);

    // Discover's query, added to this dashboard as a widget.
    await page.evaluate(() => {
      window.location.hash = '#/discover?field=title&field=count()&query=step:confirm&statsPeriod=24h';
    });
    await page.getByRole('button', { name: 'Add to Dashboard' }).click();
    await page.getByLabel('Dashboard', { exact: true }).selectOption(id);
    await page.getByRole('button', { name: 'Add widget' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toBe(`#/dashboards/${id}`);
    await expect
      .poll(
        () => widget('Custom Widget').getByTestId('widget-totals').locator('tr').getAttribute('data-total'),
        {
          timeout: 20_000,
        },
      )
      .toBe('1');
    expect((await webDashboard(id)).widgets.map((w) => w.title)).toEqual([
      'Declined at pay',
      'Errors by step',
      'Custom Widget',
    ]);
    // A widget's menu: Duplicate Widget adds a copy below (unsaved until Save); Open in Discover shows
    // its query there, under the dashboard's filters.
    await page.getByLabel('Widget actions for Errors by step').click();
    await page.getByRole('menuitem', { name: 'Duplicate Widget' }).click();
    await expect.poll(() => page.getByRole('article', { name: 'Errors by step' }).count()).toBe(2);
    await expect.poll(() => page.getByTestId('dashboard-unsaved').count()).toBe(1);
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.getByRole('article', { name: 'Errors by step' }).count()).toBe(1);
    await page.getByLabel('Widget actions for Declined at pay').click();
    await page.getByRole('menuitem', { name: 'Open in Discover' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/discover\?/);
    const opened = new URLSearchParams(hash().split('?')[1]);
    expect([opened.getAll('field'), opened.get('query'), opened.get('dataset')]).toEqual([
      ['count()'],
      'error.type:PaymentDeclined step:pay',
      'errors',
    ]);

    // The one refusal asked for above, and nothing else.
    expect(app.problems.filter((p) => !p.includes('400 (Bad Request) (http://127.0.0.1'))).toEqual([]);
    expect(app.problems.filter((p) => p.includes('/rpc/dashboards.validateWidget'))).toHaveLength(1);
  }, 120_000);
});

/**
 * The event page's header and lists as Sentry shows them, for an error @sentry/node sends to
 * `bin/faultline serve`, read in Chromium: release and environment in the header, the JSON link,
 * breadcrumbs newest first with the event itself as the last, contexts' titles, packages and additional
 * data sorted.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);

describe.skipIf(missing !== undefined)('the event header and lists in Chromium', () => {
  const app = appInChromium();

  it('the header shows release and environment, each a link to their issues, and the JSON link opens the raw event', async () => {
    await sendWithSdk(app.server.info.dsn, {
      release: 'shop@4.2.0',
      environment: 'staging',
      errors: [
        {
          name: 'InvoiceError',
          message: 'invoice lost',
          breadcrumbs: ['invoice opened', 'invoice saved'],
          extra: { zone: 'eu', Attempt: 2, basket: 'b-1' },
        },
      ],
    });
    await app.page.goto(`${app.server.info.url}/#/issues?query=InvoiceError`);
    await app.page.getByTestId('issue-row').first().locator('.issue-title a').click();
    await app.page.getByTestId('event-view').waitFor();
    expect(await app.page.getByTestId('event-release').textContent()).toBe('Release shop@4.2.0');
    expect(await app.page.getByTestId('event-environment').textContent()).toBe('Environment staging');
    const release = new URL(
      (await app.page.getByTestId('event-release').locator('a').getAttribute('href')) ?? '',
      'http://x',
    );
    expect(new URLSearchParams(release.hash.split('?')[1]).get('query')).toContain('release:shop@4.2.0');

    const json = app.page.getByRole('button', { name: /^JSON \(\d+(\.\d)? (B|KiB)\)$/ });
    expect(await app.page.locator('details.raw-json').getAttribute('open')).toBeNull();
    await json.click();
    expect(await app.page.locator('details.raw-json').getAttribute('open')).not.toBeNull();
    expect(await app.page.locator('details.raw-json pre').textContent()).toContain('"release": "shop@4.2.0"');
  });

  it('breadcrumbs come newest first, the event itself the newest; "oldest first" turns them around', async () => {
    const messages = () => app.page.locator('.crumb .crumb-message').allTextContents();
    expect(await messages()).toEqual([
      'InvoiceError: invoice lost',
      expect.stringContaining('invoice saved'),
      expect.stringContaining('invoice opened'),
    ]);
    const own = app.page.getByTestId('breadcrumb-event');
    expect(await own.locator('.crumb-type').textContent()).toBe('Error');
    expect(await own.locator('.crumb-category').textContent()).toBe('Exception - This event');
    await app.page.getByLabel('Breadcrumb order').selectOption('oldest');
    expect((await messages()).at(-1)).toBe('InvoiceError: invoice lost');
  });

  it('contexts are titled as in Sentry, their keys in a tooltip', async () => {
    const headings = app.page.getByTestId('event-context').locator('h3');
    expect((await headings.allTextContents()).map((text) => text.trim())).toEqual(
      expect.arrayContaining(['Operating System', 'Runtime', 'Trace Details', 'Device', 'App']),
    );
    expect(await headings.filter({ hasText: 'Operating System' }).getAttribute('title')).toBe('os');
  });

  it('packages and additional data are sorted by name', async () => {
    const names = async (region: string) =>
      app.page.getByRole('region', { name: region }).locator('th').allTextContents();
    const packages = await names('Packages');
    expect(packages.length).toBeGreaterThan(3);
    expect(packages).toEqual([...packages].sort(byName));
    expect(await names('Additional data')).toEqual(['Attempt', 'basket', 'zone']);
    expect(app.problems).toEqual([]);
  });
});

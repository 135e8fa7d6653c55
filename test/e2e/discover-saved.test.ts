/**
 * Discover's saved queries in Chromium on `faultline serve`, fed by the real @sentry/node SDK: a
 * query built on the page is saved ("Save as…"), found in the Saved queries list after a reload
 * (searched and sorted), opened again as the same query and rows, changed and saved ("Save
 * changes"), renamed, and deleted; Sentry's web API sees each step as the page made it.
 */
import { describe, expect, it } from 'vitest';
import type { DiscoverSavedQuery } from '../../src-shared/discover-saved-api.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { request } from '../support/http.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the Discover saved queries test: ${missing}`);

const ERRORS: SenderSpec['errors'] = [
  { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' } },
  { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' } },
  { name: 'PaymentDeclined', message: 'declined at confirm', tags: { step: 'confirm' } },
  { name: 'DatabaseDown', message: 'database connection refused', tags: { step: 'boot' } },
];

describe.skipIf(missing !== undefined)('Discover’s saved queries in Chromium', () => {
  const app = appInChromium();

  async function webList(): Promise<DiscoverSavedQuery[]> {
    const reply = await request(
      `${app.server.info.url}/api/0/organizations/faultline/discover/saved/?all=1`,
      {
        headers: { authorization: `Bearer ${app.server.info.token}` },
      },
    );
    expect(reply.status).toBe(200);
    return JSON.parse(reply.body) as DiscoverSavedQuery[];
  }

  it('saves a query, finds it in the list after a reload, opens, changes, renames and deletes it', async () => {
    const { page, server } = app;
    await sendWithSdk(server.info.dsn, { environment: 'production', errors: ERRORS });
    const hash = () => decodeURIComponent(new URL(page.url()).hash);
    const rows = page.getByRole('table', { name: 'Discover results' }).locator('tbody tr');
    const cells = () =>
      rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    const declinedBySteps = [
      ['pay', '2'],
      ['confirm', '1'],
    ];

    // A grouped, searched, sorted query, as a link gives it.
    await page.evaluate(() => {
      window.location.hash =
        '#/discover?field=step&field=count()&sort=-count()&query=error.type:PaymentDeclined&statsPeriod=1h';
    });
    await expect.poll(cells, { timeout: 20_000 }).toEqual(declinedBySteps);

    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Query name').fill('Declined by step');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/[?&]id=\d+/);
    const id = /[?&]id=(\d+)/.exec(hash())?.[1];
    await expect.poll(() => page.getByTestId('discover-saved-name').textContent()).toBe('Declined by step');
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    const [saved] = await webList();
    expect(saved).toMatchObject({
      id,
      name: 'Declined by step',
      version: 2,
      fields: ['step', 'count()'],
      orderby: '-count()',
      query: 'error.type:PaymentDeclined',
      range: '1h',
      projects: [-1],
      queryDataset: 'error-events',
    });

    // A second one, so the list has an order to keep.
    await page.evaluate(() => {
      window.location.hash = '#/discover?field=title&field=count()&statsPeriod=1h';
    });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Query name').fill('all titles');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('discover-saved-name').textContent()).toBe('all titles');

    // The list, after a reload: by name, then most recently edited first, then searched.
    await page.getByRole('link', { name: 'Saved queries' }).click();
    await page.reload();
    const list = page.getByRole('list', { name: 'Saved queries' }).getByRole('link');
    await expect
      .poll(() => list.allTextContents(), { timeout: 15_000 })
      .toEqual(['all titles', 'Declined by step']);
    await page.getByLabel('Sort saved queries').selectOption('-dateUpdated');
    await expect
      .poll(() => list.allTextContents(), { timeout: 15_000 })
      .toEqual(['all titles', 'Declined by step']);
    await page.getByLabel('Sort saved queries').selectOption('dateCreated');
    await expect
      .poll(() => list.allTextContents(), { timeout: 15_000 })
      .toEqual(['Declined by step', 'all titles']);
    await page.getByLabel('Search saved queries').fill('DECLINED');
    await page.getByLabel('Search saved queries').press('Enter');
    await expect.poll(() => list.allTextContents(), { timeout: 15_000 }).toEqual(['Declined by step']);
    expect(hash()).toContain('query=DECLINED');

    // Opened: the same query and the same rows.
    await list.first().click();
    await expect.poll(cells, { timeout: 15_000 }).toEqual(declinedBySteps);
    expect(await page.getByLabel('Search events').inputValue()).toBe('error.type:PaymentDeclined');
    expect(hash()).toContain(`id=${id}`);
    await expect.poll(() => page.getByTestId('discover-saved-name').textContent()).toBe('Declined by step');

    // Changed (the search), then saved: the web API sees the new search.
    await page.getByLabel('Search events').fill('error.type:PaymentDeclined step:pay');
    await page.getByLabel('Search events').press('Enter');
    await listSettled(page, 'discover-table');
    await expect.poll(cells, { timeout: 15_000 }).toEqual([['pay', '2']]);
    expect(hash()).toContain(`id=${id}`);
    const saveChanges = page.getByRole('button', { name: 'Save changes' });
    await expect.poll(() => saveChanges.isEnabled()).toBe(true);
    await saveChanges.click();
    await expect.poll(() => saveChanges.isDisabled(), { timeout: 15_000 }).toBe(true);
    const updated = (await webList()).find((one) => one.id === id);
    expect(updated?.query).toBe('error.type:PaymentDeclined step:pay');

    // Renamed.
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('Declined at pay');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect.poll(() => page.getByTestId('discover-saved-name').textContent()).toBe('Declined at pay');
    expect((await webList()).map((one) => one.name).sort()).toEqual(['Declined at pay', 'all titles']);

    // Deleted: the list no longer has it, nor does the web API.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'Saved queries' }).waitFor();
    await expect.poll(() => list.allTextContents(), { timeout: 15_000 }).toEqual(['all titles']);
    expect((await webList()).map((one) => one.name)).toEqual(['all titles']);
    expect(app.problems).toEqual([]);
  });
});

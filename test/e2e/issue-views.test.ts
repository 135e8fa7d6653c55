/**
 * The issue list's saved views in Chromium (Sentry's issue views), on issues the real @sentry/node
 * SDK sent: the list's search and sort saved as a view, which after a reload opens again as exactly
 * its issues, named in the URL; a change shown as unsaved and discarded; renamed, duplicated and
 * deleted from the view's menu, by keyboard.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, issueListSettled } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('saved views of the issue list', () => {
  const app = appInChromium();
  /** The listed issues' error types, sorted. */
  const titles = async () => {
    const out: string[] = [];
    for (const row of await app.page.getByTestId('issue-row').all())
      out.push(((await row.locator('.issue-title a').textContent()) ?? '').trim().split(':')[0] ?? '');
    return out.sort();
  };
  const hash = () => decodeURIComponent(new URL(app.page.url()).hash);

  it('saves the search as a view that, after a reload, shows exactly its issues, with unsaved changes marked and discarded', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        { name: 'CheckoutFailed', message: 'card declined', level: 'error' },
        { name: 'SearchSlow', message: 'query took 3s', level: 'warning' },
        { name: 'LoginLocked', message: 'too many attempts', level: 'error' },
      ],
    });
    const page = app.page;
    page.on('dialog', (dialog) => void dialog.accept());
    await expect.poll(titles, { timeout: 20_000 }).toEqual(['CheckoutFailed', 'LoginLocked', 'SearchSlow']);

    const search = page.getByLabel('Search issues');
    await search.fill('is:unresolved level:error');
    await search.press('Enter');
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('freq');
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['CheckoutFailed', 'LoginLocked']);

    await page.getByRole('button', { name: 'Save as view…' }).click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Errors only');
    await page.getByRole('textbox', { name: 'View name' }).press('Enter');
    const views = page.getByRole('navigation', { name: 'Saved views' });
    const tab = views.getByRole('link', { name: 'Errors only' });
    await expect.poll(() => tab.getAttribute('aria-current'), { timeout: 15_000 }).toBe('page');
    expect(hash()).toMatch(/view=\d+/);

    // Elsewhere, then a reload: the view is kept, and opens as its own search and sort.
    // A built-in status tab leaves the view (it changes only the search's `is:`).
    await page.getByRole('navigation', { name: 'Status' }).getByRole('link', { name: 'Unresolved' }).click();
    await expect.poll(hash, { timeout: 15_000 }).not.toMatch(/view=/);
    await search.fill('is:unresolved');
    await search.press('Enter');
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['CheckoutFailed', 'LoginLocked', 'SearchSlow']);
    expect(await tab.getAttribute('aria-current')).toBeNull();
    await page.reload();
    await tab.click();
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['CheckoutFailed', 'LoginLocked']);
    expect(hash()).toMatch(/view=\d+.*query=is:unresolved\+level:error.*sort=freq/);
    expect(await page.getByRole('combobox', { name: 'Sort by' }).inputValue()).toBe('freq');
    await expect.poll(() => page.getByTestId('unsaved-changes').count()).toBe(0);

    // A changed search is marked as unsaved; Discard opens the view as saved, Back the change again.
    await search.fill('is:unresolved level:error LoginLocked');
    await search.press('Enter');
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['LoginLocked']);
    await expect
      .poll(() => page.getByTestId('unsaved-changes').getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('unsaved changes to its query');
    await page.getByRole('link', { name: 'Discard changes' }).click();
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['CheckoutFailed', 'LoginLocked']);
    expect(await page.getByTestId('unsaved-changes').count()).toBe(0);
    await page.goBack();
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['LoginLocked']);
    await page.goForward();
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['CheckoutFailed', 'LoginLocked']);

    // An issue opened from the view: "← Issues" returns to the view, not only to its filters.
    await page.getByRole('link', { name: /^LoginLocked/ }).click();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^#\/issues\/\d+/);
    await page.getByRole('link', { name: '← Issues' }).click();
    await expect.poll(() => tab.getAttribute('aria-current'), { timeout: 15_000 }).toBe('page');
    expect(hash()).toMatch(/view=\d+/);
    await issueListSettled(page);
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['CheckoutFailed', 'LoginLocked']);

    // Rename by keyboard from the view's menu.
    await page.getByLabel('Options for view Errors only').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Rename' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'New view name' }).fill('Errors');
    await page.keyboard.press('Enter');
    const renamed = views.getByRole('link', { name: 'Errors', exact: true });
    await expect.poll(() => renamed.getAttribute('aria-current'), { timeout: 15_000 }).toBe('page');

    // Duplicate opens the copy; deleting it leaves the original.
    await page.getByLabel('Options for view Errors', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    const copy = views.getByRole('link', { name: 'Errors (Copy)' });
    await expect.poll(() => copy.getAttribute('aria-current'), { timeout: 15_000 }).toBe('page');
    await page.getByLabel('Options for view Errors (Copy)').click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect.poll(() => copy.count(), { timeout: 15_000 }).toBe(0);
    expect(await views.getByRole('link').allTextContents()).toEqual(['Errors']);
    expect(app.problems).toEqual([]);
  });
});

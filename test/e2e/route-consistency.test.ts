/**
 * A page shows the route the app was told about, never one the location holds before its
 * `hashchange`: going back changes the location a task before the event, and a page re-rendering in
 * between (a fetch answered) must not ask for its data with the next page's parameters. CI met this
 * under load as the issue page asking for its events with the issue list's `is:unresolved` (400s).
 * Here the gap is held open: the location changes with no `hashchange`, and a new event re-renders
 * the issue page meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ISSUE_METHODS = /\/rpc\/(issues\.stats|issues\.counts|events\.get)$/;

describe.skipIf(missing !== undefined)('the route a page renders', () => {
  const app = appInChromium();

  it('stays the announced one while the location runs ahead of its hashchange', async () => {
    const error = { name: 'LedgerLocked', message: 'ledger is locked' };
    await sendWithSdk(app.server.info.dsn, { errors: [error] });
    const page = app.page;
    await page.getByTestId('issue-row').locator('.issue-title a').first().click();
    const events = page.getByTestId('issue-event-count');
    await expect.poll(() => events.textContent(), { timeout: 15_000 }).toBe('Event 1');

    const asked: string[] = [];
    page.on('request', (request) => {
      if (ISSUE_METHODS.test(request.url())) asked.push(request.postData() ?? '');
    });
    // The location moves to the issue list's search; its hashchange is held back.
    await page.evaluate(() => window.history.pushState(null, '', '#/issues?query=is%3Aunresolved'));
    // A second event re-renders the issue page, which refetches its numbers for its own route.
    await sendWithSdk(app.server.info.dsn, { errors: [error] });
    await expect.poll(() => events.textContent(), { timeout: 15_000 }).toBe('Events 2');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((params) => params.includes('is:unresolved'))).toEqual([]);

    // Announced, the route is shown: the issue list with its search.
    await page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
    await expect
      .poll(() => page.getByLabel('Search issues').inputValue(), { timeout: 15_000 })
      .toBe('is:unresolved');
    expect(app.problems).toEqual([]);
  });
});

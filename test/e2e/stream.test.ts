import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { startServe } from '../support/serve.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const CRASH: SenderSpec['errors'][number] = { name: 'WorkerCrashed', message: 'queue gone', unhandled: true };
const CAUGHT: SenderSpec['errors'][number] = { name: 'RetryLater', message: 'busy' };

describe.skipIf(missing !== undefined)('the issue stream in Chromium', () => {
  const app = appInChromium();

  const row = (title: string) => app.page.getByTestId('issue-row').filter({ hasText: title });

  it('an issue whose latest event was not handled is marked Unhandled, in the list and on its page', async () => {
    await sendWithSdk(app.server.info.dsn, { errors: [CRASH, CAUGHT] });
    await expect.poll(() => app.page.getByTestId('issue-row').count(), { timeout: 15_000 }).toBe(2);
    expect(await row('WorkerCrashed').getByTestId('unhandled-badge').textContent()).toBe('Unhandled');
    expect(await row('RetryLater').getByTestId('unhandled-badge').count()).toBe(0);
    await row('WorkerCrashed').locator('.issue-title a').click();
    await expect
      .poll(() => app.page.getByTestId('issue-title').textContent())
      .toBe('WorkerCrashed: queue gone');
    expect(await app.page.locator('.issue-header').getByTestId('unhandled-badge').isVisible()).toBe(true);
    await app.page.goBack();
    // As in Sentry, the mark follows the latest event: a handled one takes it away. (The issue page
    // has no rows, so no badge either: wait for the row of the second event, not for no badge.)
    await sendWithSdk(app.server.info.dsn, { errors: [{ ...CRASH, unhandled: false }] });
    const crashed = row('WorkerCrashed');
    await expect
      .poll(
        async () => ({
          events: await crashed.getByTestId('issue-events').allTextContents(),
          badges: await crashed.getByTestId('unhandled-badge').count(),
        }),
        { timeout: 15_000 },
      )
      .toEqual({ events: ['2'], badges: 0 });
  });

  it('a search with several mistakes shows every one of them, each marked where it is', async () => {
    const box = app.page.getByLabel('Search issues');
    await box.fill('is:bogus level:loud WorkerCrashed firstSeen:soon');
    const errors = app.page.getByTestId('search-error');
    await expect.poll(() => errors.locator('mark').allTextContents()).toEqual(['bogus', 'loud', 'soon']);
    expect(await app.page.getByTestId('search-error-item').count()).toBe(3);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    // Fixing one leaves the others marked.
    await box.fill('is:unresolved level:loud WorkerCrashed firstSeen:soon');
    await expect.poll(() => errors.locator('mark').allTextContents()).toEqual(['loud', 'soon']);
    await box.fill('is:unresolved WorkerCrashed');
    await expect.poll(() => errors.count()).toBe(0);
  });

  it('values the server refuses are all named in one answer', async () => {
    const box = app.page.getByLabel('Search issues');
    await box.fill('issue.category:bogus error.handled:maybe');
    await box.press('Enter');
    const note = app.page.getByRole('alert').filter({ hasText: 'Invalid category' });
    await expect.poll(() => note.textContent()).toContain("'bogus'");
    expect(await note.textContent()).toContain('Invalid value for error.handled');
    expect(app.problems.filter((problem) => !problem.includes('400'))).toEqual([]);
  });

  it('when the server stops, and when it comes back with a new token, the page says what to do', async () => {
    const { port } = app.server.info;
    await app.server.stop();
    await app.page.getByRole('link', { name: 'Resolved', exact: true }).click();
    const unreachable = app.page.getByRole('alert').filter({ hasText: 'not reachable' });
    await expect.poll(() => unreachable.count(), { timeout: 10_000 }).toBe(1);
    expect(await unreachable.textContent()).toContain('Start it again');
    // A new launch has a new token: the old tab cannot use it and is told where to find the URL.
    app.server = await startServe({ dataDir: app.server.dataDir, args: ['--port', String(port)] });
    await app.page.getByRole('link', { name: 'Ignored', exact: true }).click();
    const stale = app.page.getByRole('alert').filter({ hasText: 'access token' });
    await expect.poll(() => stale.count(), { timeout: 10_000 }).toBe(1);
    expect(await stale.textContent()).toContain('server.json');
  });
});

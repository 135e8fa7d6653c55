/**
 * Sentry's "select all issues that match this search query" in Chromium against `bin/faultline
 * serve`, fed by the real @sentry/node SDK: with every loaded row selected and more issues behind
 * them, the notice selects them all, and Resolve asks first and resolves every one.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ISSUES = 105;

describe.skipIf(missing !== undefined)('bulk actions on every issue a search matches, in Chromium', () => {
  const app = appInChromium();

  it('selects all 105 issues past the first 100 loaded, asks, and resolves them all', async () => {
    const { page } = app;
    const confirms: string[] = [];
    page.on('dialog', (dialog) => {
      confirms.push(dialog.message());
      void dialog.accept();
    });
    // Each error type is an issue of its own; sent 35 at a time (the SDK's transport buffers 64).
    for (let start = 0; start < ISSUES; start += 35) {
      const errors = Array.from({ length: Math.min(35, ISSUES - start) }, (_, i) => ({
        name: `Batch${start + i}Error`,
        message: `item ${start + i}`,
      }));
      await sendWithSdk(app.server.info.dsn, { release: 'shop@3.0.0', errors });
    }
    const total = page.getByTestId('issue-total');
    await expect.poll(() => total.textContent(), { timeout: 20_000 }).toBe(`${ISSUES} issues`);

    await page.getByLabel('select all loaded issues').check();
    const notice = page.getByTestId('select-all-notice');
    expect(await notice.textContent()).toBe(
      `100 issues on this page selected. Select all ${ISSUES} issues that match this search query.`,
    );
    await notice.getByRole('button').click();
    await expect
      .poll(() => notice.textContent())
      .toBe(`Selected all ${ISSUES} issues that match this search query.`);

    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    expect(confirms).toEqual([
      `Are you sure you want to resolve all ${ISSUES} issues that match the search?`,
    ]);
    await expect.poll(() => total.textContent(), { timeout: 10_000 }).toBe('0 issues');
    await page.getByRole('link', { name: 'Resolved', exact: true }).click();
    await expect.poll(() => total.textContent(), { timeout: 10_000 }).toBe(`${ISSUES} issues`);
    expect(app.problems).toEqual([]);
  });
});

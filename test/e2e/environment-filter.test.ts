/**
 * The issue list's environment selector in Chromium (Sentry's environment page filter), fed by the
 * real @sentry/node SDK: the project's environments to choose from, the list narrowed to the issues
 * of the chosen ones with their events, kept in the URL as Sentry's repeatable `environment`, and
 * carried to the issue page's numbers and chart.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, issueListSettled } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('the environment selector of the issue list', () => {
  const app = appInChromium();
  /** Each row's title and events, by title. */
  const rows = async () => {
    const out: Array<[string, string]> = [];
    for (const row of await app.page.getByTestId('issue-row').all()) {
      const title = ((await row.locator('.issue-title a').textContent()) ?? '').trim().split(':')[0] ?? '';
      out.push([title, ((await row.getByTestId('issue-events').textContent()) ?? '').trim()]);
    }
    return Object.fromEntries(out.sort());
  };
  const hash = () => decodeURIComponent(new URL(app.page.url()).hash);

  it("narrows the list to the chosen environments' issues and events, kept in the URL and on the issue page", async () => {
    await sendWithSdk(app.server.info.dsn, {
      environment: 'production',
      // Two messages: the SDK's Dedupe drops an event the same as the one before it.
      errors: [
        { name: 'CheckoutFailed', message: 'card declined' },
        { name: 'CheckoutFailed', message: 'card expired' },
      ],
    });
    await sendWithSdk(app.server.info.dsn, {
      environment: 'staging',
      errors: [
        { name: 'CheckoutFailed', message: 'card declined' },
        { name: 'StagingOnly', message: 'seed data missing' },
      ],
    });
    const page = app.page;
    await expect.poll(rows, { timeout: 20_000 }).toEqual({ CheckoutFailed: '3', StagingOnly: '1' });

    await page.getByRole('button', { name: 'All Envs' }).click();
    const choices = page.getByRole('group', { name: 'Environments' });
    // The environments follow the events live (the list may show the last ones before they do).
    await expect.poll(() => choices.getByRole('checkbox').count(), { timeout: 15_000 }).toBe(2);
    await choices.getByLabel('production').check();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/environment=production/);
    await issueListSettled(page);
    await expect.poll(rows, { timeout: 15_000 }).toEqual({ CheckoutFailed: '2' });

    await choices.getByLabel('staging').check();
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/environment=production&environment=staging/);
    await issueListSettled(page);
    await expect.poll(rows, { timeout: 15_000 }).toEqual({ CheckoutFailed: '3', StagingOnly: '1' });

    await choices.getByLabel('production').uncheck();
    await issueListSettled(page);
    await expect.poll(rows, { timeout: 15_000 }).toEqual({ CheckoutFailed: '1', StagingOnly: '1' });

    // The URL alone restores the selection.
    await page.reload();
    await expect.poll(rows, { timeout: 15_000 }).toEqual({ CheckoutFailed: '1', StagingOnly: '1' });
    expect(
      await page.getByRole('button', { name: 'staging', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');

    // The issue opened from there shows the environment's events, as Sentry's issue page keeps the page filter.
    await page
      .getByTestId('issue-row')
      .filter({ hasText: 'CheckoutFailed' })
      .locator('.issue-title a')
      .click();
    const head = page.locator('.events-chart .chart-head strong');
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toBe('1 event in 24h in staging');
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Issue sections' }).textContent(), { timeout: 15_000 })
      .toContain('Events (1)');
    await page.goBack();

    // All Environments leaves the filter.
    await page.getByRole('button', { name: 'staging', exact: true }).click();
    await page.getByRole('button', { name: 'All Environments' }).click();
    await issueListSettled(page);
    await expect.poll(rows, { timeout: 15_000 }).toEqual({ CheckoutFailed: '3', StagingOnly: '1' });
    expect(hash()).not.toMatch(/environment=/);
    expect(app.problems).toEqual([]);
  });
});

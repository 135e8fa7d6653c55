/**
 * User feedback in Chromium, as Sentry shows it: the issue's "User Feedback" tab with its count,
 * each entry's name, email, message and time with a link to its event, paged when long; and the
 * event page's "User Feedback" section. Sent by the real @sentry/node SDK (`captureFeedback`) to
 * the built `bin/faultline serve`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the user feedback browser test: ${missing}`);

describe.skipIf(missing !== undefined)('user feedback on the issue and event pages in Chromium', () => {
  const app = appInChromium();

  /** Opens the issue whose title contains `text` (waiting for it to arrive) and returns its page URL. */
  const openIssue = async (text: string): Promise<string> => {
    await openLatestEventOf(app, text);
    return app.page.url();
  };
  const tab = () =>
    app.page.getByRole('navigation', { name: 'Issue sections' }).getByRole('link', { name: /User Feedback/ });

  it('lists the feedback of the issue’s events on its tab, each linking to the event that shows it', async () => {
    const [first, second] = await sendWithSdk(app.server.info.dsn, {
      errors: [
        {
          name: 'CheckoutFrozen',
          message: 'checkout froze',
          feedback: [
            { message: 'The pay button did nothing', name: 'Ada Lovelace', email: 'ada@example.com' },
          ],
        },
        {
          name: 'CheckoutFrozen',
          message: 'checkout froze again',
          feedback: [
            { message: 'Frozen before I typed anything', email: 'bo@example.com', beforeEvent: true },
          ],
        },
        { name: 'NoComplaints', message: 'nobody noticed' },
      ],
    });
    await openIssue('CheckoutFrozen');
    await expect.poll(() => tab().textContent(), { timeout: 10_000 }).toBe('User Feedback (2)');
    await tab().click();
    const entries = app.page.getByTestId('feedback-entry');
    await expect.poll(() => entries.count()).toBe(2);
    // Newest first: the second event's feedback was sent last.
    const ada = entries.filter({ hasText: 'Ada Lovelace' });
    expect(await ada.textContent()).toContain('ada@example.com');
    expect(await ada.textContent()).toContain('The pay button did nothing');
    expect(await ada.textContent()).toMatch(/just now|min ago/);
    expect(await entries.nth(0).textContent()).toContain('Frozen before I typed anything');
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'user-feedback-tab.png') });

    await ada.getByRole('link', { name: /View event/ }).click();
    await expect.poll(() => app.page.getByTestId('event-id').textContent()).toBe(first);
    const section = app.page.getByRole('region', { name: 'User Feedback' });
    await section.waitFor();
    expect(await section.textContent()).toContain('The pay button did nothing');
    expect(await section.textContent()).not.toContain('Frozen before I typed anything');

    // The other event shows its own feedback, the issue without any shows no section and counts none.
    await app.page.goto(`${app.page.url().replace(/events\/\w+$/, `events/${second}`)}`);
    await expect.poll(() => section.textContent()).toContain('Frozen before I typed anything');
    await openIssue('NoComplaints');
    await expect.poll(() => tab().textContent()).toBe('User Feedback (0)');
    expect(await app.page.getByRole('region', { name: 'User Feedback' }).count()).toBe(0);
    await tab().click();
    await app.page.getByTestId('no-feedback').waitFor();
    expect(app.problems).toEqual([]);
  });

  it('pages through long feedback, 25 at a time', async () => {
    // Sentry keeps one report an event: 27 reports need 27 events.
    const errors = Array.from({ length: 27 }, (_, i) => ({
      name: 'SearchSlow',
      message: `search ${i + 1} slow`,
      feedback: [{ message: `complaint ${i + 1}` }],
    }));
    await sendWithSdk(app.server.info.dsn, { errors });
    await openIssue('SearchSlow');
    await expect.poll(() => tab().textContent(), { timeout: 10_000 }).toBe('User Feedback (27)');
    await tab().click();
    const entries = app.page.getByTestId('feedback-entry');
    await expect.poll(() => entries.count()).toBe(25);
    expect(await app.page.locator('.pager').textContent()).toContain('1–25 of 27');
    await app.page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => entries.count()).toBe(2);
    expect(await app.page.locator('.pager').textContent()).toContain('26–27 of 27');
    expect(await app.page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});

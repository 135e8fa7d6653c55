/**
 * The User Feedback page in Chromium against `bin/faultline serve`, fed by the real @sentry/node
 * SDK: it says how to send feedback until some arrives, then lists it newest first as it comes —
 * the widget's own feedback (no error, so no issue tab shows it) and feedback about an error —
 * opens one with its contact, page, environment, release, user, issue link and screenshot, and
 * searches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { sendFeedbackWithSdk } from '../support/feedback.ts';
import { REPO_ROOT } from '../support/serve.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the User Feedback page tests: ${missing}`);

describe.skipIf(missing !== undefined)('the User Feedback page in Chromium', () => {
  const app = appInChromium();

  it('lists feedback as it arrives, opens one with its context and screenshot, and searches', async () => {
    const { page, server } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'User Feedback' }).click();
    await page.getByRole('heading', { name: 'User Feedback', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('feedback-empty').innerText()).toContain('captureFeedback');

    const { error } = await sendFeedbackWithSdk(server.info.dsn);
    const items = page.getByTestId('feedback-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);
    expect(await items.nth(0).innerText()).toContain('It said my card was declined');
    expect(await items.nth(1).innerText()).toContain('Grace Hopper');

    // The newest is open: it is about the error, and links to that event on its issue.
    const detail = page.getByRole('article', { name: 'Feedback' });
    await expect.poll(() => detail.innerText()).toContain('It said my card was declined');
    const about = detail.getByRole('link', { name: /event/ });
    expect(await about.getAttribute('href')).toMatch(new RegExp(`^#/issues/\\d+/events/${error}$`));

    await items.nth(1).getByRole('link').click();
    await expect.poll(() => detail.innerText()).toContain('The checkout button is hidden behind the footer');
    expect(page.url()).toMatch(/#\/feedback\?project=1&query=&id=\d+$/);
    expect(await detail.getByRole('link', { name: 'grace@example.com' }).getAttribute('href')).toBe(
      'mailto:grace@example.com',
    );
    const fields = await detail.locator('.feedback-fields').innerText();
    expect(fields).toContain('https://shop.local/checkout');
    expect(fields).toMatch(/Environment\s+staging/);
    expect(fields).toMatch(/Release\s+shop@2\.0\.0/);
    expect(fields).toMatch(/User\s+grace@example\.com/);
    expect(fields).not.toContain('About');
    const attachments = detail.getByRole('region', { name: 'Attachments' });
    expect(await attachments.innerText()).toContain('screenshot.png');
    await attachments.getByRole('button', { name: 'Preview' }).click();
    const image = attachments.getByRole('img', { name: 'screenshot.png' });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'feedback.png'), fullPage: true });

    const search = page.getByLabel('Search feedback');
    await search.fill('FOOTER');
    await search.press('Enter');
    await listSettled(page, 'feedback-list');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().innerText()).toContain('Grace Hopper');
    await search.fill('nothing like this');
    await search.press('Enter');
    await page.getByText('No feedback matches this search.').waitFor();
    expect(app.problems).toEqual([]);
  });
});

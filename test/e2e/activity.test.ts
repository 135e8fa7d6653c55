/**
 * The issue's Activity tab in Chromium against `bin/faultline serve`, fed by the real @sentry/node
 * SDK: Sentry's first-seen entry, a note posted, edited and removed, a resolve from the header
 * shown in Sentry's words, and a note another client adds arriving by live update.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the activity browser test: ${missing}`);

describe.skipIf(missing !== undefined)('the Activity tab in Chromium', () => {
  const app = appInChromium();
  const items = () => app.page.getByTestId('activity-item');
  const texts = () => items().allInnerTexts();
  const firstLine = async () => (await texts())[0]?.split('\n')[0] ?? '';

  it('posts, edits and removes a note, and shows a resolve and another client’s note as they happen', async () => {
    await sendWithSdk(app.server.info.dsn, { errors: [{ name: 'InvoiceLost', message: 'invoice 7 lost' }] });
    let groupId: number | undefined;
    await expect
      .poll(
        async () => {
          const list = await rpc<{ issues: Array<{ id: number }> }>(app.server, 'issues.list', {
            projectId: 1,
          });
          groupId = list.issues[0]?.id;
          return groupId;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    await app.page.goto(`${app.server.info.url}/#/issues/${groupId}`);
    await app.page.getByRole('link', { name: 'Activity' }).click();
    await expect.poll(texts).toEqual([expect.stringMatching(/^Sentry first saw this issue\s/)]);

    const box = app.page.getByLabel('Add a comment');
    await box.fill('Looks like the **billing** cron.\nChecking the logs.');
    await app.page.getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(firstLine).toMatch(/^You left a comment/);
    expect(await items().first().locator('.activity-note').innerText()).toBe(
      'Looks like the **billing** cron.\nChecking the logs.',
    );
    expect(await box.inputValue()).toBe('');

    await items().first().getByRole('button', { name: 'Edit' }).click();
    await app.page.getByLabel('Edit comment').fill('It was the billing cron.');
    await app.page.getByRole('button', { name: 'Save Comment' }).click();
    await expect
      .poll(() => items().first().locator('.activity-note').innerText())
      .toBe('It was the billing cron.');

    await app.page.locator('.issue-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(firstLine).toMatch(/^You marked this issue as resolved/);

    // Another window of the app (here the RPC) adds a note: this page shows it without a reload.
    await rpc(app.server, 'issues.notes.add', { groupId, text: 'Deployed the fix.' });
    await expect.poll(() => items().first().locator('.activity-note').innerText()).toBe('Deployed the fix.');

    app.page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe('Are you sure you wish to delete this comment?');
      void dialog.accept();
    });
    await items()
      .filter({ hasText: 'It was the billing cron.' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await expect.poll(() => items().filter({ hasText: 'It was the billing cron.' }).count()).toBe(0);
    expect(
      (await texts()).map((text) => text.split('\n')[0]?.replace(/\s+\S+ ago$|\s+just now$/, '')),
    ).toEqual(['You left a comment', 'You marked this issue as resolved', 'Sentry first saw this issue']);
    await app.page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'issue-activity.png') });
    expect(app.problems).toEqual([]);
  });
});

/**
 * The Tags and Attachments tabs in Chromium, as Sentry shows them, against the built
 * `bin/faultline serve` fed by the real @sentry/node SDK: each tag key with its values and counts,
 * a key's tag details (percent, count, sorts, CSV export) whose values open the events with
 * that tag; the attachments of the events, the screenshot as a thumbnail, one deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the issue tags and attachments browser test: ${missing}`);

/** A 2×2 red PNG, as a screenshot integration would attach one. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR42mP4z8AARAwMDAwMAB/aA/3Kq3CQAAAAAElFTkSuQmCC';

describe.skipIf(missing !== undefined)('the issue’s Tags and Attachments tabs in Chromium', () => {
  const app = appInChromium();
  const tab = (name: string) =>
    app.page.getByRole('navigation', { name: 'Issue sections' }).getByRole('link', { name, exact: true });

  it('shows each tag key’s values with counts, a key’s details sorted and exported, a value’s events', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        { name: 'FlagMismatch', message: 'flag blue 1', tags: { feature_flag: 'blue' }, minutesAgo: 30 },
        { name: 'FlagMismatch', message: 'flag green', tags: { feature_flag: 'green' }, minutesAgo: 20 },
        { name: 'FlagMismatch', message: 'flag blue 2', tags: { feature_flag: 'blue' }, minutesAgo: 10 },
      ],
    });
    await openLatestEventOf(app, 'FlagMismatch');
    await tab('Tags').click();
    const card = app.page.getByTestId('tag-card').filter({ hasText: 'feature_flag' });
    await expect
      .poll(() => card.getByTestId('tag-value').allTextContents(), { timeout: 10_000 })
      .toEqual(['blue2', 'green1']);
    expect(await app.page.getByTestId('tag-card').filter({ hasText: 'environment' }).textContent()).toContain(
      'production3',
    );
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'issue-tags-tab.png') });

    await card.getByRole('link', { name: 'feature_flag' }).click();
    const rows = app.page.getByTestId('tag-value-row');
    const cells = async () =>
      (await rows.all()).length === 0
        ? []
        : Promise.all(
            (await rows.all()).map(async (row) => (await row.locator('td').allTextContents()).slice(0, 3)),
          );
    await expect.poll(cells).toEqual([
      ['blue', '66.67%', '2'],
      ['green', '33.33%', '1'],
    ]);
    // First seen, newest first: green (20 minutes ago) before blue (30).
    await app.page.getByRole('button', { name: 'First Seen' }).click();
    await expect.poll(async () => (await cells()).map(([value]) => value)).toEqual(['green', 'blue']);
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'issue-tag-details.png') });

    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.getByRole('button', { name: 'Export Page to CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^DEFAULT-\w+-feature_flag\.csv$/);
    const csv = fs
      .readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv[0]).toBe('value,times_seen,last_seen,first_seen');
    expect(csv.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual([
      ['green', '1'],
      ['blue', '2'],
    ]);
    expect(csv[1]).toMatch(/^green,1,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z,\d{4}-/);
    await download.delete();

    await rows.getByRole('link', { name: 'green' }).click();
    const events = app.page.getByTestId('event-row');
    await expect.poll(() => events.allTextContents()).toEqual([expect.stringContaining('flag green')]);
    expect(await app.page.getByLabel('Search events').inputValue()).toBe('feature_flag:"green"');
    expect(app.problems).toEqual([]);
  });

  it('lists the attachments of the issue’s events, shows the screenshot as a thumbnail, deletes one', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        {
          name: 'UploadFailed',
          message: 'upload failed',
          attachments: [
            { filename: 'screenshot.png', base64: PNG, contentType: 'image/png' },
            { filename: 'upload.log', text: 'PUT /files 507', contentType: 'text/plain' },
          ],
        },
        { name: 'UploadFailed', message: 'upload failed again' },
      ],
    });
    await openLatestEventOf(app, 'UploadFailed');
    await tab('Attachments').click();
    const rows = app.page.getByTestId('attachment-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const log = rows.filter({ hasText: 'upload.log' });
    expect(await log.textContent()).toContain('event.attachment');
    expect(await log.textContent()).toContain('14 B');

    await app.page.getByRole('button', { name: 'Screenshots' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    const thumbnail = rows.getByTestId('attachment-thumbnail');
    await expect.poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(2);
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'issue-attachments-screenshots.png') });
    await app.page.getByRole('button', { name: 'Only Crash Reports' }).click();
    await app.page.getByTestId('no-attachments').waitFor();

    await app.page.getByRole('button', { name: 'All Attachments' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    app.page.once('dialog', (dialog) => void dialog.accept());
    await log.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('screenshot.png')]);
    // The event page no longer lists it either.
    await rows.getByRole('link').first().click();
    // The Attachments tab is a region of that name too: the event page's own, inside the event.
    const section = app.page.getByTestId('event-view').getByRole('region', { name: 'Attachments' });
    await section.waitFor();
    expect(await section.textContent()).toContain('screenshot.png');
    expect(await section.textContent()).not.toContain('upload.log');
    expect(app.problems).toEqual([]);
  });
});

/**
 * Relay's `_meta` on the event page in Chromium against `bin/faultline serve`, fed by the real
 * @sentry/node SDK: a message, an exception value, a breadcrumb's data, an extra value and a request
 * header over Relay's limits are shown trimmed, each with a "trimmed" mark whose tooltip gives the
 * original length, and an invalid user IP Relay removed is listed with an "invalid" mark giving the
 * error and the original value; other values carry no mark.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

// Relay cuts a message longer than 8192 + 200 characters to 8192, and spends at most 256 KiB on `extra`.
const LONG_MESSAGE = `disk full: ${'m'.repeat(9_000)}`;
const HUGE_EXTRA = 'p'.repeat(300_000);

describe.skipIf(missing !== undefined)('trimmed values on the event page in Chromium', () => {
  const app = appInChromium();

  const marksIn = (region: Locator) => region.getByTestId('meta-mark');
  /** Opens the latest event of the issue listed first (the one the test just sent: sorted by last seen). */
  const openLatest = async (issues: number) => {
    await app.page.goto(`${app.server.info.url}/#/issues`);
    const rows = app.page.getByTestId('issue-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(issues);
    await rows.first().locator('.issue-title a').click();
    await app.page.getByTestId('event-view').waitFor();
  };

  it('a message and an extra value over the limits are marked trimmed, with their original lengths', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        {
          name: 'DiskFull',
          message: LONG_MESSAGE,
          asMessage: true,
          level: 'error',
          // Past the budget the payload used up, `after` is dropped: the section lost an item.
          extra: { attempt: 3, payload: HUGE_EXTRA, after: 'dropped' },
          // Not an IP address: Relay removes it with an error, keeping the value in `_meta`.
          user: { id: '42', ip_address: 'not-an-ip' },
          // The SDK cuts a breadcrumb's message to 2048 characters itself; its data it leaves to Relay (2 KiB).
          breadcrumbs: ['short crumb', { message: 'big crumb', data: { body: 'b'.repeat(3_000) } }],
          request: {
            method: 'GET',
            url: 'http://shop.local/upload',
            headers: { 'x-big': 'h'.repeat(10_000), accept: 'text/html' },
          },
        },
      ],
    });
    await openLatest(1);

    const message = app.page.getByRole('region', { name: 'Message' });
    expect((await message.locator('pre').textContent())?.length).toBe(8192);
    expect(await marksIn(message).allTextContents()).toEqual(['trimmed']);
    expect(await marksIn(message).getAttribute('title')).toBe(
      `Trimmed because of size limits: ${LONG_MESSAGE.length} characters originally, 8192 shown.`,
    );

    const extra = app.page.getByRole('region', { name: 'Additional data' });
    const payload = extra.locator('tr').filter({ has: app.page.locator('th', { hasText: 'payload' }) });
    expect(await marksIn(payload).allTextContents()).toEqual(['trimmed']);
    expect(await marksIn(payload).getAttribute('title')).toMatch(
      /^Trimmed because of size limits: 300000 characters originally, \d+ shown\.$/,
    );
    const attempt = extra.locator('tr').filter({ has: app.page.locator('th', { hasText: 'attempt' }) });
    expect(await attempt.locator('pre').textContent()).toBe('3');
    expect(await marksIn(attempt).count()).toBe(0);
    expect(await extra.locator('th', { hasText: 'after' }).count()).toBe(0);
    expect(await marksIn(extra.locator('h2')).getAttribute('title')).toBe(
      'Trimmed because of size limits: 3 items originally, 2 shown.',
    );

    const user = app.page.getByRole('region', { name: 'User' });
    const ip = user.locator('tr').filter({ has: app.page.locator('th', { hasText: 'IP Address' }) });
    expect(await marksIn(ip).allTextContents()).toEqual(['invalid']);
    expect(await marksIn(ip).getAttribute('title')).toBe(
      'Discarded invalid value: expected an ip address. Original value: not-an-ip',
    );
    expect(await marksIn(user.locator('tr').filter({ hasText: 'id' }).first()).count()).toBe(0);

    const crumbs = app.page.getByTestId('breadcrumb');
    expect(await marksIn(crumbs.filter({ hasText: 'short crumb' })).count()).toBe(0);
    expect(await marksIn(crumbs.filter({ hasText: 'big crumb' })).getAttribute('title')).toMatch(
      /^body: Trimmed because of size limits: 3000 characters originally, \d+ shown\.$/,
    );

    const headers = app.page.getByRole('table', { name: 'Headers' });
    const big = headers.locator('tr').filter({ has: app.page.locator('th', { hasText: 'x-big' }) });
    expect(await marksIn(big).allTextContents()).toEqual(['trimmed']);
    expect(await marksIn(big).getAttribute('title')).toMatch(
      /^Trimmed because of size limits: 10000 characters originally, \d+ shown\.$/,
    );
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await user.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'trimmed-values.png') });
    expect(app.problems).toEqual([]);
  });

  it('an exception value over the limit is marked trimmed beside it', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [{ name: 'QuotaBlown', message: `q${'v'.repeat(8_500)}` }],
    });
    await openLatest(2);
    const exception = app.page.getByTestId('exception');
    expect((await exception.locator('.exc-value').textContent())?.length).toBe(': '.length + 8192);
    expect(await marksIn(exception.locator('h3')).getAttribute('title')).toBe(
      'Trimmed because of size limits: 8501 characters originally, 8192 shown.',
    );
    expect(app.problems).toEqual([]);
  });
  it('values the default scrubbing filtered are marked with the PII rule that did it', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        {
          name: 'LoginFailed',
          message: 'bad login',
          extra: { password: 'hunter2', note: 'card 4111 1111 1111 1111' },
        },
      ],
    });
    await openLatest(3);
    const extra = app.page.getByRole('region', { name: 'Additional data' });
    const row = (key: string) =>
      extra.locator('tr').filter({ has: app.page.locator('th', { hasText: key }) });
    expect(await row('password').locator('pre').textContent()).toBe('[Filtered]');
    expect(await marksIn(row('password')).allTextContents()).toEqual(['filtered']);
    expect(await marksIn(row('password')).getAttribute('title')).toBe(
      'Replaced because of the PII rule @password:filter.',
    );
    expect(await marksIn(row('note')).getAttribute('title')).toBe(
      'Replaced because of the PII rule @creditcard:filter.',
    );
    expect(app.problems).toEqual([]);
  });
});

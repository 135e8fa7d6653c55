/**
 * Merge and delete & discard from the issue list in Chromium against `bin/faultline serve`, fed by
 * the real @sentry/node SDK: two merged issues become one with both counts (and later events of
 * either join it), and a deleted & discarded issue stays gone when its error happens again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openApp } from '../support/chromium.ts';
import { type RunningServe, startServe } from '../support/serve.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

type SentError = SenderSpec['errors'][number];
// The error's name decides its issue (all are thrown from the same place in the sender).
const CART: SentError = { name: 'CartExpired', message: 'cart 9 expired' };
const COUPON: SentError = { name: 'CouponInvalid', message: 'coupon SPRING gone' };
const NOISE: SentError = { name: 'HealthCheckNoise', message: 'probe timed out' };
const MARKER: SentError = { name: 'AfterDiscard', message: 'sent after the discard' };

/** The SDK's Dedupe integration drops an error identical to the one before: vary the message. */
const times = (error: SentError, n: number): SentError[] =>
  Array.from({ length: n }, (_, i) => ({ ...error, message: `${error.message} #${i + 1}` }));

describe.skipIf(missing !== undefined)('bulk merge and delete & discard in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  const confirms: string[] = [];
  let acceptConfirm = true;

  const rows = () => page.getByTestId('issue-row');
  /** The error types of the listed issues (a title is `Type: message`), sorted. */
  const rowTypes = async () =>
    (await rows().locator('.issue-title a').allTextContents()).map((t) => t.split(':')[0]?.trim()).sort();
  const rowOf = (error: SentError) => rows().filter({ hasText: `${error.name}: ` });
  const countOf = (error: SentError) => rowOf(error).getByTestId('issue-events').textContent();
  const select = (error: SentError) => rowOf(error).getByRole('checkbox').check();
  const send = (errors: SentError[]) => sendWithSdk(server.info.dsn, { release: 'shop@2.0.0', errors });

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
    ({ page, problems } = await openApp(browser, server));
    page.on('dialog', (dialog) => {
      confirms.push(dialog.message());
      void (acceptConfirm ? dialog.accept() : dialog.dismiss());
    });
    await page.getByTestId('issue-total').filter({ hasText: '0 issues' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('merging two selected issues leaves one with the summed count', async () => {
    await send([...times(CART, 2), ...times(COUPON, 3), NOISE]);
    await expect.poll(rowTypes, { timeout: 15_000 }).toEqual([CART.name, COUPON.name, NOISE.name].sort());
    // An issue shows with its first event; the counts catch up as the rest are processed.
    await expect.poll(() => countOf(CART), { timeout: 15_000 }).toBe('2');
    await expect.poll(() => countOf(COUPON), { timeout: 15_000 }).toBe('3');

    await select(CART);
    await select(COUPON);
    // Merging asks first, as Sentry does; saying no leaves both issues.
    acceptConfirm = false;
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    expect(confirms.at(-1)).toBe(
      'Are you sure you want to merge these 2 issues?\nThis action cannot be undone.',
    );
    expect(await rows().count()).toBe(3);
    acceptConfirm = true;
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(2);
    const merged = rows().filter({ hasNotText: `${NOISE.name}: ` });
    expect([CART.name, COUPON.name]).toContain((await rowTypes()).find((type) => type !== NOISE.name));
    await expect.poll(() => merged.getByTestId('issue-events').textContent()).toBe('5');
    expect(await countOf(NOISE)).toBe('1');
    // Both issues' fingerprints now point at the merged one: a new coupon error counts there.
    await send([{ ...COUPON, message: 'coupon SPRING gone after the merge' }]);
    await expect.poll(() => merged.getByTestId('issue-events').textContent(), { timeout: 15_000 }).toBe('6');
    expect(await rows().count()).toBe(2);
  });

  it('delete & discard removes the issue, and the same error sent again does not bring it back', async () => {
    await select(NOISE);
    await page.getByRole('button', { name: 'Delete & discard', exact: true }).click();
    expect(confirms.at(-1)).toBe(
      'Are you sure you want to delete and discard future events of this 1 issue?\nThis action cannot be undone.',
    );
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rowTypes()).not.toContain(NOISE.name);

    await send(times(NOISE, 2));
    // The queue is first in, first out: once the marker's issue shows, the noise was processed.
    await send([MARKER]);
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(2);
    expect(await rowTypes()).toContain(MARKER.name);
    expect(await rowTypes()).not.toContain(NOISE.name);
    // Not hiding in another tab either: a search across every status finds nothing.
    const box = page.getByLabel('Search issues');
    await box.fill('HealthCheckNoise');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('issue-total').textContent()).toBe('0 issues');
    expect(problems).toEqual([]);
  });
});

/**
 * "Open in editor" in Chromium against `bin/faultline serve`: with an editor command set on the
 * Settings page, a frame of an error sent by the real @sentry/node SDK opens its file at its line
 * in that editor (here a Node script that records its arguments).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openApp } from '../support/chromium.ts';
import { type RunningServe, startServe, tempDir } from '../support/serve.ts';
import { SENDER_FILE, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

/** The line of the sender that throws (the in-app frame `chargeCard`). */
function throwLine(): number {
  const lines = fs.readFileSync(SENDER_FILE, 'utf8').split('\n');
  return lines.findIndex((line) => line.includes('new CheckoutError(error.message)')) + 1;
}

describe.skipIf(missing !== undefined)('open in editor in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  const dir = tempDir('faultline-editor-');
  const output = path.join(dir, 'argv.json');
  const script = path.join(dir, 'fake editor.mjs');

  const open = async (label: string) => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: label, exact: true })
      .click();
  };
  const openLatestEvent = async () => {
    await open('Issues');
    await page.getByTestId('issue-row').first().locator('.issue-title a').click();
    await page.getByTestId('exception').waitFor();
  };

  beforeAll(async () => {
    fs.writeFileSync(
      script,
      "import fs from 'node:fs';\nfs.writeFileSync(process.argv[2], JSON.stringify(process.argv.slice(3)));\n",
    );
    server = await startServe();
    browser = await launchChromium();
    ({ page, problems } = await openApp(browser, server));
    await page.getByTestId('issue-total').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows no editor button until a command is set, then opens the frame at its line', async () => {
    await sendWithSdk(server.info.dsn, { errors: [{ name: 'PaymentDeclined', message: 'card declined' }] });
    await expect.poll(() => page.getByTestId('issue-row').count(), { timeout: 15_000 }).toBe(1);
    // The settings read first (no command set): the event is then drawn knowing them. Drawn before
    // they come, it would show no button either, and the check below could not fail.
    await open('Settings');
    expect(await page.getByLabel('Editor command').inputValue()).toBe('');
    await openLatestEvent();
    const inApp = page.getByTestId('exception').locator('[data-testid="frame"].in-app');
    await expect.poll(() => inApp.count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Open in editor' }).count()).toBe(0);

    await open('Settings');
    await page
      .getByLabel('Editor command')
      .fill(`"${process.execPath}" "${script}" "${output}" --goto {file}:{line}:{column}`);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await openLatestEvent();
    const chargeCard = inApp.filter({ has: page.locator('.frame-fn', { hasText: /^chargeCard$/ }) });
    await chargeCard.getByRole('button', { name: 'Open in editor' }).click();
    await expect.poll(() => fs.existsSync(output), { timeout: 10_000 }).toBe(true);
    const argv = JSON.parse(fs.readFileSync(output, 'utf8')) as string[];
    expect(argv).toHaveLength(2);
    expect(argv[0]).toBe('--goto');
    expect(argv[1]).toMatch(
      new RegExp(`^${SENDER_FILE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${throwLine()}:\\d+$`),
    );
    expect(problems).toEqual([]);
  });
});

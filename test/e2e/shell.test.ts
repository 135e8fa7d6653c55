import fs from 'node:fs';
import path from 'node:path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, type RunningServe, startServe } from '../support/serve.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('the app shell in Chromium (faultline serve)', () => {
  let server: RunningServe;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders the shell from the printed URL with no console errors, and the setup page shows the DSN', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.info.url });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${server.info.url}/#token=${server.info.token}`);
    await expect.poll(() => page.locator('nav[aria-label="Main"]').isVisible()).toBe(true);
    for (const label of ['Issues', 'Console', 'Export', 'Projects & Setup']) {
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: label, exact: true }).count(), label).toBe(1);
    }
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain(server.info.token);
    await expect.poll(() => page.locator('.sidebar-footer').textContent()).toContain('headless');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Projects & Setup' })
      .click();
    const dsn = page.getByTestId('dsn');
    await expect.poll(() => dsn.inputValue()).toBe(server.info.dsn);
    await page.getByRole('button', { name: 'Copy DSN' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(server.info.dsn);
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup.png') });

    // A reload keeps working: the token stays in this tab's session storage.
    await page.reload();
    await expect.poll(() => page.locator('.sidebar-footer').textContent()).toContain('headless');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a page opened without the token cannot call the API', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.info.url}/#/setup`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('no access token');
    await page.close();
  });
});

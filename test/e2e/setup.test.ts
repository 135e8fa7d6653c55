/**
 * The Setup and Settings pages in Chromium against `bin/faultline serve`: creating a project
 * shows its DSN and snippets, a sample event appears in the issue list, retention is changed
 * and kept, and clearing data asks first. Screenshots of both pages go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openApp } from '../support/chromium.ts';
import { REPO_ROOT, type RunningServe, startServe } from '../support/serve.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('the Setup and Settings pages in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  const open = async (label: string) => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: label, exact: true })
      .click();
  };

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ({ page, problems } = await openApp(browser, server, { width: 1400, height: 1000 }));
    await page.getByTestId('issue-total').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creating a project shows its DSN and SDK snippets with that DSN', async () => {
    await open('Projects & Setup');
    await page.getByLabel('New project name').fill('Checkout Web');
    await page.getByRole('button', { name: 'Create project' }).click();
    const card = page.getByRole('article', { name: 'Project Checkout Web' });
    await card.waitFor();
    const dsn = await card.getByTestId('dsn').inputValue();
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/2$/);
    expect(dsn).toContain(`:${server.info.port}/`);
    // Not on the default port: `spotlight: true` would not reach this server; its stream URL does.
    expect(await page.getByTestId('spotlight-option').textContent()).toBe(
      `spotlight: 'http://127.0.0.1:${server.info.port}/stream'`,
    );
    expect(await card.getByTestId('snippet').textContent()).toContain(`dsn: '${dsn}'`);
    await card.getByRole('tab', { name: 'Python' }).click();
    expect(await card.getByTestId('snippet').textContent()).toContain(`dsn="${dsn}"`);

    // The key can be disabled: ingest then refuses events sent with it.
    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('(disabled: events sent with it are refused)').waitFor();
    const [, key] = /\/\/([0-9a-f]+)@/.exec(dsn) ?? [];
    const refused = await fetch(`${server.info.url}/api/2/envelope/?sentry_key=${key}&sentry_version=7`, {
      method: 'POST',
      body: '{}\n{"type":"event"}\n{"message":"x"}\n',
    });
    expect(refused.status).toBe(403);
    await card.getByRole('button', { name: 'Enable' }).click();
    await card.getByRole('button', { name: 'Disable' }).waitFor();

    await card.getByRole('button', { name: 'Rename', exact: true }).click();
    await card.getByLabel('Project name').fill('Checkout Web App');
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('article', { name: 'Project Checkout Web App' }).getByTestId('dsn').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup.png'), fullPage: true });
  });

  it('a rate limit set on the project card makes ingest answer 429 past it, and 200 once removed', async () => {
    const card = page.getByRole('article', { name: 'Project Checkout Web App' });
    const dsn = new URL(await card.getByTestId('dsn').inputValue());
    const send = async () =>
      (
        await fetch(`${server.info.url}/api/2/envelope/?sentry_key=${dsn.username}&sentry_version=7`, {
          method: 'POST',
          body: '{}\n{"type":"event"}\n{"message":"x"}\n',
        })
      ).status;
    const form = card.getByRole('form', { name: 'Rate limit' });
    const status = card.getByTestId('rate-limit-status');
    await status.filter({ hasText: 'No rate limit: every event is accepted.' }).waitFor();

    // Below one event the browser refuses the form (the API would refuse it too, saying why).
    await form.getByLabel('Events').fill('0');
    await form.getByRole('button', { name: 'Save rate limit' }).click();
    expect(await form.getByLabel('Events').evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(
      false,
    );
    expect(await send()).toBe(200);

    await form.getByLabel('Events').fill('1');
    await form.getByLabel('per').selectOption({ label: '1 hour' });
    await form.getByRole('button', { name: 'Save rate limit' }).click();
    await status.filter({ hasText: 'At most 1 per 1 hour of each data category' }).waitFor();
    expect(await form.getByLabel('Events').inputValue()).toBe('1');
    expect([await send(), await send()]).toEqual([200, 429]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup-rate-limit.png'), fullPage: true });

    await form.getByRole('button', { name: 'Remove rate limit' }).click();
    await status.filter({ hasText: 'No rate limit' }).waitFor();
    expect(await send()).toBe(200);
  });

  it('sending a sample event makes it appear in the issue list', async () => {
    const card = page.getByRole('article', { name: 'Project Default' });
    await card.getByRole('button', { name: 'Send a sample event' }).click();
    await card.getByRole('link', { name: 'See it in Issues' }).click();
    const rows = page.getByTestId('issue-row');
    await expect
      .poll(async () => (await rows.locator('.issue-title a').allTextContents()).map((t) => t.trim()), {
        timeout: 15_000,
      })
      .toEqual(["TypeError: Cannot read properties of undefined (reading 'amount')"]);
  });

  it('the settings page changes retention, keeps it, and clears data after a confirmation', async () => {
    await open('Settings');
    const retention = page.getByLabel('Retention (days)');
    expect(await retention.inputValue()).toBe('30');
    expect(await page.getByTestId('data-dir').textContent()).toBe(server.dataDir);
    await retention.fill('14');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Retention (days)').inputValue()).toBe('14');
    // The sample event, and the three events the rate limit test let through (one issue).
    await expect.poll(() => page.getByTestId('data-usage').textContent()).toMatch(/^4 events, /);
    // What the files take on disk, beside what the size limit counts.
    expect(await page.getByTestId('disk-usage').textContent()).toMatch(/^[\d.]+ [KMG]?B on disk$/);

    await page.getByRole('button', { name: 'Clear data…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete all events?' });
    await dialog.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Clear data…' }).click();
    await dialog.getByRole('button', { name: 'Delete all events' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted 4 events and 2 issues.' }).waitFor();
    await open('Issues');
    await page.getByTestId('issue-total').filter({ hasText: '0 issues' }).waitFor();
    expect(problems).toEqual([]);
  });
});

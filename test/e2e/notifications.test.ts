/**
 * Notifications of new and regressed issues in the UI of `faultline serve`: with the setting on
 * and the browser's permission, the page tells a new issue in one notification that opens it;
 * with the setting off, it tells nothing; a frequency alert set on the Settings page tells an
 * issue seen too often, once. Real Chromium notifications, recorded as they are made.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../src-shared/api.ts';
import { chromiumMissingReason, launchChromium } from '../support/chromium.ts';
import { type RunningServe, startServe } from '../support/serve.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

interface Shown {
  title: string;
  body: string;
  tag: string;
}

/** Wraps the page's Notification so the test sees each one made, and can click it. */
function recordNotifications(): void {
  const Real = window.Notification;
  const made: Notification[] = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      made.push(this);
    }
  }
  Object.assign(window, { Notification: Recorded, madeNotifications: made });
}

const shown = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { madeNotifications: Notification[] }).madeNotifications.map(
      (n): Shown => ({ title: n.title, body: n.body, tag: n.tag }),
    ),
  );

describe.skipIf(missing !== undefined)('issue notifications in the browser (faultline serve)', () => {
  let server: RunningServe;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: server.info.url });
    await context.addInitScript(recordNotifications);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.info.url}/#/settings&token=${server.info.token}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const setNotify = async (on: boolean) => {
    const box = page.getByLabel(/Notify me of new and regressed issues/);
    await box.setChecked(on);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  };

  it('tells a new issue in one notification, which opens the issue', async () => {
    await page.getByText('(in this browser, while a Faultline page is open)').waitFor();
    await setNotify(true);
    await sendWithSdk(server.info.dsn, { errors: [{ name: 'RangeError', message: 'notify me' }] });
    await expect.poll(() => shown(page), { timeout: 15_000 }).toHaveLength(1);
    const [notification] = await shown(page);
    expect(notification?.title).toBe('New issue DEFAULT-1');
    expect(notification?.body).toMatch(/^RangeError: notify me/);

    await page.evaluate(() =>
      (window as unknown as { madeNotifications: Notification[] }).madeNotifications[0]?.onclick?.(
        new Event('click'),
      ),
    );
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/issues\/\d+$/);
    await page.getByText('notify me').first().waitFor();
  });

  it('tells nothing once the setting is off', async () => {
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    await setNotify(false);
    await sendWithSdk(server.info.dsn, { errors: [{ name: 'SyntaxError', message: 'stay quiet' }] });
    await page.evaluate(() => {
      window.location.hash = '#/issues';
    });
    await page.getByText('stay quiet').first().waitFor({ timeout: 15_000 });
    // Longer than a burst is gathered.
    await page.waitForTimeout(2500);
    expect(await shown(page)).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  /** The issue's event count, from the issue list as the UI reads it. */
  const eventCount = async (shortId: string | undefined): Promise<number | undefined> => {
    const response = await fetch(`${server.info.url}/rpc/issues.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.info.token },
      body: JSON.stringify({ projectId: 1, query: '' }),
    });
    const body = (await response.json()) as { result: { issues: Array<{ shortId: string; count: number }> } };
    return body.result.issues.find((issue) => issue.shortId === shortId)?.count;
  };

  it('tells an issue seen more often than a frequency alert allows, naming the condition', async () => {
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    await page
      .getByRole('checkbox', { name: 'Notify me when the issue is seen more than', exact: true })
      .check();
    await page.getByRole('spinbutton', { name: 'times more than' }).fill('1');
    await page.getByRole('combobox', { name: 'times interval' }).selectOption('1h');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // New issues are not told (that switch is off); the second event makes it more than 1. The
    // messages differ, or the SDK's Dedupe integration drops the second; the stack groups them.
    await sendWithSdk(server.info.dsn, {
      errors: [
        { name: 'TypeError', message: 'too often 1' },
        { name: 'TypeError', message: 'too often 2' },
      ],
    });
    await expect.poll(() => shown(page), { timeout: 15_000 }).toHaveLength(2);
    const frequent = (await shown(page))[1];
    expect(frequent?.title).toMatch(/^Frequent issue DEFAULT-\d+$/);
    expect(frequent?.body).toMatch(/^Seen more than 1 times in one hour\nTypeError: too often/);
    // Throttled: more events within the rule's 30 minutes tell nothing more.
    await sendWithSdk(server.info.dsn, { errors: [{ name: 'TypeError', message: 'too often 3' }] });
    const shortId = frequent?.title.split(' ').at(-1);
    await expect.poll(() => eventCount(shortId), { timeout: 15_000 }).toBe(3);
    await page.waitForTimeout(2500);
    expect(await shown(page)).toHaveLength(2);

    // Stored: a reloaded page shows it (last, as a reload forgets the notifications recorded).
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    await page.reload();
    await expect.poll(() => page.getByRole('spinbutton', { name: 'times more than' }).inputValue()).toBe('1');
    expect(
      await page
        .getByRole('checkbox', { name: 'Notify me when the issue is seen more than', exact: true })
        .isChecked(),
    ).toBe(true);
    expect(problems).toEqual([]);
  });
});

/** Debian's Chromium driven by playwright-core, with the flags this closed network needs. */
import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type RunningServe, startServe } from './serve.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissingReason(): string | undefined {
  return fs.existsSync(CHROMIUM_PATH)
    ? undefined
    : `no Chromium at ${CHROMIUM_PATH} (install Debian's 'chromium' package or set CHROMIUM_PATH)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page of `faultline serve`'s UI, opened with the launch token as a user opens it, and the
 * console errors and uncaught exceptions it reports (tests expect none).
 */
export async function openApp(
  browser: Browser,
  server: RunningServe,
  viewport = { width: 1400, height: 900 },
  options: { timezoneId?: string } = {},
): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport, ...options })).newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // A failed load names its resource, so a stray 400 says which request it was.
    const at = message.location().url;
    if (message.type() === 'error') problems.push(at ? `${message.text()} (${at})` : message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // What a refused call was asked and answered, printed beside the test's output for whoever reads a failure.
  page.on('response', (response) => {
    if (response.status() < 400 || !response.url().includes('/rpc/')) return;
    const asked = response.request().postData() ?? '';
    void response.text().then(
      (answer) => console.warn(`${response.status()} ${response.url()} ${asked} → ${answer}`),
      () => undefined,
    );
  });
  await page.goto(`${server.info.url}/#token=${server.info.token}`);
  return { page, problems };
}

/** What `appInChromium` starts: read its fields inside the tests (they are set before the first). */
export interface AppInChromium {
  server: RunningServe;
  browser: Browser;
  page: Page;
  problems: string[];
}

/**
 * For a `describe` block: a fresh `faultline serve`, Chromium and a page of its UI, opened before
 * the block's tests (once the issue list has loaded, with no issue yet) and closed after them.
 */
export function appInChromium(options: { timezoneId?: string } = {}): AppInChromium {
  const app = { problems: [] as string[] } as AppInChromium;
  beforeAll(async () => {
    app.server = await startServe();
    app.browser = await launchChromium();
    ({ page: app.page, problems: app.problems } = await openApp(app.browser, app.server, undefined, options));
    await app.page.getByTestId('issue-total').filter({ hasText: '0 issues' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

/**
 * Waits until the issue list shows the rows of its current search: while a new search loads, the
 * list keeps the rows of the one before on screen and says it is busy. Call it once the page shows
 * the new search (its tab current, its text in the box), or it may see the list before the change.
 */
export function issueListSettled(page: Page): Promise<void> {
  return page.locator('[data-testid="issue-list"]:not([aria-busy="true"])').waitFor();
}

/**
 * Waits until the list or table `testId` (`logs-table`, `traces-table`, `feedback-list`,
 * `queries-table`, `monitors-table`, `check-ins-table`, `releases-table`) no longer shows the rows
 * of the query before: while a new search, sort, period, project or monitor loads, it keeps them on
 * screen with `aria-busy="true"`. A query with no rows removes the list, so this also returns when
 * there is none. Call it after the action that changed the query has returned (the page renders the
 * change in the same task, its list busy from then on), then read the rows.
 */
export function listSettled(page: Page, testId: string): Promise<void> {
  return page.locator(`[data-testid="${testId}"][aria-busy="true"]`).waitFor({ state: 'detached' });
}

/** Clicks the issue list's status tab `label` and waits until the list shows that tab's issues. */
export async function openStatusTab(page: Page, label: string): Promise<void> {
  const tab = page
    .getByRole('navigation', { name: 'Status' })
    .getByRole('link', { name: label, exact: true });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-current')).toBe('page');
  await issueListSettled(page);
}

/**
 * Opens the latest event of the first issue the search `query` lists on `page`, waiting up to 15 s
 * for one to arrive.
 */
export async function openLatestEventIn(page: Page, url: string, query: string): Promise<void> {
  await page.goto(`${url}/#/issues?query=${encodeURIComponent(query)}`);
  // The list before (other issues first) stays on screen until this search's rows come: clicking
  // its first row would open another issue.
  await expect.poll(() => page.getByLabel('Search issues').inputValue()).toBe(query);
  await issueListSettled(page);
  const link = page.getByTestId('issue-row').first().locator('.issue-title a');
  await link.waitFor({ timeout: 15_000 });
  await link.click();
  await page.getByTestId('event-view').waitFor();
  // The first tab shows the recommended event: choose the latest, which the callers look at.
  const choice = page.getByRole('navigation', { name: 'Event shown' });
  await choice.getByRole('link', { name: 'Latest', exact: true }).click();
  await choice.locator('a[aria-current="true"]', { hasText: 'Latest' }).waitFor();
}

/** Opens the latest event of the issue whose title contains `text`, waiting up to 15 s for it to arrive. */
export function openLatestEventOf(app: AppInChromium, text: string): Promise<void> {
  return openLatestEventIn(app.page, app.server.info.url, text);
}

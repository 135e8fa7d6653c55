/**
 * The SnQL console in Chromium against the built `faultline serve`: type a query, press
 * Ctrl+Enter, see rows (and the SQL that ran); an invalid query is underlined where it is wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, type RunningServe, startServe } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
// An SDK capture shipped with the project (resources/sample-envelopes), so this runs in any clone.
const ENVELOPE = path.resolve(REPO_ROOT, 'resources/sample-envelopes/node-v11-event-exception.envelope');
const missing =
  chromiumMissingReason() ?? (fs.existsSync(ENVELOPE) ? undefined : `no sample envelope at ${ENVELOPE}`);
if (missing) console.warn(`skipping the console browser test: ${missing}`);

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const window = () =>
  `project_id = 1 AND timestamp >= toDateTime('${iso(Date.now() - 3 * 86_400_000)}') AND timestamp < toDateTime('${iso(Date.now() + 86_400_000)}')`;

async function typeQuery(page: Page, query: string): Promise<void> {
  const editor = page.getByTestId('snql-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
}

describe.skipIf(missing !== undefined)('the SnQL console in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;

  async function openConsole(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${server.info.url}/#token=${server.info.token}`);
    await page.getByRole('link', { name: 'Console' }).click();
    await expect.poll(() => page.getByTestId('snql-editor').count()).toBe(1);
    return page;
  }

  beforeAll(async () => {
    server = await startServe();
    const dsn = new URL(server.info.dsn);
    const response = await fetch(
      `${server.info.url}/api/1/envelope/?sentry_key=${dsn.username}&sentry_version=7`,
      {
        method: 'POST',
        body: fs.readFileSync(ENVELOPE),
      },
    );
    expect(response.status).toBe(200);
    // Wait until the pipeline has indexed the event.
    const query = `MATCH (events) SELECT count() AS c WHERE ${window()}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const result = (await rpc(server, 'snql.query', { query })) as { data?: Array<{ c: number }> };
      if ((result.data?.[0]?.c ?? 0) > 0) break;
      if (Date.now() > deadline)
        throw new Error(`the event was not indexed in time: ${JSON.stringify(result)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await launchChromium();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs a typed query with Ctrl+Enter and shows rows, types and SQL; underlines an invalid one', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.info.url}/#token=${server.info.token}`);
    await page.getByRole('link', { name: 'Console' }).click();
    await expect.poll(() => page.getByTestId('snql-editor').count()).toBe(1);

    await typeQuery(page, `MATCH (events) SELECT event_id, title, level BY level WHERE ${window()} LIMIT 10`);
    await page.keyboard.press('Control+Enter');
    // `title` and `event_id` are not grouped: refused with the position of the first one.
    await expect
      .poll(() => page.getByTestId('snql-error').textContent())
      .toContain('not under aggregate function');

    await typeQuery(
      page,
      `MATCH (events) SELECT event_id, title, level WHERE ${window()} ORDER BY timestamp DESC LIMIT 10`,
    );
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-row').count()).toBeGreaterThan(0);
    const header = await page.getByTestId('snql-colhead').allTextContents();
    expect(header.join(' ')).toContain('event_id');
    expect(header.join(' ')).toContain('String');
    expect(await page.getByTestId('snql-row').first().textContent()).toMatch(/[0-9a-f]{32}/);
    expect(await page.getByTestId('snql-summary').textContent()).toMatch(/\d+ rows? · [\d.]+ ms/);
    await page.getByRole('tab', { name: 'Show SQL' }).click();
    expect(await page.getByTestId('snql-sql').textContent()).toContain('"deleted" = 0');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console.png') });

    // An unknown function: underlined in the editor as you type, and refused on run.
    await typeQuery(page, `MATCH (events) SELECT cout() AS c WHERE ${window()}`);
    await expect
      .poll(() => page.locator('.cm-lintRange-error').first().textContent(), { timeout: 5000 })
      .toContain('cout');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-error').textContent()).toContain('invalid_query');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-error.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the underline where the engine refused a query run right after typing', async () => {
    const page = await openConsole();
    // Valid for the parser; ClickHouse refuses comparing a UInt8 with '' (TYPE_MISMATCH, at the '').
    await typeQuery(page, `MATCH (events) SELECT count() AS c WHERE ${window()} AND notEmpty(title) < ''`);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-error').textContent()).toContain('TYPE_MISMATCH');
    // The editor's own check runs again after typing stops; it must not take the server's mark away.
    await page.waitForTimeout(1000);
    expect(await page.locator('.cm-lintRange-error').allTextContents()).toEqual(["''"]);
    await page.close();
  });

  it('cancels a long query, shows only the latest run’s answer, and says when nothing matched', async () => {
    const page = await openConsole();
    // About a billion rows (range makes at most 1,000 elements, and two equal arrayJoins are one,
    // so three different ones): runs for many seconds unless cancelled.
    const slow = `MATCH (events) SELECT sum(multiply(multiply(arrayJoin(range(1000)), arrayJoin(range(999))), arrayJoin(range(998)))) AS s WHERE ${window()}`;
    await typeQuery(page, slow);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-running').count()).toBe(1);
    const started = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('snql-error').textContent()).toContain('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);

    // A second run while the first still runs: the first is stopped and its answer never shown.
    await page.getByTestId('snql-editor').click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-running').count()).toBe(1);
    await typeQuery(page, `MATCH (events) SELECT title WHERE ${window()} AND level = 'no-such-level'`);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-empty').count()).toBe(1);
    expect(await page.getByTestId('snql-summary').textContent()).toMatch(/^0 rows/);
    await page.waitForTimeout(500);
    expect(await page.getByTestId('snql-error').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-empty.png') });
    await page.close();
  });

  it('runs with Ctrl+Enter once from the editor and from anywhere on the page; a data error marks no place', async () => {
    const page = await openConsole();
    const runs: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/rpc/snql.query')) runs.push(request.postData() ?? '');
    });
    await typeQuery(page, `MATCH (events) SELECT count() AS c WHERE ${window()} AND toUInt8(level) = 1`);
    await page.keyboard.press('Control+Enter');
    // 'error' does not parse as UInt8: a fault of the data, with no place in the text to mark.
    await expect.poll(() => page.getByTestId('snql-error').textContent()).toContain('CANNOT_PARSE_TEXT');
    await page.waitForTimeout(800);
    expect(runs).toHaveLength(1);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);

    await page.getByRole('heading', { name: 'Console' }).click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => runs.length).toBe(2);
    await page.close();
  });

  it('shows the TOTALS row of a grouped query under its groups', async () => {
    const page = await openConsole();
    await typeQuery(page, `MATCH (events) SELECT count() AS c BY level WHERE ${window()} TOTALS true`);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('snql-totals').count()).toBe(1);
    // The grouping key at its default (NULL: level is Nullable), the count over all groups.
    const cells = await page.getByTestId('snql-totals').locator('.snql-grid-cell').allTextContents();
    expect(cells).toEqual(['NULL', '1']);
    await page.close();
  });

  it('copies a link that opens the console with the query; once opened, a reload keeps later edits', async () => {
    const page = await openConsole();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.info.url });
    const query = `MATCH (events) SELECT count() AS linked WHERE ${window()}`;
    await typeQuery(page, query);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#\/console\?query=/);

    // Another tab of the browser opens the link (the token is kept for the origin, not the tab).
    const other = await page.context().newPage();
    await other.goto(link);
    await expect.poll(() => other.locator('.cm-content').textContent()).toBe(query);
    await other.keyboard.press('Control+Enter');
    await expect.poll(() => other.getByTestId('snql-summary').textContent()).toMatch(/^1 row/);
    expect(await other.getByTestId('snql-error').count()).toBe(0);
    await other.close();

    await typeQuery(page, 'MATCH (events) SELECT 1');
    await page.goto(link);
    await expect.poll(() => page.locator('.cm-content').textContent()).toBe(query);
    // The link's query became the draft and left the address: edits survive a reload.
    expect(page.url()).toMatch(/#\/console$/);
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText(' LIMIT 5');
    await page.reload();
    await expect.poll(() => page.locator('.cm-content').textContent()).toBe(`${query} LIMIT 5`);
    await page.close();
  });

  it('"Query in console" on the event page opens the console with the event\'s query, not the draft', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.info.url}/#token=${server.info.token}`);
    await page.evaluate(() =>
      localStorage.setItem('faultline.snql.draft', 'MATCH (events) SELECT 1 -- draft'),
    );
    const list = (await rpc(server, 'issues.list', { projectId: 1 })) as { issues: Array<{ id: number }> };
    const groupId = list.issues[0]?.id;
    expect(groupId).toBeDefined();
    await page.goto(`${server.info.url}/#/issues/${groupId}/events/latest`);
    await page.getByRole('link', { name: 'Query in console' }).click();
    await expect.poll(() => page.getByTestId('snql-editor').count()).toBe(1);
    const editorText = await page.locator('.cm-content').textContent();
    expect(editorText).not.toContain('-- draft');
    expect(editorText).toMatch(/event_id = '[0-9a-f]{32}'/);
    expect(problems).toEqual([]);
    await page.close();
  });
});

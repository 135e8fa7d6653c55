/**
 * The Export page in Chromium against the built `faultline serve`: start a JSONL export, see it
 * finish, download it through the browser; drop a file on the import area and see what was
 * imported and which lines were skipped. The issue page and the issue list link to the page with
 * the form filled in for that issue or that search.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../src-main/core/ingest/envelope-parser.ts';
import { chromiumMissingReason, launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, type RunningServe, startServe } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const SAMPLES = path.join(REPO_ROOT, 'resources', 'sample-envelopes');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the export browser test: ${missing}`);

const envelopes = () => fs.readdirSync(SAMPLES).filter((name) => name.endsWith('.envelope'));

describe.skipIf(missing !== undefined)('the Export page in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServe();
    const key = new URL(server.info.dsn).username;
    for (const name of envelopes()) {
      const response = await fetch(`${server.info.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
        method: 'POST',
        body: fs.readFileSync(path.join(SAMPLES, name)),
      });
      expect(response.status).toBe(200);
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const queue = await rpc<{ depth: number }>(server, 'queue.stats', {});
      if (queue.depth === 0) break;
      if (Date.now() > deadline) throw new Error('the events were not processed in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await launchChromium();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('exports JSONL, shows it done and downloads the file; a dropped file is imported line by line', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.info.url}/#token=${server.info.token}`);
    await page.getByRole('link', { name: 'Export', exact: true }).click();

    await page.getByLabel('File format').selectOption('jsonl');
    await page.getByRole('button', { name: 'Start export' }).click();
    const item = page.locator('.export-item').first();
    await expect.poll(() => item.locator('.export-state').textContent(), { timeout: 20_000 }).toBe('done');
    expect(await item.textContent()).toMatch(
      new RegExp(`${envelopes().length} / ${envelopes().length} rows`),
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^faultline-.*\.jsonl$/);
    const saved = await download.path();
    const lines = fs.readFileSync(saved, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(envelopes().length);
    expect((JSON.parse(lines[0] ?? '{}') as { project?: number }).project).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'export.png') });

    // A real SDK's event with a new id, then a broken line, dropped onto the import area.
    const envelope = parseEnvelope(fs.readFileSync(path.join(SAMPLES, envelopes()[0] ?? '')));
    const event = JSON.parse(
      envelope.items.find((i) => i.headers.type === 'event')?.payload.toString() ?? '{}',
    );
    const content = `${JSON.stringify({ ...event, event_id: 'f'.repeat(32) })}\n{not json\n`;
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.jsonl', { type: 'application/x-ndjson' }));
      return data;
    }, content);
    await page.getByTestId('import-drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    const result = page.locator('.import-item[data-file="dropped.jsonl"]');
    await expect
      .poll(() => result.locator('.import-summary').textContent(), { timeout: 20_000 })
      .toBe('1 imported, 1 skipped');
    expect(await result.locator('.import-skips').textContent()).toMatch(/line 2: not valid JSON/);
    const imported = await rpc<{ eventId: string }>(server, 'events.get', {
      projectId: 1,
      eventId: 'f'.repeat(32),
    });
    expect(imported.eventId).toBe('f'.repeat(32));
    await page.screenshot({ path: path.join(ARTIFACTS, 'export-import.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens the form filled in from an issue and from an issue search, and exports that search', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.info.url}/#token=${server.info.token}`);
    await page.goto(`${server.info.url}/#/issues?project=1&query=is%3Aunresolved`);

    // From the list: the current search and project.
    await page.getByRole('link', { name: 'Export events' }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'Issue search' }).isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Issue search' }).inputValue()).toBe('is:unresolved');
    await expect
      .poll(() => page.getByRole('form', { name: 'New export' }).getByRole('combobox').first().inputValue())
      .toBe('1');
    const issues = await rpc<{ total: number; issues: { count: number }[] }>(server, 'issues.list', {
      projectId: 1,
      query: 'is:unresolved',
    });
    const events = issues.issues.reduce((sum, issue) => sum + issue.count, 0);
    expect(events).toBeGreaterThan(0);
    // Earlier exports stay listed: wait for one more finished export with exactly those rows.
    const finished = page.locator('.export-item', { hasText: `${events} / ${events} rows` });
    const before = await finished.count();
    await page.getByLabel('File format').selectOption('jsonl');
    await page.getByRole('button', { name: 'Start export' }).click();
    await expect.poll(() => finished.count(), { timeout: 20_000 }).toBe(before + 1);

    // From an issue: its short id.
    await page.goBack();
    await page.locator('.issue-list a').first().click();
    const shortId = (await page.locator('.issue-header .short-id').textContent()) ?? '';
    expect(shortId).toMatch(/^[A-Z0-9-]+-[0-9A-Z]+$/);
    await page.getByRole('link', { name: 'Export events' }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'One issue' }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^Issue \(short id/).inputValue()).toBe(shortId);
    await page.screenshot({ path: path.join(ARTIFACTS, 'export-from-issue.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

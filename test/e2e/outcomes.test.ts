/**
 * The Outcomes page in Chromium against `bin/faultline serve`, fed over HTTP with envelopes as SDKs
 * send them: an event with an attachment, logs, a UI profile chunk, user feedback, a client report
 * and envelopes past the project's rate limit. Categories show under Sentry's Stats page titles, bytes
 * in bytes, every outcome in its column with the total, and what was dropped with Sentry's reasons.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openApp } from '../support/chromium.ts';
import { REPO_ROOT, type RunningServe, startServe } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ATTACHMENT = 'a'.repeat(2_500);
const LOGS = JSON.stringify({
  items: [1, 2].map((n) => ({
    timestamp: Date.now() / 1000,
    trace_id: '5b8efff798038103d269b633813fc60c',
    level: 'info',
    body: `log line ${n}`,
  })),
});

describe.skipIf(missing !== undefined)('the Outcomes page in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  const envelope = async (items: Array<[Record<string, unknown>, string]>) => {
    const key = new URL(server.info.dsn).username;
    const lines = [JSON.stringify({ dsn: server.info.dsn, sent_at: new Date().toISOString() })];
    for (const [headers, payload] of items) lines.push(JSON.stringify(headers), payload);
    const response = await fetch(`${server.info.url}/api/1/envelope/?sentry_key=${key}`, {
      method: 'POST',
      body: `${lines.join('\n')}\n`,
    });
    return response.status;
  };
  const event = (message: string): [Record<string, unknown>, string] => [
    { type: 'event' },
    JSON.stringify({ event_id: crypto.randomUUID().replaceAll('-', ''), message, platform: 'node' }),
  ];
  const row = (title: string) =>
    page
      .getByRole('table', { name: 'Outcomes by category' })
      .locator('tbody tr')
      .filter({
        has: page.locator('td:first-child', { hasText: new RegExp(`^${title}$`) }),
      });
  const cells = (title: string) => row(title).locator('td').allTextContents();

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
    ({ page, problems } = await openApp(browser, server));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows each category under its Stats page title and unit, with every outcome, its total and its reasons', async () => {
    expect(
      await envelope([
        event('with a file'),
        [{ type: 'attachment', length: ATTACHMENT.length, filename: 'notes.txt' }, ATTACHMENT],
      ]),
    ).toBe(200);
    expect(
      await envelope([
        [{ type: 'log', item_count: 2, content_type: 'application/vnd.sentry.items.log+json' }, LOGS],
      ]),
    ).toBe(200);
    expect(
      await envelope([
        [
          { type: 'profile_chunk', platform: 'javascript' },
          JSON.stringify({
            version: '2',
            platform: 'javascript',
            profiler_id: 'a'.repeat(32),
            chunk_id: 'b'.repeat(32),
            profile: {
              frames: [{ function: 'checkout', abs_path: 'http://localhost/app.js', lineno: 1 }],
              stacks: [[0]],
              samples: [0, 0.01].map((offset) => ({
                stack_id: 0,
                thread_id: '0',
                timestamp: Date.now() / 1000 + offset,
              })),
              thread_metadata: { '0': { name: 'main' } },
            },
          }),
        ],
      ]),
    ).toBe(200);
    expect(
      await envelope([
        [
          { type: 'client_report' },
          JSON.stringify({
            timestamp: Date.now() / 1000,
            discarded_events: [
              { reason: 'sample_rate', category: 'error', quantity: 4 },
              { reason: 'queue_overflow', category: 'attachment', quantity: 3_000 },
            ],
          }),
        ],
      ]),
    ).toBe(200);
    await sendWithSdk(server.info.dsn, {
      errors: [{ name: 'Checkout', message: 'card declined', feedback: [{ message: 'it broke' }] }],
    });
    // One more error is allowed in the window; the next is refused with project_quota.
    await rpc(server, 'projects.setRateLimit', { projectId: 1, rateLimit: { limit: 1, window: 3600 } });
    expect(await envelope([event('within the limit')])).toBe(200);
    expect(await envelope([event('over the limit')])).toBe(429);
    await rpc(server, 'projects.setRateLimit', { projectId: 1, rateLimit: null });

    // Accepted outcomes are recorded once the pipeline has stored the items.
    await expect
      .poll(
        async () => {
          const rows = await rpc<Array<{ category: string; outcome: string }>>(server, 'outcomes.list', {});
          return ['feedback', 'log_byte', 'attachment', 'error'].every((category) =>
            rows.some((r) => r.category === category && r.outcome === 'accepted'),
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await page.getByRole('heading', { name: 'Outcomes', exact: true }).waitFor();

    const headers = await page
      .getByRole('table', { name: 'Outcomes by category' })
      .locator('thead th')
      .allTextContents();
    expect(headers).toEqual([
      'Category',
      'Total',
      'Accepted',
      'Filtered',
      'Rate Limited',
      'Invalid',
      'Client Discard',
    ]);
    // Errors: the attachment's event, the SDK's error, the one within the limit; one over it; 4 sampled out.
    await expect.poll(() => cells('Errors')).toEqual(['Errors', '8', '3', '0', '1', '0', '4']);
    // Bytes, base 10 as Sentry shows them; the exact number in the tooltip.
    expect(await cells('Attachments')).toEqual([
      'Attachments',
      '5.5 KB',
      '2.5 KB',
      '0 B',
      '0 B',
      '0 B',
      '3.0 KB',
    ]);
    expect(await row('Attachments').locator('td').nth(2).locator('span').getAttribute('title')).toBe(
      '2500 bytes',
    );
    expect(await cells('Attachment Items')).toEqual(['Attachment Items', '1', '1', '0', '0', '0', '0']);
    expect(await cells('Log Counts')).toEqual(['Log Counts', '2', '2', '0', '0', '0', '0']);
    expect((await cells('Logs'))[2]).toBe(`${LOGS.length} B`);
    expect(await cells('User Feedback')).toEqual(['User Feedback', '1', '1', '0', '0', '0', '0']);
    expect((await cells('UI Profile Chunks'))[1]).toBe('1');

    const dropped = page.getByRole('table', { name: 'Dropped by reason' }).locator('tbody tr');
    expect(await dropped.allInnerTexts()).toEqual([
      'Errors\tRate Limited\tglobal limit\t1',
      'Errors\tClient Discard\tsample_rate\t4',
      'Attachments\tClient Discard\tqueue_overflow\t3.0 KB',
    ]);
    expect(await dropped.first().locator('td').nth(2).getAttribute('title')).toBe('project_quota');

    // By day, one category at a time: bytes are never added to counts.
    await page.getByLabel('Category by day').selectOption({ label: 'Attachments' });
    const today = new Date().toISOString().slice(0, 10);
    expect(
      await page.getByRole('table', { name: 'Outcomes by day' }).locator('tbody tr').allInnerTexts(),
    ).toEqual([`${today}\t2.5 KB\t0 B\t0 B\t0 B\t3.0 KB`]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'outcomes.png'), fullPage: true });
    expect(problems.filter((p) => !p.includes('429'))).toEqual([]);
  });
});

/**
 * The event page for events beyond a plain exception, each sent by a real client to `bin/faultline
 * serve` and read in Chromium: a message with a stack trace (Python SDK, `attach_stacktrace`), a CSP
 * violation reported by Chromium itself, a request with query string and cookies (@sentry/node),
 * breadcrumbs with their levels and times, and an event Relay had to correct (sentry-cli).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendWithSdk } from './fixtures/send.ts';

const run = promisify(execFile);
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);
const PYTHON = '/usr/bin/python3';
const pythonMissing = fs.existsSync(PYTHON) ? undefined : `${PYTHON} is not installed`;
const SENTRY_CLI = path.join(REPO_ROOT, 'node_modules/.bin/sentry-cli');
/** A time zone far from UTC, so times shown in UTC would not pass for local ones. */
const TIME_ZONE = 'Asia/Kolkata';

describe.skipIf(missing !== undefined)('the event page in Chromium', () => {
  const app = appInChromium({ timezoneId: TIME_ZONE });

  const openIssue = (text: string) => openLatestEventOf(app, text);

  it.skipIf(pythonMissing !== undefined)(
    "a message captured with the stack attached shows that stack (the event's threads)",
    async () => {
      await run(PYTHON, [
        '-c',
        `import sys, sentry_sdk
sentry_sdk.init(dsn=sys.argv[1], attach_stacktrace=True)
def report_slow_job(name):
    sentry_sdk.capture_message('job %s is slow' % name, level='warning')
report_slow_job('nightly')
sentry_sdk.flush()`,
        app.server.info.dsn,
      ]);
      await openIssue('nightly is slow');
      const stack = app.page.getByRole('region', { name: 'Stack Trace' });
      expect(await stack.getByTestId('frame').locator('.frame-fn').allTextContents()).toContain(
        'report_slow_job',
      );
      // Raw: the thread's stack as a Python traceback, the call that captured the message last.
      await stack.getByRole('button', { name: 'Raw' }).click();
      const raw = ((await stack.getByTestId('raw-stacktrace').textContent()) ?? '').split('\n');
      expect(raw[0]).toBe('Traceback (most recent call last):');
      expect(raw).toContainEqual(expect.stringMatching(/^ {2}File "<string>", line 4, in report_slow_job$/));
      expect(raw.indexOf(raw.find((line) => line.includes('in report_slow_job')) ?? '')).toBeGreaterThan(
        raw.findIndex((line) => line.includes('in <module>')),
      );
      // Raw is remembered for the project: leave it as the other tests expect the page.
      await stack.getByRole('button', { name: 'Raw' }).click();
    },
  );

  it('a CSP violation Chromium reports shows its report', async () => {
    const key = new URL(app.server.info.dsn).username;
    const reportUri = `${app.server.info.url}/api/1/security/?sentry_key=${key}`;
    const site = http.createServer((_request, response) => {
      response.setHeader('content-security-policy', `script-src 'self'; report-uri ${reportUri}`);
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><p>shop</p><script>window.inline = 1</script>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const shop = await app.page.context().newPage();
      await shop.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/checkout`);
      await shop.waitForTimeout(300);
      await shop.close();
    } finally {
      site.close();
    }
    await openIssue('Blocked');
    const report = app.page.getByRole('region', { name: 'CSP Report' });
    const text = await report.textContent();
    expect(text).toContain('effective_directive');
    expect(text).toContain('script-src-elem');
    expect(text).toContain('/checkout');
  });

  it('a request shows its query string and cookies, one row each', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [
        {
          name: 'CartError',
          message: 'cart gone',
          breadcrumbs: ['cart opened'],
          request: {
            method: 'GET',
            url: 'http://shop.local/cart?item=12&coupon=SPRING',
            headers: { cookie: 'theme=dark; lang=en', 'user-agent': 'curl/8.5' },
          },
        },
      ],
    });
    await openIssue('CartError');
    const query = app.page.getByRole('table', { name: 'Query string' });
    expect(await query.locator('tr').allTextContents()).toEqual(['item12', 'couponSPRING']);
    const cookies = app.page.getByRole('table', { name: 'Cookies' });
    expect(await cookies.locator('tr').allTextContents()).toEqual(
      expect.arrayContaining(['themedark', 'langen']),
    );
  });

  it("breadcrumbs show their level, at the viewer's local time as the event's own time is", async () => {
    expect(await app.page.getByTestId('breadcrumb-level').allTextContents()).toEqual(['info']);
    const shown = await app.page.getByTestId('breadcrumb-time').first().getAttribute('datetime');
    const at = new Date(shown ?? '');
    const local = at.toLocaleTimeString('en-US', { timeZone: TIME_ZONE, hour12: false });
    expect(await app.page.getByTestId('breadcrumb-time').first().textContent()).toBe(
      `${local}.${String(at.getUTCMilliseconds()).padStart(3, '0')}`,
    );
  });

  it('HTTP breadcrumbs read "url [status]", their other data beside, and memory sizes in contexts GiB, as in Sentry', async () => {
    const site = http.createServer((request, response) => {
      response.statusCode = request.url?.startsWith('/api/pay') ? 502 : 200;
      response.end('{}');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      await sendWithSdk(app.server.info.dsn, {
        errors: [
          {
            name: 'PayGatewayError',
            message: 'gateway down',
            fetches: [`${origin}/api/cart?id=4`, `${origin}/api/pay`],
          },
        ],
      });
    } finally {
      site.close();
    }
    await openIssue('PayGatewayError');
    // Newest first, as in Sentry. The Node SDK sends the method as `http.request.method` and the query
    // string apart: Sentry's line reads only `method`, `url` and `status_code`, and shows the rest as data.
    expect(await app.page.getByTestId('breadcrumb-http').allTextContents()).toEqual([
      `${origin}/api/pay [502]`,
      `${origin}/api/cart [200]`,
    ]);
    const data = await app.page.getByTestId('breadcrumb').locator('code').allTextContents();
    expect(data.map((text) => JSON.parse(text))).toEqual([
      { 'http.request.method': 'GET' },
      { 'http.request.method': 'GET', 'url.query': 'id=4' },
    ]);
    const device = app.page
      .getByTestId('event-context')
      .filter({ has: app.page.getByRole('heading', { name: 'Device', exact: true }) });
    const memory = device
      .locator('tr')
      .filter({ has: app.page.locator('th[title="memory_size"]') })
      .locator('pre');
    // The SDK reads the machine's total memory, as this test does.
    expect(await memory.textContent()).toBe(`${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`);
    expect(await memory.getAttribute('title')).toBe(`${os.totalmem().toLocaleString('en-US')} bytes`);
    const appContext = app.page
      .getByTestId('event-context')
      .filter({ has: app.page.getByRole('heading', { name: 'App', exact: true }) });
    expect(
      await appContext
        .locator('tr')
        .filter({ has: app.page.locator('th[title="app_memory"]') })
        .textContent(),
    ).toMatch(/^Memory Usage\d+\.\d MiB$/);
  });

  it('an event Relay had to correct says what it corrected', async () => {
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 19);
    await run(SENTRY_CLI, ['send-event', '-m', 'clock is off', '--timestamp', `${future}Z`], {
      env: { ...process.env, SENTRY_DSN: app.server.info.dsn },
    });
    await openIssue('clock is off');
    const note = app.page.getByRole('note', { name: 'Processing errors' });
    expect(await note.textContent()).toContain('There was 1 problem processing this event');
    expect(await note.getByTestId('processing-error').textContent()).toContain('future_timestamp');
    expect(app.problems).toEqual([]);
  });
});

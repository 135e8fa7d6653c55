/**
 * User feedback from the real @sentry/browser in Chromium, on a page of its own origin, against a real
 * core. The crash report dialog (`Sentry.showReportDialog()`), which loads `/api/embed/error-page/`
 * from the DSN's host as Sentry's web app serves it, asks for name, email and what happened, refuses
 * a report missing a field, and the report it sends is the event's user feedback, in the inbox with
 * where the event came from and on its issue's tab. The feedback widget's report is in the inbox with
 * the browser and OS its User-Agent names, as Relay's normalization names them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { browserSdkMissingReason, bundleBrowserSdk } from '../../support/browser-sdk.ts';
import { chromiumMissingReason, launchChromium } from '../../support/chromium.ts';
import { callApi, startCore } from '../../support/core.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the browser feedback tests: ${missing}`);

const PAGE_SCRIPT = `
  Sentry.init({
    dsn: window.__DSN,
    release: 'shop@3.1.0',
    environment: 'staging',
    integrations: [Sentry.feedbackIntegration({ enableScreenshot: false })],
  });
  Sentry.setUser({ id: '7', email: 'dana@example.com', username: 'dana' });
  window.__crash = async () => {
    const eventId = Sentry.captureException(new Error('the basket could not be saved'));
    await Sentry.flush(5000);
    window.__closed = false;
    Sentry.showReportDialog({
      eventId,
      user: { name: 'Dana Scully', email: 'dana@example.com' },
      title: 'Sorry, the basket broke',
      onClose: () => { window.__closed = true; },
    });
    return eventId;
  };
`;

describe.skipIf(missing !== undefined)('user feedback from @sentry/browser', () => {
  let core: Core;
  let browser: Browser;
  let dsn: string;
  let pageServer: http.Server;
  let pageUrl: string;

  beforeAll(async () => {
    core = await startCore();
    browser = await launchChromium();
    dsn = core.ctx.projects.defaultDsn(1) ?? '';
    const bundle = await bundleBrowserSdk();
    // Pages and styles of their own: the dialog must not take the page's (nor lose its fields to them).
    const html = `<!doctype html><html><head><title>shop</title>
      <style>input, textarea { display: none !important; } * { font-size: 40px; }</style>
      <script>window.__DSN = ${JSON.stringify(dsn)};</script>
      <script src="/sentry.js"></script><script src="/page.js"></script></head><body>shop</body></html>`;
    pageServer = http.createServer((req, res) => {
      const body = req.url === '/sentry.js' ? bundle : req.url === '/page.js' ? PAGE_SCRIPT : html;
      res.writeHead(200, { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : 'text/html' });
      res.end(body);
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://localhost:${(pageServer.address() as AddressInfo).port}/`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    await core?.close();
  });

  it('asks what happened, refuses a report without it, and keeps the one sent as the event’s feedback', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pageUrl);
    const eventId = ((await page.evaluate('window.__crash()')) as string).replaceAll('-', '');

    const dialog = page.getByRole('dialog', { name: 'Sorry, the basket broke' });
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Dana Scully');
    expect(await dialog.getByLabel('Email').inputValue()).toBe('dana@example.com');
    expect(await dialog.getByLabel('What happened?').isVisible()).toBe(true);

    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByText('This field is required.').waitFor();
    expect(await dialog.getByRole('status').innerText()).toMatch(/correct the marked fields/);

    await dialog.getByLabel('What happened?').fill('I saved the basket and it vanished');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByText('your report has been sent').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The SDK's onClose runs, and the dialog is gone.
    await expect.poll(() => page.evaluate('window.__closed')).toBe(true);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(problems).toEqual([]);

    await core.ctx.pipeline.call('pipeline.drain', {});
    const { feedback } = await callApi(core, 'feedback.list', { projectId: 1 });
    expect(feedback).toEqual([
      expect.objectContaining({
        source: 'user_report',
        eventId,
        groupId: expect.any(Number),
        name: 'Dana Scully',
        email: 'dana@example.com',
        message: 'I saved the basket and it vanished',
        // As Sentry makes a feedback of a report, where it came from is its event's.
        environment: 'staging',
        release: 'shop@3.1.0',
        browser: expect.stringMatching(/Chrome \d+/),
        url: pageUrl,
        user: 'dana@example.com',
      }),
    ]);
    const tab = await callApi(core, 'issues.feedback', { groupId: feedback[0]?.groupId ?? 0 });
    expect(tab.feedback.map((entry) => [entry.name, entry.comments])).toEqual([
      ['Dana Scully', 'I saved the basket and it vanished'],
    ]);
  });

  it('answers only for an event id and a key of this Faultline, and checks each field of the form', async () => {
    const base = new URL(dsn);
    const endpoint = (query: Record<string, string>) =>
      `${base.protocol}//${base.host}/api/embed/error-page/?${new URLSearchParams(query)}`;
    const eventId = 'ab'.repeat(16);

    const script = await fetch(endpoint({ dsn, eventId, title: '</script><b>x</b>' }));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    const text = await script.text();
    expect(text).toContain('\\u003c/script>\\u003cb>x\\u003c/b>');
    expect(text).not.toContain('</script>');

    expect((await fetch(endpoint({ dsn }))).status).toBe(400);
    expect((await fetch(endpoint({ dsn, eventId: 'not-an-event' }))).status).toBe(400);
    const unknownKey = dsn.replace(/\/\/\w+@/, `//${'0'.repeat(32)}@`);
    expect(await (await fetch(endpoint({ dsn: unknownKey, eventId }))).json()).toEqual({
      dsn: expect.any(String),
    });
    expect((await fetch(endpoint({ dsn: unknownKey, eventId }))).status).toBe(404);

    const post = (form: Record<string, string>) =>
      fetch(endpoint({ dsn, eventId }), { method: 'POST', body: new URLSearchParams(form) });
    const refused = await post({ name: '', email: 'not an address', comments: 'it broke' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      errors: { name: ['This field is required.'], email: ['Enter an email address.'] },
    });
    const taken = await post({ name: 'Ada', email: 'ada@example.com', comments: 'it broke' });
    expect([taken.status, await taken.json()]).toEqual([200, {}]);
    await core.ctx.pipeline.call('pipeline.drain', {});
    // About an event Faultline has not stored: kept, with nothing but what the report says.
    const { feedback } = await callApi(core, 'feedback.list', { projectId: 1, query: 'ada@example.com' });
    expect(feedback).toEqual([
      expect.objectContaining({ source: 'user_report', eventId, groupId: null, message: 'it broke' }),
    ]);
    expect(feedback[0]?.environment).toBeNull();
  });

  it('keeps the feedback widget’s report with the browser and OS its User-Agent names', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${pageUrl}settings`);
    await page.getByRole('button', { name: 'Report a Bug' }).click();
    await page.getByLabel('Description').fill('The save button does nothing');
    await page.getByRole('button', { name: 'Send Bug Report' }).click();
    await page.getByText('Thank you for your report!').waitFor({ timeout: 10_000 });

    await expect
      .poll(async () => {
        await core.ctx.pipeline.call('pipeline.drain', {});
        return (await callApi(core, 'feedback.list', { projectId: 1, query: 'save button' })).feedback;
      })
      .toEqual([
        expect.objectContaining({
          source: 'feedback',
          message: 'The save button does nothing',
          email: 'dana@example.com',
          url: `${pageUrl}settings`,
          environment: 'staging',
          browser: expect.stringMatching(/Chrome \d+/),
          os: 'Linux',
        }),
      ]);
  });
});

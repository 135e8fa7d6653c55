/**
 * Session Replay end to end: the real @sentry/browser SDK with `replayIntegration()` records a page in
 * Chromium (some text, a button whose click throws) and sends its replay to `faultline serve`; the
 * Replays page lists it with its URL and one error, its recording decodes to rrweb events with a full
 * snapshot, the error's event page links to it, and the replay page plays the recorded page in its
 * sandboxed iframe beside the click breadcrumb and the error; the error's issue lists it on its Replays tab.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayDetail, ReplayList } from '../../src-shared/replays-api.ts';
import { browserSdkMissingReason, bundleBrowserSdk } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { rpc } from './fixtures/rpc.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the session replay tests: ${missing}`);

const SHOP_TEXT = 'Welcome to the replay shop';

type SdkWindow = {
  Sentry: {
    flush(ms: number): Promise<boolean>;
    getReplay(): { getReplayId(): string | undefined; flush(): Promise<void> } | undefined;
  };
};

describe.skipIf(missing !== undefined)('session replays of @sentry/browser in Chromium', () => {
  const app = appInChromium();
  /** Serves the shop page and the SDK bundle over loopback HTTP, as a dev server would. */
  let site: http.Server;
  let shopUrl = '';
  let shop: Page;
  let replayId = '';

  beforeAll(async () => {
    const sdk = await bundleBrowserSdk();
    const html = `<!doctype html><html><head><title>replay shop</title>
<script src="/sentry.js"></script>
<script>
Sentry.init({
  dsn: ${JSON.stringify(app.server.info.dsn)},
  integrations: [Sentry.replayIntegration({ maskAllText: false, blockAllMedia: false, minReplayDuration: 0 })],
  replaysSessionSampleRate: 1.0,
  replaysOnErrorSampleRate: 1.0,
});
</script></head>
<body><h1>${SHOP_TEXT}</h1><p>Three apples in the basket.</p>
<button id="checkout" type="button">Checkout</button>
<script>document.getElementById('checkout').addEventListener('click', () => { throw new Error('checkout failed in replay'); });</script>
</body></html>`;
    site = http.createServer((request, response) => {
      const js = request.url === '/sentry.js';
      response.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
      response.end(js ? sdk : html);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/shop`;

    shop = await app.browser.newPage();
    await shop.goto(shopUrl);
    // The replay starts recording once the SDK has set up (a session id of 32 hex digits).
    await shop.waitForFunction(() =>
      /^[0-9a-f]{32}$/.test((window as unknown as SdkWindow).Sentry.getReplay()?.getReplayId() ?? ''),
    );
    replayId = (await shop.evaluate(() =>
      (window as unknown as SdkWindow).Sentry.getReplay()?.getReplayId(),
    )) as string;
    await shop.click('#checkout');
    await shop.evaluate(() => (window as unknown as SdkWindow).Sentry.flush(5000));
  }, 90_000);

  afterAll(async () => {
    await shop?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  /** Flushes the SDK's replay buffer until Faultline lists the replay with its error. */
  async function replayWithError() {
    let found: ReplayList['replays'][number] | undefined;
    await expect
      .poll(
        async () => {
          await shop.evaluate(() => (window as unknown as SdkWindow).Sentry.getReplay()?.flush());
          const list = await rpc<ReplayList>(app.server, 'replays.list', { projectId: 1 });
          found = list.replays.find((replay) => replay.id === replayId);
          return found?.errorIds.length ?? 0;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    return found as ReplayList['replays'][number];
  }

  it('the replay is listed with the URL it recorded and one error', async () => {
    const replay = await replayWithError();
    expect(replay.urls[0]).toBe(shopUrl);
    expect(replay.browser.name).toMatch(/Chrome/);
    expect(Date.parse(replay.finishedAt)).toBeGreaterThanOrEqual(Date.parse(replay.startedAt));
  });

  it('its recording decodes to rrweb events with a full snapshot, and the click as a breadcrumb', async () => {
    await replayWithError();
    const detail = await rpc<ReplayDetail>(app.server, 'replays.get', { projectId: 1, replayId });
    expect(detail.recording.problems).toEqual([]);
    expect(detail.recording.segments[0]).toBe(0);
    const types = detail.recording.events.map((event) => (event as { type: number }).type);
    expect(types).toContain(2);
    expect(JSON.stringify(detail.recording.events)).toContain(SHOP_TEXT);
    expect(detail.breadcrumbs.some((crumb) => crumb.category === 'ui.click')).toBe(true);
    expect(detail.errors).toHaveLength(1);
    expect(detail.errors[0]?.groupId).not.toBeNull();
  });

  it("the error's event names the replay, and its page links to it", async () => {
    await replayWithError();
    const detail = await rpc<ReplayDetail>(app.server, 'replays.get', { projectId: 1, replayId });
    const error = detail.errors[0];
    expect(error?.title).toContain('checkout failed in replay');
    const event = await rpc<{ event: { contexts?: { replay?: { replay_id?: string } } } }>(
      app.server,
      'events.get',
      { projectId: 1, eventId: error?.eventId },
    );
    expect(event.event.contexts?.replay?.replay_id).toBe(replayId);

    await app.page.goto(`${app.server.info.url}/#/issues/${error?.groupId}/events/${error?.eventId}`);
    const link = app.page.getByTestId('event-replay').getByRole('link');
    await link.click();
    await app.page.getByTestId('replay-detail').waitFor();
    expect(app.page.url()).toContain(`#/replays/${replayId}`);
  });

  it("the issue's Replays tab lists the replay its error belongs to, as the Replays page does, following the page filter", async () => {
    await replayWithError();
    const detail = await rpc<ReplayDetail>(app.server, 'replays.get', { projectId: 1, replayId });
    const error = detail.errors[0];
    const event = await rpc<{ event: { environment?: string } }>(app.server, 'events.get', {
      projectId: 1,
      eventId: error?.eventId,
    });
    const environment = event.event.environment ?? '';
    expect(environment).not.toBe('');
    const page = app.page;
    const tabs = page.getByRole('navigation', { name: 'Issue sections' });
    await page.goto(`${app.server.info.url}/#/issues/${error?.groupId}?environment=${environment}`);
    await expect.poll(() => tabs.textContent(), { timeout: 15_000 }).toContain('Replays (1)');
    await tabs.getByRole('link', { name: /^Replays/ }).click();
    const row = page.getByTestId('replay-row');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getByRole('link').textContent()).toBe(replayId.slice(0, 8));
    expect(await row.getByTestId('replay-url').textContent()).toContain(shopUrl);
    expect(await row.getByTestId('replay-errors').textContent()).toBe('1');
    expect(decodeURIComponent(new URL(page.url()).hash)).toMatch(/\/replays\?environment=/);

    // Another environment, where the issue has no event: none of its replays.
    await page.goto(`${app.server.info.url}/#/issues/${error?.groupId}/replays?environment=elsewhere`);
    await expect.poll(() => page.getByTestId('no-replays').count(), { timeout: 15_000 }).toBe(1);
    expect(await tabs.textContent()).toContain('Replays (0)');

    // Each row opens its replay.
    await page.goto(`${app.server.info.url}/#/issues/${error?.groupId}/replays`);
    await row.getByRole('link').click();
    await page.getByTestId('replay-detail').waitFor();
    expect(page.url()).toContain(`#/replays/${replayId}`);
  });

  it('the replay page plays the recorded page in a sandboxed iframe, beside the click and the error', async () => {
    await replayWithError();
    const page = app.page;
    await page.goto(`${app.server.info.url}/#/replays?project=1`);
    const row = page.getByTestId('replay-row').filter({ hasText: replayId.slice(0, 8) });
    expect(await row.getByTestId('replay-url').textContent()).toContain(shopUrl);
    expect(await row.getByTestId('replay-errors').textContent()).toBe('1');
    await row.getByRole('link').click();

    const frame = page.getByTestId('replay-host').locator('iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin');
    await expect
      .poll(() => frame.contentFrame().locator('h1').textContent(), { timeout: 10_000 })
      .toBe(SHOP_TEXT);
    const click = page.getByTestId('replay-breadcrumb').filter({ hasText: 'ui.click' });
    expect(await click.textContent()).toContain('button#checkout');
    expect(await page.getByTestId('replay-error').textContent()).toContain('checkout failed in replay');

    // A breadcrumb moves the player to its moment; Play runs it on to the end.
    const clickedAt = (await click.locator('.replay-crumb-time').textContent()) ?? '';
    await click.click();
    await expect
      .poll(() => page.getByTestId('replay-time').textContent())
      .toMatch(new RegExp(`^${clickedAt} /`));
    await page.getByTestId('replay-play').click();
    await expect
      .poll(
        async () => {
          const [current, total] = ((await page.getByTestId('replay-time').textContent()) ?? '').split(' / ');
          return current === total && (await page.getByTestId('replay-play').textContent()) === 'Play';
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    // The replayed page's scripts, styles and images broke no rule of the app's CSP (no console error).
    expect(app.problems).toEqual([]);
  });

  it("Sentry's web API lists the replay and answers its details in Sentry's field names", async () => {
    await replayWithError();
    const api = (path: string) =>
      fetch(`${app.server.info.url}/api/0/organizations/faultline/${path}`, {
        headers: { authorization: `Bearer ${app.server.info.token}` },
      });
    const index = await api('replays/?statsPeriod=1h&per_page=5');
    expect(index.status).toBe(200);
    const { data } = (await index.json()) as { data: Array<Record<string, unknown>> };
    const listed = data.find((replay) => replay.id === replayId);
    expect(listed).toMatchObject({
      project_id: '1',
      urls: [shopUrl],
      count_errors: 1,
      count_urls: 1,
      replay_type: 'session',
      browser: { name: expect.stringMatching(/Chrome/) },
    });
    expect(listed?.error_ids).toHaveLength(1);
    const fields = await api(`replays/?field=id&field=count_errors`);
    const first = ((await fields.json()) as { data: Array<Record<string, unknown>> }).data[0];
    expect(Object.keys(first ?? {}).sort()).toEqual(['count_errors', 'id']);

    const details = await api(`replays/${replayId}/`);
    expect(details.status).toBe(200);
    expect(((await details.json()) as { data: { id: string; started_at: string } }).data.id).toBe(replayId);
    expect((await api(`replays/${'0'.repeat(31)}1/`)).status).toBe(404);
    expect((await api('replays/?query=count_errors:>0')).status).toBe(400);
  });

  it('a replay with no recording says so instead of an empty player', async () => {
    const lone = 'f'.repeat(32);
    const envelope = [
      JSON.stringify({ event_id: lone }),
      JSON.stringify({ type: 'replay_event' }),
      JSON.stringify({
        type: 'replay_event',
        replay_id: lone,
        event_id: lone,
        segment_id: 0,
        replay_type: 'session',
        timestamp: Date.now() / 1000,
        replay_start_timestamp: Date.now() / 1000 - 5,
        urls: ['http://127.0.0.1/lonely'],
        error_ids: [],
        trace_ids: [],
      }),
    ].join('\n');
    const key = new URL(app.server.info.dsn).username;
    const sent = await fetch(`${app.server.info.url}/api/1/envelope/?sentry_key=${key}`, {
      method: 'POST',
      body: envelope,
    });
    expect(sent.status).toBe(200);
    await expect
      .poll(async () =>
        (await rpc<ReplayList>(app.server, 'replays.list', { projectId: 1 })).replays.some(
          (r) => r.id === lone,
        ),
      )
      .toBe(true);
    await app.page.goto(`${app.server.info.url}/#/replays/${lone}?project=1`);
    expect(await app.page.getByTestId('replay-recording-missing').textContent()).toContain(
      'no recording segment of it was received',
    );

    // Then a recording segment arrives that is neither JSON nor zlib: the page says why it cannot play.
    const payload = '{"segment_id":0}\nnot-zlib';
    const recording = [
      JSON.stringify({ event_id: lone }),
      JSON.stringify({ type: 'replay_recording', length: Buffer.byteLength(payload) }),
      payload,
    ].join('\n');
    const sentRecording = await fetch(`${app.server.info.url}/api/1/envelope/?sentry_key=${key}`, {
      method: 'POST',
      body: recording,
    });
    expect(sentRecording.status).toBe(200);
    await expect
      .poll(() => app.page.getByTestId('replay-recording-missing').textContent(), { timeout: 15_000 })
      .toContain('the recording body is neither a JSON array nor zlib-compressed');
    expect(await app.page.getByTestId('replay-host').count()).toBe(0);
  });
});

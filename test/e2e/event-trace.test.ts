/**
 * The event page's Trace section in Chromium against the built `bin/faultline serve`: a page of
 * @sentry/browser whose checkout fetches a @sentry/node backend with trace propagation, each sending
 * to its own project. The browser error's page shows the trace — both errors and both transactions
 * in time order, itself marked — and follows it to the backend's error, whose page shows the same
 * trace from its side; a transaction opens onto its spans.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSdkMissingReason } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { checkoutInBrowser, startTracedBackend } from '../support/traced-app.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the event trace browser test: ${missing}`);

describe.skipIf(missing !== undefined)('the Trace section of the event page in Chromium', () => {
  const app = appInChromium();
  const section = () => app.page.getByRole('region', { name: 'Trace', exact: true });

  it('shows the browser error’s trace and follows it to the backend error it caused', async () => {
    const backendProject = await rpc<{ id: number; keys: Array<{ dsn: string }> }>(
      app.server,
      'projects.create',
      {
        name: 'backend',
      },
    );
    const backend = await startTracedBackend(backendProject.keys[0]?.dsn ?? '');
    let browserEventId: string;
    try {
      browserEventId = await checkoutInBrowser(app.browser, {
        dsn: app.server.info.dsn,
        backendUrl: backend.url,
      });
    } finally {
      await backend.stop();
    }
    await openLatestEventOf(app, 'checkout failed with 500');
    expect(await app.page.getByTestId('event-id').textContent()).toBe(browserEventId);
    await expect
      .poll(() => section().getByTestId('trace-summary').textContent(), { timeout: 10_000 })
      .toMatch(/^1 other error and 2 transactions in this trace/);

    // Time order: the browser's checkout starts, the backend's server span, its error, then the browser's.
    const rows = section().locator('[data-testid="trace-transaction"], [data-testid="trace-error"]');
    const texts = await rows.allTextContents();
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain('checkout');
    expect(texts[1]).toMatch(/GET.*http\.server.*internal_error.*backend/);
    expect(texts[2]).toMatch(/BACKEND-1.*payment provider refused a cart of 3 items/);
    expect(texts[3]).toContain('checkout failed with 500');
    const current = section().locator('[aria-current="true"]');
    expect(await current.textContent()).toContain('(this event)');
    expect(await current.textContent()).toContain('checkout failed with 500');

    // The checkout transaction opens onto its spans: the fetch of the backend among them.
    await section()
      .getByRole('button', { name: /checkout/ })
      .click();
    const spans = section().getByRole('list', { name: 'Spans of checkout' }).getByTestId('trace-span');
    await expect
      .poll(() => spans.allTextContents())
      .toContainEqual(expect.stringMatching(/http\.client.*\/checkout/));
    await app.page.screenshot({ path: path.join(ARTIFACTS, 'event-trace.png'), fullPage: true });

    await section()
      .getByRole('link', { name: /BACKEND-1/ })
      .click();
    await expect.poll(() => app.page.getByTestId('event-id').textContent()).not.toBe(browserEventId);
    await expect
      .poll(() => section().locator('[aria-current="true"]').textContent(), { timeout: 10_000 })
      .toContain('payment provider refused');
    // From the backend's side, the browser's error is the link back.
    await section()
      .getByRole('link', { name: /checkout failed with 500/ })
      .click();
    await expect.poll(() => app.page.getByTestId('event-id').textContent()).toBe(browserEventId);
    expect(app.problems).toEqual([]);
  });

  it('says when the event is the only one in its trace', async () => {
    await sendWithSdk(app.server.info.dsn, {
      errors: [{ name: 'LonelyError', message: 'nobody else saw this' }],
    });
    await openLatestEventOf(app, 'LonelyError');
    await section().getByTestId('trace-alone').waitFor();
    expect(await section().textContent()).toContain('This event is the only one in its trace.');
    expect(app.problems).toEqual([]);
  });
});

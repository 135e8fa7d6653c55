/**
 * The trace of an event through a real core, with real SDKs on both sides: a page of @sentry/browser
 * in Chromium whose checkout fetches a @sentry/node backend with trace propagation, each sending to
 * its own project. Each error's trace lists both errors, the browser's transaction and the backend's
 * streamed server span, in time order, linked as the SDKs linked them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { transactionChildSpans } from '../../../src-main/core/traces/transactions.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { browserSdkMissingReason } from '../../support/browser-sdk.ts';
import { chromiumMissingReason, launchChromium } from '../../support/chromium.ts';
import { callApi, startCore } from '../../support/core.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';
import { checkoutInBrowser, startTracedBackend } from '../../support/traced-app.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the event trace tests: ${missing}`);

describe.skipIf(missing !== undefined)(
  'the trace of an event, sent by @sentry/browser and @sentry/node',
  () => {
    let core: Core;
    let browser: Browser;
    let browserEventId: string;
    let backendProjectId: number;

    beforeAll(async () => {
      core = await startCore();
      browser = await launchChromium();
      const backendProject = await callApi(core, 'projects.create', { name: 'backend' });
      backendProjectId = backendProject.id;
      const frontendDsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
      const backend = await startTracedBackend(backendProject.keys[0]?.dsn ?? '');
      try {
        browserEventId = await checkoutInBrowser(browser, { dsn: frontendDsn, backendUrl: backend.url });
      } finally {
        await backend.stop();
      }
      await core.ctx.pipeline.call('pipeline.drain', {});
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await core?.close();
    });

    it('lists both errors, the browser’s transaction and the backend’s server span, in time order', async () => {
      const trace = await callApi(core, 'events.trace', { projectId: 1, eventId: browserEventId });
      const event = await callApi(core, 'events.get', { projectId: 1, eventId: browserEventId });
      const contexts = event.event.contexts as { trace: { trace_id: string } };
      expect(trace.traceId).toBe(contexts.trace.trace_id);

      // The backend failed first; the browser saw the 500 afterwards.
      expect(trace.errors.map((e) => [e.projectSlug, e.title, e.isCurrent])).toEqual([
        ['backend', 'Error: payment provider refused a cart of 3 items', false],
        ['default', 'Error: checkout failed with 500', true],
      ]);
      const [backendError, browserError] = trace.errors;
      expect(backendError?.shortId).toBe('BACKEND-1');
      expect(backendError?.groupId).toBeGreaterThan(0);
      expect(Date.parse(backendError?.timestamp ?? '')).toBeLessThanOrEqual(
        Date.parse(browserError?.timestamp ?? ''),
      );

      expect(trace.transactions.map((t) => [t.projectSlug, t.name, t.op])).toEqual([
        ['default', 'checkout', 'ui.action.click'],
        ['backend', 'GET', 'http.server'],
      ]);
      const [checkout, server] = trace.transactions;
      // A transaction item has its event id; a streamed segment is known by its span id.
      expect(checkout?.eventId).toMatch(/^[0-9a-f]{32}$/);
      expect(server?.eventId).toBeNull();
      expect(server?.status).toBe('internal_error');
      expect(server?.spanCount).toBe(1);
      expect(checkout?.durationMs).toBeGreaterThanOrEqual(server?.durationMs ?? Infinity);
      // The backend's error happened in its server span, the browser's in its checkout transaction.
      expect(backendError?.spanId).toBe(server?.spanId);
      expect(browserError?.spanId).toBe(checkout?.spanId);
      expect(trace.truncated).toBe(false);
    });

    it('opens a transaction onto its spans: the browser’s fetch is the parent of the backend’s server span', async () => {
      const trace = await callApi(core, 'events.trace', { projectId: 1, eventId: browserEventId });
      const [checkout, server] = trace.transactions;
      const traceId = trace.traceId ?? '';
      const browserSpans = await callApi(core, 'events.traceSpans', {
        traceId,
        timestamp: checkout?.start ?? '',
        eventId: checkout?.eventId ?? '',
      });
      const fetchSpan = browserSpans.spans.find((span) => span.op === 'http.client');
      expect(fetchSpan?.description).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/checkout$/);
      expect(fetchSpan?.spanId).toBe(server?.parentSpanId);

      const backendSpans = await callApi(core, 'events.traceSpans', {
        traceId,
        timestamp: server?.start ?? '',
        spanId: server?.spanId ?? '',
      });
      expect(backendSpans.spans.map((span) => [span.op, span.description, span.parentSpanId])).toEqual([
        ['db.query', 'SELECT * FROM carts', server?.spanId],
      ]);
      await expect(
        callApi(core, 'events.traceSpans', {
          traceId,
          timestamp: server?.start ?? '',
          spanId: '0123456789abcdef',
        }),
      ).rejects.toThrow(/has no transaction/);
    });

    it('gives the backend error the same trace, itself marked', async () => {
      const issues = await callApi(core, 'issues.list', { projectId: backendProjectId, query: '' });
      const groupId = issues.issues[0]?.id ?? 0;
      const events = await callApi(core, 'issues.events', { groupId });
      const backendEventId = events.events[0]?.eventId ?? '';
      const trace = await callApi(core, 'events.trace', {
        projectId: backendProjectId,
        eventId: backendEventId,
      });
      expect(trace.errors.map((e) => [e.eventId, e.isCurrent])).toEqual([
        [backendEventId, true],
        [browserEventId, false],
      ]);
      expect(trace.transactions).toHaveLength(2);
    });

    it('finds a trace’s transactions through the item_store_trace index, not by reading every item', () => {
      const [traceId] = core.ctx.db
        .prepare<[], { id: Buffer }>(
          'SELECT trace_id AS id FROM item_store WHERE trace_id IS NOT NULL LIMIT 1',
        )
        .all()
        .map((row) => row.id.toString('hex'));
      const now = Date.now();
      const plans = queryPlansOf(core.ctx.db, (db) =>
        transactionChildSpans(db, traceId ?? '', { start: now - 3_600_000, end: now }, { spanId: 'x' }),
      );
      // The window's entries of the index, trace ids compared there: no item outside the trace is read.
      expect(plans).toContainEqual(
        expect.stringMatching(/SEARCH i USING INDEX item_store_trace \(received>\? AND received<\?\)/),
      );
      expect(plans.some((line) => /SCAN i\b/.test(line))).toBe(false);
    });

    it('says an error sent alone is the only one in its trace', async () => {
      const [eventId] = await sendWithSdk(core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '', {
        errors: [{ name: 'LonelyError', message: 'nobody else saw this' }],
      });
      await core.ctx.pipeline.call('pipeline.drain', {});
      const trace = await callApi(core, 'events.trace', { projectId: 1, eventId: eventId ?? '' });
      expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(trace.errors.map((e) => [e.eventId, e.isCurrent])).toEqual([[eventId, true]]);
      expect(trace.transactions).toEqual([]);
    });
  },
);

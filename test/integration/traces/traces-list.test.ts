/**
 * `traces.list` and `traces.get` through a real core, fed by real SDKs: @sentry/node sending
 * `transaction` items and SDK 11's streamed spans, Debian's Python sentry-sdk, and the corpus's
 * captured transaction envelopes. The Traces page lists one row per transaction, newest first, with
 * its name, op, duration, status, spans and errors; its search filters by name, `op:`, `status:` and
 * `trace:`; a trace opens onto its transactions, spans and errors without an event to start from.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { MAX_TRACE_ITEMS_SCANNED } from '../../../src-shared/trace-api.ts';
import { callApi, coreForEachTest, sendEnvelope, startCore } from '../../support/core.ts';
import { sendTracedLogsWithSdk } from '../../support/logs.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';

const run = promisify(execFile);
const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const CORPUS_FILES = [
  'node-v10-transaction.envelope',
  'node-v11-transaction-static.envelope',
  'node-v11-span-v2-streamed-transaction.envelope',
  'browser-v11-transaction-pageload.envelope',
];
const corpusMissing = fs.existsSync(path.join(CORPUS, CORPUS_FILES[0] ?? ''))
  ? undefined
  : `${CORPUS} is absent`;
if (corpusMissing) console.warn(`skipping the corpus traces test: ${corpusMissing}`);
const pythonMissing = pythonSdkMissing();
if (pythonMissing) console.warn(`skipping the Python traces test: ${pythonMissing}`);

describe('traces.list and traces.get with transactions from @sentry/node', () => {
  let core: Core;
  let traceIds: { slow: string; report: string; checkout: string };

  beforeAll(async () => {
    core = await startCore();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const [slow = '', report = ''] = await sendTransactionsWithSdk(dsn, 'static', [
      {
        name: 'GET /slow',
        op: 'http.server',
        ms: 80,
        children: [{ name: 'SELECT users', op: 'db.query', ms: 20 }],
      },
      {
        name: 'nightly-report',
        op: 'task',
        status: 'internal_error',
        error: 'the report could not be built',
      },
    ]);
    const [checkout = ''] = await sendTransactionsWithSdk(dsn, 'stream', [
      {
        name: 'POST /checkout',
        op: 'http.server',
        children: [
          { name: 'SELECT * FROM carts', op: 'db.query', ms: 5 },
          { name: 'charge card', op: 'http.client', ms: 5 },
        ],
      },
    ]);
    traceIds = { slow, report, checkout };
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
  });

  it('lists one row per transaction, newest first, with name, op, duration, status, spans and errors', async () => {
    const { transactions, nextCursor, partial } = await callApi(core, 'traces.list', { projectId: 1 });
    expect(transactions.map((t) => [t.name, t.op, t.status, t.spanCount, t.errorCount, t.traceId])).toEqual([
      ['POST /checkout', 'http.server', 'ok', 2, 0, traceIds.checkout],
      ['nightly-report', 'task', 'internal_error', 0, 1, traceIds.report],
      ['GET /slow', 'http.server', 'ok', 1, 0, traceIds.slow],
    ]);
    expect(nextCursor).toBeNull();
    expect(partial).toBe(false);
    const [checkout, , slow] = transactions;
    // A transaction item has its event id; a streamed segment is known by its span id.
    expect(slow?.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(checkout?.eventId).toBeNull();
    expect(slow?.durationMs).toBeGreaterThanOrEqual(95);
    expect(slow?.durationMs).toBeLessThan(5_000);
    expect(Date.parse(slow?.end ?? '') - Date.parse(slow?.start ?? '')).toBeCloseTo(
      slow?.durationMs ?? 0,
      -1,
    );
    expect(transactions.every((t) => t.projectSlug === 'default' && t.projectId === 1)).toBe(true);
    expect(await callApi(core, 'traces.list', { projectId: 2 })).toEqual({
      transactions: [],
      nextCursor: null,
      partial: false,
    });
  });

  it('filters by words of the name, op:, status: and trace:', async () => {
    const names = async (query: string) =>
      (await callApi(core, 'traces.list', { projectId: 1, query })).transactions.map((t) => t.name);
    expect(await names('SLOW')).toEqual(['GET /slow']);
    expect(await names('op:http.server')).toEqual(['POST /checkout', 'GET /slow']);
    expect(await names('op:http.server checkout')).toEqual(['POST /checkout']);
    expect(await names('status:internal_error')).toEqual(['nightly-report']);
    expect(await names(`trace:${traceIds.slow}`)).toEqual(['GET /slow']);
    expect(await names('nothing like this')).toEqual([]);
  });

  it('pages with the cursor, one transaction a page', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await callApi(core, 'traces.list', {
        projectId: 1,
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page.transactions.map((t) => t.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 10);
    expect(pages).toEqual([['POST /checkout'], ['nightly-report'], ['GET /slow']]);
  });

  it('opens a trace by its id: its transactions, their spans and its errors with their issues', async () => {
    const report = await callApi(core, 'traces.get', { projectId: 1, traceId: traceIds.report });
    expect(report.traceId).toBe(traceIds.report);
    expect(report.transactions.map((t) => [t.name, t.status])).toEqual([
      ['nightly-report', 'internal_error'],
    ]);
    expect(report.errors.map((e) => [e.title, e.shortId, e.isCurrent])).toEqual([
      ['Error: the report could not be built', 'DEFAULT-1', false],
    ]);
    expect(report.errors[0]?.groupId).toBeGreaterThan(0);
    expect(report.errors[0]?.spanId).toBe(report.transactions[0]?.spanId);

    const checkout = await callApi(core, 'traces.get', { projectId: 1, traceId: traceIds.checkout });
    const [segment] = checkout.transactions;
    expect(checkout.errors).toEqual([]);
    const spans = await callApi(core, 'events.traceSpans', {
      traceId: traceIds.checkout,
      timestamp: segment?.start ?? '',
      spanId: segment?.spanId ?? '',
    });
    expect(spans.spans.map((s) => [s.op, s.description])).toEqual([
      ['db.query', 'SELECT * FROM carts'],
      ['http.client', 'charge card'],
    ]);
    await expect(callApi(core, 'traces.get', { projectId: 1, traceId: '0'.repeat(32) })).rejects.toThrow(
      /has no transaction in trace/,
    );
  });
});

describe('traces.list with other senders', () => {
  const start = coreForEachTest();

  it.skipIf(pythonMissing !== undefined)('lists a transaction of the Python SDK with its spans', async () => {
    const core = await start();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const script = path.join(import.meta.dirname, 'fixtures', 'python-transactions.py');
    const { stdout } = await run(PYTHON, [script, dsn, 'send-invoices'], { timeout: 30_000 });
    await core.ctx.pipeline.call('pipeline.drain', {});
    const { transactions } = await callApi(core, 'traces.list', { projectId: 1 });
    expect(transactions.map((t) => [t.name, t.op, t.status, t.spanCount, t.traceId])).toEqual([
      // Python 1.9 sends no status for a transaction that did not fail: Relay writes `unknown`.
      ['send-invoices', 'queue.task', 'unknown', 2, stdout.trim()],
    ]);
    expect(transactions[0]?.durationMs).toBeGreaterThanOrEqual(30);
  });

  it.skipIf(corpusMissing !== undefined)('lists the corpus transaction envelopes newest first', async () => {
    const core = await start();
    for (const name of CORPUS_FILES) await sendEnvelope(core, fs.readFileSync(path.join(CORPUS, name)));
    const { transactions } = await callApi(core, 'traces.list', { projectId: 1 });
    expect(transactions.map((t) => [t.name, t.op, t.traceId])).toEqual([
      ['/', 'pageload', '2faade9ad2f744e9b24282b1bacef9e2'],
      ['research-transaction', 'task', 'da9df1550941467dbe950834c87914ae'],
      ['research-transaction', 'task', 'd34786d2a6a74e948c570be78ceac9de'],
      ['research-transaction', 'task', '72176e3364da45b29fa95da4af88398a'],
    ]);
  });

  it('opens a trace around a log’s time, also one with an error and no transaction', async () => {
    const core = await start();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const { tracedTraceId, untracedTraceId } = await sendTracedLogsWithSdk(dsn);
    await core.ctx.pipeline.call('pipeline.drain', {});
    const { logs } = await callApi(core, 'logs.list', { projectId: 1 });
    const timeOf = (traceId: string) =>
      new Date(logs.find((log) => log.traceId === traceId)?.timestamp ?? 0).toISOString();

    const traced = await callApi(core, 'traces.get', {
      projectId: 1,
      traceId: tracedTraceId,
      timestamp: timeOf(tracedTraceId),
    });
    expect(traced.transactions.map((t) => t.name)).toEqual(['import orders']);
    // Without a transaction, the log's time places the trace: its error is there.
    await expect(callApi(core, 'traces.get', { projectId: 1, traceId: untracedTraceId })).rejects.toThrow(
      /has no transaction in trace/,
    );
    const untraced = await callApi(core, 'traces.get', {
      projectId: 1,
      traceId: untracedTraceId,
      timestamp: timeOf(untracedTraceId),
    });
    expect(untraced.transactions).toEqual([]);
    expect(untraced.errors.map((e) => [e.title, e.shortId])).toEqual([
      ['Error: the import crashed', 'DEFAULT-1'],
    ]);
    // Days away from it, nothing of the trace is found.
    const later = await callApi(core, 'traces.get', {
      projectId: 1,
      traceId: untracedTraceId,
      timestamp: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect([later.errors, later.transactions]).toEqual([[], []]);
  });

  it('stops after reading MAX_TRACE_ITEMS_SCANNED items, says so, and the cursor goes on where it stopped', async () => {
    const core = await start();
    // Stored as the pipeline stores a transaction item, the needle the oldest.
    const insert = core.ctx.db.prepare(
      "INSERT INTO item_store (project_id, type, received, event_id, data) VALUES (1, 'transaction', ?, ?, ?)",
    );
    const now = Date.now();
    core.ctx.db.transaction(() => {
      for (let n = 0; n <= MAX_TRACE_ITEMS_SCANNED; n++) {
        const trace = {
          trace_id: n.toString(16).padStart(32, '0'),
          span_id: n.toString(16).padStart(16, '0'),
        };
        const body = {
          transaction: n === 0 ? 'the needle' : `hay ${n}`,
          start_timestamp: (now + n) / 1000,
          timestamp: (now + n + 5) / 1000,
          contexts: { trace: { ...trace, op: 'task', status: 'ok' } },
        };
        insert.run(
          now + n,
          n.toString(16).padStart(32, 'e'),
          encodeNode({ headers: { type: 'transaction' }, body }),
        );
      }
    })();

    const first = await callApi(core, 'traces.list', { projectId: 1, query: 'needle' });
    expect(first.transactions).toEqual([]);
    expect(first.partial).toBe(true);
    const rest = await callApi(core, 'traces.list', {
      projectId: 1,
      query: 'needle',
      cursor: first.nextCursor ?? undefined,
    });
    expect(rest.transactions.map((t) => t.name)).toEqual(['the needle']);
    expect(rest).toMatchObject({ partial: false, nextCursor: null });
    const newest = await callApi(core, 'traces.list', { projectId: 1, limit: 2 });
    expect(newest.transactions.map((t) => [t.name, t.durationMs])).toEqual([
      [`hay ${MAX_TRACE_ITEMS_SCANNED}`, 5],
      [`hay ${MAX_TRACE_ITEMS_SCANNED - 1}`, 5],
    ]);
  });
});

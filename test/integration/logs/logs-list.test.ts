/**
 * `logs.list` through a real core: structured logs posted as the SDKs send them (the corpus's
 * captured envelopes, and logs written by the real @sentry/node SDK) come back as records, newest
 * first, with their attributes, and the body / level / trace filters and the cursor work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { MAX_LOG_ITEMS_SCANNED } from '../../../src-shared/logs-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';
import { sendLogsWithSdk } from '../../support/logs.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const corpusMissing = fs.existsSync(path.join(CORPUS, 'node-v11-log.envelope'))
  ? undefined
  : `${CORPUS} is absent`;
if (corpusMissing) console.warn(`skipping the corpus logs test: ${corpusMissing}`);

/** Stores one log container per entry, received when its last record was made. */
function storeLogContainers(core: Core, containers: Array<Array<[body: string, at: number]>>): void {
  const insert = core.ctx.db.prepare(
    "INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'log', ?, ?)",
  );
  for (const records of containers) {
    const items = records.map(([body, at]) => ({ timestamp: at / 1000, level: 'info', body }));
    insert.run(
      records.at(-1)?.[1] ?? Date.now(),
      encodeNode({ headers: { type: 'log', item_count: items.length }, body: { items } }),
    );
  }
}

describe('logs.list', () => {
  const start = coreForEachTest();

  it('keeps to an absolute range, its start in and its end out, in place of the period', async () => {
    const core = await start();
    const now = Date.now();
    const HOUR = 3_600_000;
    storeLogContainers(core, [
      [['three days ago', now - 72 * HOUR]],
      [
        ['five hours ago', now - 5 * HOUR],
        ['four hours ago', now - 4 * HOUR],
      ],
      [['two hours ago', now - 2 * HOUR]],
      [['just now', now - 1_000]],
    ]);
    const bodies = async (params: Record<string, unknown>) =>
      (await callApi(core, 'logs.list', { projectId: 1, ...params })).logs.map((log) => log.body);
    const iso = (ms: number) => new Date(ms).toISOString();
    const range = { start: iso(now - 5 * HOUR), end: iso(now - 2 * HOUR) };
    expect(await bodies(range)).toEqual(['four hours ago', 'five hours ago']);
    expect(await bodies({ ...range, sort: 'oldest' })).toEqual(['five hours ago', 'four hours ago']);
    // The range wins over the period; the search applies within it.
    expect(await bodies({ ...range, period: '1h' })).toEqual(['four hours ago', 'five hours ago']);
    expect(await bodies({ ...range, query: 'four' })).toEqual(['four hours ago']);
    expect(await bodies({ start: iso(now - 100 * HOUR), end: iso(now - 50 * HOUR) })).toEqual([
      'three days ago',
    ]);
    await expect(bodies({ start: range.start })).rejects.toThrow(/start and end are both required/);
    await expect(bodies({ start: range.end, end: range.start })).rejects.toThrow(/start must be before end/);
  });

  it.skipIf(corpusMissing !== undefined)(
    'lists the records of the corpus log envelopes newest first, with their attributes',
    async () => {
      const core = await start();
      for (const name of ['node-v11-log.envelope', 'browser-v11-log.envelope'])
        await sendEnvelope(core, fs.readFileSync(path.join(CORPUS, name)));

      const { logs, nextCursor, partial } = await callApi(core, 'logs.list', { projectId: 1 });
      expect(logs.map((log) => [log.body, log.level])).toEqual([
        ['browser log', 'info'],
        ['second log', 'warn'],
        ['Research log hello', 'info'],
      ]);
      expect(nextCursor).toBeNull();
      expect(partial).toBe(false);
      const hello = logs[2];
      expect(hello?.timestamp).toBeCloseTo(1795309736849.6687, 0);
      expect(hello?.severityNumber).toBe(9);
      expect(hello?.traceId).toBe('da9df1550941467dbe950834c87914ae');
      expect(hello?.attributes).toMatchObject({
        'sentry.message.template': 'Research log %s',
        'sentry.message.parameter.0': 'hello',
        'sentry.sdk.name': 'sentry.javascript.node',
        'sentry.release': 'capture-test@1.0.0',
      });
      expect(logs[1]?.attributes.userId).toBe(7);

      const warn = await callApi(core, 'logs.list', { projectId: 1, query: 'level:warn' });
      expect(warn.logs.map((log) => log.body)).toEqual(['second log']);
      const byTrace = await callApi(core, 'logs.list', {
        projectId: 1,
        query: 'trace:2faade9ad2f744e9b24282b1bacef9e2',
      });
      expect(byTrace.logs.map((log) => log.body)).toEqual(['browser log']);
      const byText = await callApi(core, 'logs.list', { projectId: 1, query: 'RESEARCH level:info,warn' });
      expect(byText.logs.map((log) => log.body)).toEqual(['Research log hello']);
      const none = await callApi(core, 'logs.list', { projectId: 2 });
      expect(none).toEqual({ logs: [], nextCursor: null, partial: false });
    },
  );

  it('lists what the real @sentry/node SDK logged, and pages through it with the cursor', async () => {
    const core = await start();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    await sendLogsWithSdk(dsn, [
      [
        { level: 'info', message: 'user signed in', attributes: { userId: 42 } },
        { level: 'error', message: 'payment declined', attributes: { 'payment.provider': 'acme' } },
      ],
      [
        { level: 'debug', message: 'cache miss for cart' },
        { level: 'warn', message: 'slow checkout' },
      ],
    ]);
    await core.ctx.pipeline.call('pipeline.drain', {});

    const all = await callApi(core, 'logs.list', { projectId: 1 });
    expect(all.logs.map((log) => [log.level, log.body])).toEqual([
      ['warn', 'slow checkout'],
      ['debug', 'cache miss for cart'],
      ['error', 'payment declined'],
      ['info', 'user signed in'],
    ]);
    const declined = all.logs[2];
    expect(declined?.attributes).toMatchObject({
      'payment.provider': 'acme',
      'sentry.sdk.name': 'sentry.javascript.node',
      'sentry.release': 'logs-test@1.0.0',
      'sentry.environment': 'test',
    });
    expect(declined?.traceId).toMatch(/^[0-9a-f]{32}$/);

    const errors = await callApi(core, 'logs.list', { projectId: 1, query: 'severity:error' });
    expect(errors.logs.map((log) => log.body)).toEqual(['payment declined']);

    // Three pages of one or two records: the cursor goes on inside an envelope and across envelopes.
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await callApi(core, 'logs.list', {
        projectId: 1,
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page.logs.map((log) => log.body));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 10);
    expect(pages.flat()).toEqual(all.logs.map((log) => log.body));
    expect(pages.every((page) => page.length === 1)).toBe(true);
  });

  it('stops after reading MAX_LOG_ITEMS_SCANNED items, says so, and the cursor goes on where it stopped', async () => {
    const core = await start();
    // Stored as the pipeline stores a log item: one container per row, the needle in the oldest.
    const insert = core.ctx.db.prepare(
      "INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'log', ?, ?)",
    );
    const now = Date.now();
    core.ctx.db.transaction(() => {
      for (let n = 0; n <= MAX_LOG_ITEMS_SCANNED; n++) {
        const body = n === 0 ? 'the needle' : `hay ${n}`;
        const container = { items: [{ timestamp: (now + n) / 1000, level: 'info', body }] };
        insert.run(now + n, encodeNode({ headers: { type: 'log', item_count: 1 }, body: container }));
      }
    })();

    const first = await callApi(core, 'logs.list', { projectId: 1, query: 'needle' });
    expect(first.logs).toEqual([]);
    expect(first.partial).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const rest = await callApi(core, 'logs.list', {
      projectId: 1,
      query: 'needle',
      cursor: first.nextCursor ?? undefined,
    });
    expect(rest.logs.map((log) => log.body)).toEqual(['the needle']);
    expect(rest).toMatchObject({ partial: false, nextCursor: null });
    // Unfiltered, the newest page comes from the newest items.
    const newest = await callApi(core, 'logs.list', { projectId: 1, limit: 2 });
    expect(newest.logs.map((log) => log.body)).toEqual([
      `hay ${MAX_LOG_ITEMS_SCANNED}`,
      `hay ${MAX_LOG_ITEMS_SCANNED - 1}`,
    ]);
  });

  it('keeps to the period chosen, and sorts and pages oldest first as well', async () => {
    const core = await start();
    const now = Date.now();
    const HOUR = 3_600_000;
    storeLogContainers(core, [
      [['three days ago', now - 72 * HOUR]],
      [['two hours ago', now - 2 * HOUR]],
      [
        ['a minute ago', now - 60_000],
        ['just now', now - 1_000],
      ],
    ]);
    const bodies = async (params: Record<string, unknown>) =>
      (await callApi(core, 'logs.list', { projectId: 1, ...params })).logs.map((log) => log.body);

    expect(await bodies({})).toEqual(['just now', 'a minute ago', 'two hours ago', 'three days ago']);
    expect(await bodies({ period: '24h' })).toEqual(['just now', 'a minute ago', 'two hours ago']);
    expect(await bodies({ period: '1h' })).toEqual(['just now', 'a minute ago']);
    expect(await bodies({ sort: 'oldest' })).toEqual([
      'three days ago',
      'two hours ago',
      'a minute ago',
      'just now',
    ]);
    expect(await bodies({ sort: 'oldest', period: '24h' })).toEqual([
      'two hours ago',
      'a minute ago',
      'just now',
    ]);

    // A page may end inside a container: the next goes on with the rest of it, in the page's order.
    for (const sort of ['newest', 'oldest'] as const) {
      const pages: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await callApi(core, 'logs.list', {
          projectId: 1,
          sort,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        pages.push(...page.logs.map((log) => log.body));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && pages.length < 10);
      expect(pages).toEqual(await bodies({ sort }));
    }
  });
});

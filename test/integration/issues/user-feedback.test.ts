/**
 * User feedback on the issue and event pages' API, as Sentry shows it: what the real @sentry/node
 * SDK's `captureFeedback` and the real Python SDK's `user_report` items say about an event, on its
 * issue (a page at a time, with the count of the tab) and on the event, also when the feedback
 * arrived before the event, and after the issue is merged into another.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import { type SenderSpec, sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';

const run = promisify(execFile);
const PYTHON_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'python-user-report.py');
const noPython = pythonSdkMissing();
if (noPython) console.warn(`[python user_report test] skipped: ${noPython}`);

let core: Core;
let dsn: string;
const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(core, method, params);

beforeAll(async () => {
  core = await startCore();
  dsn = core.ctx.projects.defaultDsn(1) ?? '';
}, 30_000);
afterAll(() => core?.close());

async function send(errors: SenderSpec['errors']): Promise<string[]> {
  const ids = await sendWithSdk(dsn, { errors });
  await core.ctx.pipeline.call('pipeline.drain', {});
  return ids;
}

async function groupOf(eventId: string): Promise<number> {
  const { groupId } = await call('events.get', { projectId: 1, eventId });
  if (groupId === null) throw new Error(`event ${eventId} has no issue`);
  return groupId;
}

describe('user feedback of the @sentry/node SDK', () => {
  it('is listed on the issue, counted on its tab, and shown on the event it is about', async () => {
    const [first, second, other] = await send([
      {
        name: 'CartExpired',
        message: 'cart 7 expired',
        feedback: [{ message: 'My cart was emptied!', name: 'Ada', email: 'ada@example.com' }],
      },
      {
        name: 'CartExpired',
        message: 'cart 8 expired',
        feedback: [{ message: 'Lost everything', url: 'https://shop.local/cart' }],
      },
      { name: 'CouponInvalid', message: 'coupon 3', feedback: [{ message: 'coupon did not work' }] },
    ]);
    const groupId = await groupOf(first!);
    expect(await groupOf(second!)).toBe(groupId);

    const list = await call('issues.feedback', { groupId });
    expect(list.total).toBe(2);
    expect(list.feedback.map((f) => f.comments)).toEqual(['Lost everything', 'My cart was emptied!']);
    expect(list.feedback[1]).toMatchObject({
      eventId: first,
      groupId,
      name: 'Ada',
      email: 'ada@example.com',
      source: 'feedback',
    });
    expect(list.feedback[0]).toMatchObject({ eventId: second, name: null, url: 'https://shop.local/cart' });
    expect(Date.now() - Date.parse(list.feedback[0]!.dateCreated)).toBeLessThan(60_000);
    expect((await call('issues.feedback', { groupId, limit: 1 })).total).toBe(2);

    const event = await call('events.get', { projectId: 1, eventId: first! });
    expect(event.userFeedback.map((f) => f.comments)).toEqual(['My cart was emptied!']);
    const otherIssue = await call('issues.feedback', { groupId: await groupOf(other!) });
    expect(otherIssue.feedback.map((f) => f.comments)).toEqual(['coupon did not work']);
  });

  it('sent before its event, shows once the event is stored', async () => {
    const [id] = await send([
      {
        name: 'PaymentTimeout',
        message: 'gateway slow',
        feedback: [{ message: 'Spinner forever', email: 'bo@example.com', beforeEvent: true }],
      },
    ]);
    const groupId = await groupOf(id!);
    // The sender captured the event only once the server had answered the feedback, so the feedback
    // was queued first and stored with no event to link it to yet (the queue is processed in order).
    // (`item_store.received` is when the pipeline stored it, `events.received` when the event came in:
    // the two cannot be compared.)
    const stored = core.ctx.db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM item_store WHERE associated_event_id = ?')
      .get(id!);
    expect(stored!.n).toBe(1);
    expect((await call('issues.feedback', { groupId })).feedback).toMatchObject([
      { eventId: id, email: 'bo@example.com', comments: 'Spinner forever' },
    ]);
    expect((await call('events.get', { groupId, eventId: 'latest' })).userFeedback).toHaveLength(1);
  });

  it('comes in pages, newest first', async () => {
    const errors = ['one', 'two', 'three', 'four', 'five'].map((message) => ({
      name: 'SearchBroken',
      message: `index ${message} gone`,
      feedback: [{ message }],
    }));
    const [id] = await send(errors);
    const groupId = await groupOf(id!);
    const pages = [
      await call('issues.feedback', { groupId, offset: 0, limit: 2 }),
      await call('issues.feedback', { groupId, offset: 2, limit: 2 }),
      await call('issues.feedback', { groupId, offset: 4, limit: 2 }),
    ];
    expect(pages.map((page) => page.total)).toEqual([5, 5, 5]);
    const all = pages.flatMap((page) => page.feedback);
    expect(new Set(all.map((f) => f.id)).size).toBe(5);
    expect(all.map((f) => f.comments).sort()).toEqual(['five', 'four', 'one', 'three', 'two']);
    const dates = all.map((f) => f.dateCreated);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('is one report per event, as Sentry keeps it: feedback sent again soon replaces the first', async () => {
    const [id] = await send([
      {
        name: 'DoubleSubmit',
        message: 'form sent twice',
        feedback: [
          { message: 'first words', name: 'Eve', email: 'eve@example.com' },
          { message: 'second thoughts', name: 'Eve K.' },
        ],
      },
    ]);
    const groupId = await groupOf(id!);
    const list = await call('issues.feedback', { groupId });
    expect(list.total).toBe(1);
    expect(list.feedback).toMatchObject([
      { eventId: id, name: 'Eve K.', email: null, comments: 'second thoughts' },
    ]);
    expect((await call('events.get', { projectId: 1, eventId: id! })).userFeedback).toHaveLength(1);
    expect((await call('issues.feedback', { groupId, limit: 1 })).total).toBe(1);
  });

  it('is refused, as by Sentry, about an event over 30 minutes old, without a message, or with a bad email', async () => {
    const [old, fresh, unsent] = await send([
      { name: 'StaleError', message: 'long ago', minutesAgo: 45, feedback: [{ message: 'too late' }] },
      {
        name: 'StaleError',
        message: 'just now',
        minutesAgo: 20,
        feedback: [{ message: 'bad address', email: 'not an email' }, { message: '   ' }],
      },
      { name: 'StaleError', message: 'recent', minutesAgo: 20, feedback: [{ message: 'in time' }] },
    ]);
    const groupId = await groupOf(old!);
    const list = await call('issues.feedback', { groupId });
    expect(list.feedback.map((f) => [f.eventId, f.comments])).toEqual([[unsent, 'in time']]);
    expect((await call('events.get', { projectId: 1, eventId: fresh! })).userFeedback).toEqual([]);
  });

  it('follows its event when the issue is merged into another', async () => {
    const [a, b] = await send([
      { name: 'MergeMeA', message: 'a', feedback: [{ message: 'feedback on a' }] },
      { name: 'MergeMeB', message: 'b', feedback: [{ message: 'feedback on b' }] },
    ]);
    const groups = [await groupOf(a!), await groupOf(b!)];
    const { primaryId } = await call('issues.merge', { projectId: 1, groupIds: groups });
    const merged = await call('issues.feedback', { groupId: primaryId });
    expect(merged.feedback.map((f) => f.comments).sort()).toEqual(['feedback on a', 'feedback on b']);
    expect(merged.feedback.every((f) => f.groupId === primaryId)).toBe(true);
    expect(merged.total).toBe(2);
  });

  it('goes with its event when the issue is deleted', async () => {
    const [id] = await send([{ name: 'DeleteMe', message: 'gone soon', feedback: [{ message: 'bye' }] }]);
    const groupId = await groupOf(id!);
    expect((await call('issues.feedback', { groupId })).total).toBe(1);
    await call('issues.delete', { projectId: 1, groupIds: [groupId] });
    const left = core.ctx.db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM item_store WHERE associated_event_id = ?')
      .get(id!);
    expect(left?.n).toBe(0);
    await expect(call('issues.feedback', { groupId })).rejects.toMatchObject({ type: 'not_found' });
  });

  it('an issue without feedback has none, and an unknown issue is not found', async () => {
    const [id] = await send([{ name: 'Quiet', message: 'nobody complained' }]);
    const groupId = await groupOf(id!);
    expect(await call('issues.feedback', { groupId })).toEqual({ feedback: [], total: 0, offset: 0 });
    expect((await call('events.get', { projectId: 1, eventId: id! })).userFeedback).toEqual([]);
    await expect(call('issues.feedback', { groupId: 999_999 })).rejects.toMatchObject({ type: 'not_found' });
  });
});

describe.skipIf(noPython !== undefined)('user reports of the Python SDK', () => {
  it('one per event as Sentry keeps it: sent again soon, the new text replaces the old; empty ones are dropped', async () => {
    const reports = [
      { name: 'Cy', email: 'cy@example.com', comments: 'It broke when I paid' },
      { name: 'Cy', email: 'cy@example.com', comments: 'It broke when I paid, twice' },
    ];
    const { stdout } = await run(PYTHON, [PYTHON_FIXTURE, dsn, JSON.stringify(reports)], { timeout: 30_000 });
    const { stdout: emptyOut } = await run(
      PYTHON,
      [PYTHON_FIXTURE, dsn, JSON.stringify([{ name: 'Di', email: 'di@example.com', comments: '  ' }])],
      { timeout: 30_000 },
    );
    await core.ctx.pipeline.call('pipeline.drain', {});
    const eventId = stdout.trim();
    const groupId = await groupOf(eventId);
    const list = await call('issues.feedback', { groupId });
    expect(list.feedback).toMatchObject([
      {
        eventId,
        name: 'Cy',
        email: 'cy@example.com',
        comments: 'It broke when I paid, twice',
        source: 'user_report',
      },
    ]);
    expect(list.total).toBe(1);
    const rows = core.ctx.db
      .prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM item_store WHERE type = 'user_report' AND associated_event_id = ?`,
      )
      .get(eventId);
    expect(rows?.n).toBe(2);
    expect((await call('events.get', { projectId: 1, eventId: emptyOut.trim() })).userFeedback).toEqual([]);
  });
});

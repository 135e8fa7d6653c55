/**
 * The issue's Tags and Attachments tabs through the real core, fed by the real @sentry/node SDK:
 * one tag key's values with counts, first / last seen, sorts and pages, consistent with the issue's
 * event count, also after a merge; the attachments of the issue's events, filtered and paged; and
 * deleting one, whose file goes only once no other attachment has the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { callApi, startCore } from '../../support/core.ts';

let core: Core;
let cartEvents: string[];
let cartGroup: number;
let otherGroup: number;

const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(core, method, params);

/** A 1×1 PNG, as a screenshot integration would attach one. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function groupOf(eventId: string): number {
  const row = core.ctx.db
    .prepare<[string], { group_id: number }>('SELECT group_id FROM events WHERE event_id = ?')
    .get(eventId);
  if (!row) throw new Error(`event ${eventId} was not stored`);
  return row.group_id;
}

function fileOf(sha256: string): string {
  return path.join(core.ctx.dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2));
}

beforeAll(async () => {
  core = await startCore();
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  // Minutes apart: the event index keeps whole seconds, and the sorts by first / last seen differ.
  const cart = (minutesAgo: number, browser?: string, attachments = {}) => ({
    name: 'CartBroken',
    message: `cart broken ${minutesAgo}`,
    minutesAgo,
    ...(browser ? { tags: { browser_name: browser } } : {}),
    ...attachments,
  });
  cartEvents = await sendWithSdk(dsn, {
    release: 'shop@2.0.0',
    errors: [
      cart(40, 'Chrome', {
        attachments: [
          { filename: 'screenshot.png', base64: PNG, contentType: 'image/png' },
          { filename: 'app.log', text: 'same log lines', contentType: 'text/plain' },
        ],
      }),
      cart(30, 'Firefox', { attachments: [{ filename: 'app.log', text: 'same log lines' }] }),
      cart(20, 'Chrome', {
        attachments: [{ filename: 'context.xml', text: '<ctx/>', attachmentType: 'unreal.context' }],
      }),
      cart(10, 'Chrome'),
      cart(5),
    ],
  });
  const [other] = await sendWithSdk(dsn, {
    release: 'shop@2.0.0',
    errors: [
      {
        name: 'OtherThing',
        message: 'other thing',
        tags: { browser_name: 'Safari' },
        attachments: [{ filename: 'other.txt', text: 'elsewhere' }],
      },
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
  cartGroup = groupOf(cartEvents[0]!);
  otherGroup = groupOf(other!);
}, 60_000);
afterAll(() => core?.close());

describe('tag details of an issue', () => {
  it('lists a key’s values with counts, first and last seen, by count; the carriers are the percentage’s whole', async () => {
    const page = await call('issues.tagValues', { groupId: cartGroup, key: 'browser_name' });
    expect(page).toMatchObject({ key: 'browser_name', totalValues: 4, uniqueValues: 2, offset: 0 });
    expect(page.values.map((row) => [row.value, row.count])).toEqual([
      ['Chrome', 3],
      ['Firefox', 1],
    ]);
    const [chrome, firefox] = page.values;
    // Chrome was seen 40 and 10 minutes ago, Firefox 30.
    const minutesAgo = (iso: string) => Math.round((Date.now() - Date.parse(iso)) / 60_000);
    expect([minutesAgo(chrome!.firstSeen), minutesAgo(chrome!.lastSeen)]).toEqual([40, 10]);
    expect([minutesAgo(firefox!.firstSeen), minutesAgo(firefox!.lastSeen)]).toEqual([30, 30]);
  });

  it('sorts by last seen (date) and first seen (age), newest first, as Sentry', async () => {
    const values = async (sort: 'date' | 'age') =>
      (await call('issues.tagValues', { groupId: cartGroup, key: 'browser_name', sort })).values.map(
        (row) => row.value,
      );
    expect(await values('date')).toEqual(['Chrome', 'Firefox']);
    expect(await values('age')).toEqual(['Firefox', 'Chrome']);
  });

  it('pages through the values, with the totals on every page, also past the end', async () => {
    const second = await call('issues.tagValues', {
      groupId: cartGroup,
      key: 'browser_name',
      offset: 1,
      limit: 1,
    });
    expect(second.values.map((row) => row.value)).toEqual(['Firefox']);
    expect(second).toMatchObject({ uniqueValues: 2, totalValues: 4, offset: 1 });
    const past = await call('issues.tagValues', { groupId: cartGroup, key: 'browser_name', offset: 5 });
    expect(past).toMatchObject({ values: [], uniqueValues: 2, totalValues: 4 });
  });

  it('reads reserved keys by the name Sentry shows, and counts every event of the issue', async () => {
    const issue = await call('issues.get', { groupId: cartGroup });
    expect(issue.count).toBe(5);
    const release = await call('issues.tagValues', { groupId: cartGroup, key: 'release' });
    expect(release.values).toEqual([expect.objectContaining({ value: 'shop@2.0.0', count: 5 })]);
    const environment = await call('issues.tagValues', { groupId: cartGroup, key: 'environment' });
    expect(environment.totalValues).toBe(issue.count);
  });

  it('answers not found for a key none of the issue’s events has', async () => {
    await expect(call('issues.tagValues', { groupId: cartGroup, key: 'no_such_key' })).rejects.toMatchObject({
      type: 'not_found',
    });
  });
});

describe('attachments of an issue', () => {
  it('lists the attachments of its events only, newest first, with their event', async () => {
    const list = await call('issues.attachments', { groupId: cartGroup });
    expect(list.total).toBe(4);
    expect(list.attachments.map((a) => a.name).sort()).toEqual([
      'app.log',
      'app.log',
      'context.xml',
      'screenshot.png',
    ]);
    const screenshot = list.attachments.find((a) => a.name === 'screenshot.png');
    expect(screenshot).toMatchObject({
      eventId: cartEvents[0],
      contentType: 'image/png',
      attachmentType: 'event.attachment',
    });
    const dates = list.attachments.map((a) => Date.parse(a.dateCreated));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const other = await call('issues.attachments', { groupId: otherGroup });
    expect(other.attachments.map((a) => a.name)).toEqual(['other.txt']);
  });

  it('filters screenshots and crash reports as Sentry does, and pages', async () => {
    const names = async (filter: 'screenshot' | 'onlyCrash') =>
      (await call('issues.attachments', { groupId: cartGroup, filter })).attachments.map((a) => a.name);
    expect(await names('screenshot')).toEqual(['screenshot.png']);
    expect(await names('onlyCrash')).toEqual(['context.xml']);
    const page = await call('issues.attachments', { groupId: cartGroup, offset: 3, limit: 2 });
    expect(page).toMatchObject({ total: 4, offset: 3 });
    expect(page.attachments).toHaveLength(1);
  });

  it('deletes one attachment, keeping the file while another attachment has the same bytes', async () => {
    const logs = (await call('issues.attachments', { groupId: cartGroup })).attachments.filter(
      (a) => a.name === 'app.log',
    );
    expect(logs).toHaveLength(2);
    const sha = (id: number) =>
      core.ctx.db.prepare<[number], { sha256: string }>('SELECT sha256 FROM attachments WHERE id = ?').get(id)
        ?.sha256;
    const file = fileOf(sha(logs[0]!.id)!);
    expect(sha(logs[1]!.id)).toBe(sha(logs[0]!.id));

    expect(await call('attachments.delete', { attachmentId: logs[0]!.id })).toEqual({ deleted: logs[0]!.id });
    expect(fs.existsSync(file)).toBe(true);
    const left = await call('issues.attachments', { groupId: cartGroup });
    expect(left.total).toBe(3);
    expect(left.attachments.map((a) => a.id)).not.toContain(logs[0]!.id);
    const event = await call('events.get', { projectId: 1, eventId: logs[0]!.eventId });
    expect(event.attachments.map((a) => a.id)).not.toContain(logs[0]!.id);
    await expect(call('attachments.get', { attachmentId: logs[0]!.id })).rejects.toMatchObject({
      type: 'not_found',
    });
    await expect(call('attachments.delete', { attachmentId: logs[0]!.id })).rejects.toMatchObject({
      type: 'not_found',
    });

    await call('attachments.delete', { attachmentId: logs[1]!.id });
    expect(fs.existsSync(file)).toBe(false);
    expect((await call('issues.attachments', { groupId: cartGroup })).total).toBe(2);
  });
});

describe('after a merge', () => {
  it('the merged issue’s tag values and attachments are those of all its events', async () => {
    const { primaryId } = await call('issues.merge', { projectId: 1, groupIds: [cartGroup, otherGroup] });
    const issue = await call('issues.get', { groupId: primaryId });
    expect(issue.count).toBe(6);
    const browsers = await call('issues.tagValues', { groupId: primaryId, key: 'browser_name' });
    expect(browsers.values.map((row) => [row.value, row.count])).toEqual([
      ['Chrome', 3],
      ['Firefox', 1],
      ['Safari', 1],
    ]);
    const environment = await call('issues.tagValues', { groupId: primaryId, key: 'environment' });
    expect(environment.totalValues).toBe(issue.count);
    const attachments = await call('issues.attachments', { groupId: primaryId });
    expect(attachments.attachments.map((a) => a.name).sort()).toEqual([
      'context.xml',
      'other.txt',
      'screenshot.png',
    ]);
  });
});

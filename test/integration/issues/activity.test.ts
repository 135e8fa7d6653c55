/**
 * An issue's Activity as Sentry records it: each change through the API, by the pipeline (regression,
 * escalation) or by a merge leaves Sentry's activity type with the data Sentry keeps, the feed ends
 * with `first_seen`, and notes can be added, edited and deleted. A real core: events over HTTP, the
 * API through the dispatcher both transports use.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueStatusUpdate } from '../../../src-shared/issues-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';

const start = coreForEachTest();
let sent = 0;

/** Sends one error of the issue `issue` (its fingerprint and message) and waits until it is stored. */
async function send(core: Core, issue: string, event: { level?: string; release?: string } = {}) {
  const eventId = (++sent).toString(16).padStart(32, 'a');
  const payload = {
    event_id: eventId,
    fingerprint: [issue],
    message: issue,
    timestamp: Date.now() / 1000,
    ...event,
  };
  await sendEnvelope(core, `{"event_id":"${eventId}"}\n{"type":"event"}\n${JSON.stringify(payload)}\n`);
  return eventId;
}

async function issueId(core: Core, title: string): Promise<number> {
  const list = await callApi(core, 'issues.list', { projectId: 1, query: '', period: '14d' });
  const found = list.issues.find((issue) => issue.title === title);
  if (!found) throw new Error(`no issue ${title}`);
  return found.id;
}

const update = (core: Core, groupId: number, change: IssueStatusUpdate) =>
  callApi(core, 'issues.update', { projectId: 1, groupIds: [groupId], update: change });

/** The feed, newest first, as type and data. */
async function feed(core: Core, groupId: number) {
  const page = await callApi(core, 'issues.activity', { groupId, limit: 500 });
  return page.activity.map(({ type, data }) => ({ type, data }));
}

const ARCHIVE_DATA = {
  ignoreCount: null,
  ignoreDuration: null,
  ignoreUntil: null,
  ignoreUserCount: null,
  ignoreUserWindow: null,
  ignoreWindow: null,
  ignoreUntilEscalating: null,
};

describe('the changes an issue records', () => {
  it('resolve, unresolve, archive and resolve in a release leave Sentry’s entries; an unresolve or archive that changes no status leaves none', async () => {
    const core = await start();
    await send(core, 'crash', { release: 'shop@1.0.0' });
    const id = await issueId(core, 'crash');
    await update(core, id, { status: 'resolved' });
    await update(core, id, { status: 'unresolved' });
    await update(core, id, { status: 'unresolved' });
    await update(core, id, { status: 'ignored', until: 'count', count: 5 });
    await update(core, id, { status: 'ignored', until: 'escalating' });
    await update(core, id, { status: 'unresolved' });
    await update(core, id, { status: 'ignored', until: 'escalating' });
    await update(core, id, { status: 'resolved', inRelease: 'shop@1.0.0' });
    await update(core, id, { status: 'resolvedInNextRelease' });

    expect(await feed(core, id)).toEqual([
      // The project follows semver: the next release is any greater than the issue's latest.
      { type: 'set_resolved_in_release', data: { version: '', current_release_version: 'shop@1.0.0' } },
      { type: 'set_resolved_in_release', data: { version: 'shop@1.0.0' } },
      { type: 'set_ignored', data: { ...ARCHIVE_DATA, ignoreUntilEscalating: true } },
      { type: 'set_unresolved', data: {} },
      { type: 'set_ignored', data: { ...ARCHIVE_DATA, ignoreCount: 5 } },
      { type: 'set_unresolved', data: {} },
      { type: 'set_resolved', data: {} },
      { type: 'first_seen', data: { priority: 'high' } },
    ]);
  });

  it('resolving twice in a row shows once, as Sentry leaves out an entry repeating the one before it', async () => {
    const core = await start();
    await send(core, 'crash');
    const id = await issueId(core, 'crash');
    await update(core, id, { status: 'resolved' });
    await update(core, id, { status: 'resolved' });
    expect((await feed(core, id)).map((entry) => entry.type)).toEqual(['set_resolved', 'first_seen']);
  });

  it('a resolved issue’s next event records the regression with that event and its release', async () => {
    const core = await start();
    await send(core, 'crash');
    const id = await issueId(core, 'crash');
    await update(core, id, { status: 'resolved' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const eventId = await send(core, 'crash', { release: 'build-7' });
    expect((await feed(core, id))[0]).toEqual({
      type: 'set_regression',
      data: { event_id: eventId, version: 'build-7' },
    });
  });

  it('an issue archived until N more events escalates naming the expired snooze, and a warning issue’s priority rises to high', async () => {
    const core = await start();
    await send(core, 'slow query', { level: 'warning' });
    const id = await issueId(core, 'slow query');
    await update(core, id, { status: 'ignored', until: 'count', count: 2 });
    await send(core, 'slow query', { level: 'warning' });
    const second = await send(core, 'slow query', { level: 'warning' });
    const entries = await feed(core, id);
    expect(entries.slice(0, 2)).toEqual([
      { type: 'set_priority', data: { priority: 'high', reason: 'escalating' } },
      {
        type: 'set_escalating',
        data: {
          event_id: second,
          expired_snooze: { until: null, count: 2, window: null, user_count: null, user_window: null },
        },
      },
    ]);
    expect(entries.at(-1)).toEqual({ type: 'first_seen', data: { priority: 'medium' } });
  });

  it('an issue archived until escalating comes back naming the hourly events it exceeded', async () => {
    const core = await start();
    await send(core, 'burst');
    const id = await issueId(core, 'burst');
    // Twice its busiest hour of the week, at least 10: more than 10 in an hour escalates it.
    await update(core, id, { status: 'ignored', until: 'escalating' });
    let last = '';
    for (let n = 0; n < 10; n++) last = await send(core, 'burst');
    expect((await feed(core, id))[0]).toEqual({
      type: 'set_escalating',
      data: { event_id: last, forecast: 10 },
    });
  });

  it('a merge names the merged issues and brings their activity and notes along; an unmerge names the fingerprints both ways', async () => {
    const core = await start();
    await send(core, 'big');
    await send(core, 'big');
    await send(core, 'small');
    const big = await issueId(core, 'big');
    const small = await issueId(core, 'small');
    await callApi(core, 'issues.notes.add', { groupId: small, text: 'seen on staging only' });
    await callApi(core, 'issues.merge', { projectId: 1, groupIds: [big, small] });

    const merged = await feed(core, big);
    expect(merged.slice(0, 2)).toEqual([
      { type: 'merge', data: { issues: [{ id: small }] } },
      { type: 'note', data: { text: 'seen on staging only' } },
    ]);

    const detail = await callApi(core, 'issues.get', { groupId: big });
    const hash = detail.hashes.find((entry) => entry.events === 1)?.hash ?? '';
    const { destinationId } = await callApi(core, 'issues.unmerge', {
      projectId: 1,
      groupId: big,
      hashes: [hash],
    });
    expect((await feed(core, big))[0]).toEqual({
      type: 'unmerge_source',
      // As Sentry's serializer, the feed names the other issue with its short id.
      data: {
        destination_id: destinationId,
        fingerprints: [hash],
        destination: { id: destinationId, shortId: 'DEFAULT-3' },
      },
    });
    expect((await feed(core, destinationId))[0]).toEqual({
      type: 'unmerge_destination',
      data: { source_id: big, fingerprints: [hash], source: { id: big, shortId: 'DEFAULT-1' } },
    });
  });
});

describe('notes', () => {
  it('are added, edited and deleted, keep their date when edited, and are refused blank, repeated within the hour or on another issue', async () => {
    const core = await start();
    await send(core, 'crash');
    await send(core, 'other');
    const id = await issueId(core, 'crash');
    const other = await issueId(core, 'other');

    const note = await callApi(core, 'issues.notes.add', { groupId: id, text: '  Fixed by **#42**?  ' });
    expect(note).toMatchObject({ type: 'note', data: { text: 'Fixed by **#42**?' } });
    await expect(
      callApi(core, 'issues.notes.add', { groupId: id, text: 'Fixed by **#42**?' }),
    ).rejects.toMatchObject({
      type: 'invalid_params',
      message: 'You have already posted that comment.',
    });
    await expect(callApi(core, 'issues.notes.add', { groupId: id, text: ' \n ' })).rejects.toMatchObject({
      type: 'invalid_params',
    });
    await expect(
      callApi(core, 'issues.notes.add', { groupId: id, text: 'x'.repeat(100_001) }),
    ).rejects.toMatchObject({
      type: 'invalid_params',
    });

    const edited = await callApi(core, 'issues.notes.update', {
      groupId: id,
      noteId: note.id,
      text: 'Not #42: #43',
    });
    expect(edited).toEqual({ ...note, data: { text: 'Not #42: #43' } });
    await expect(
      callApi(core, 'issues.notes.update', { groupId: other, noteId: note.id, text: 'hijack' }),
    ).rejects.toMatchObject({ type: 'not_found' });
    expect((await callApi(core, 'issues.get', { groupId: id })).activity[0]).toEqual(edited);

    await expect(
      callApi(core, 'issues.notes.delete', { groupId: other, noteId: note.id }),
    ).rejects.toMatchObject({
      type: 'not_found',
    });
    expect(await callApi(core, 'issues.notes.delete', { groupId: id, noteId: note.id })).toEqual({
      deleted: true,
    });
    expect(await feed(core, id)).toEqual([{ type: 'first_seen', data: { priority: 'high' } }]);
    await expect(
      callApi(core, 'issues.notes.delete', { groupId: id, noteId: note.id }),
    ).rejects.toMatchObject({
      type: 'not_found',
    });
  });

  it('a long feed comes a page at a time, newest first, with first_seen closing the last page', async () => {
    const core = await start();
    await send(core, 'crash');
    const id = await issueId(core, 'crash');
    for (let n = 1; n <= 7; n++) await callApi(core, 'issues.notes.add', { groupId: id, text: `note ${n}` });
    const text = (page: { activity: Array<{ type: string; data: Record<string, unknown> }> }) =>
      page.activity.map((entry) => (entry.type === 'note' ? entry.data.text : entry.type));

    const first = await callApi(core, 'issues.activity', { groupId: id, limit: 3 });
    expect(first.total).toBe(8);
    expect(text(first)).toEqual(['note 7', 'note 6', 'note 5']);
    const last = await callApi(core, 'issues.activity', { groupId: id, offset: 6, limit: 3 });
    expect(text(last)).toEqual(['note 1', 'first_seen']);
    const beyond = await callApi(core, 'issues.activity', { groupId: id, offset: 9, limit: 3 });
    expect(beyond.activity).toEqual([]);
  });
});

/**
 * Issue priority and bookmarks as Sentry keeps them: the priority is stored on the issue, set from
 * its first event's level, raised one step when it escalates unless a user chose it, and changed by
 * the user through `issues.update` (one issue or many), each change a `set_priority` activity;
 * `issue.priority:` searches what is stored. Bookmarks are a flag `issues.update` sets and
 * `bookmarks:` searches. A real core: events over HTTP, the API through the dispatcher.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueUpdate } from '../../../src-shared/issues-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';

const start = coreForEachTest();
let sent = 0;

/** Sends one event of the issue `issue` (its fingerprint and message) and waits until it is stored. */
async function send(core: Core, issue: string, level = 'error') {
  const eventId = (++sent).toString(16).padStart(32, 'b');
  const payload = {
    event_id: eventId,
    fingerprint: [issue],
    message: issue,
    level,
    timestamp: Date.now() / 1000,
  };
  await sendEnvelope(core, `{"event_id":"${eventId}"}\n{"type":"event"}\n${JSON.stringify(payload)}\n`);
  return eventId;
}

/** Titles of the issues a search finds, sorted. */
async function found(core: Core, query: string): Promise<string[]> {
  const list = await callApi(core, 'issues.list', { projectId: 1, query, period: '14d' });
  return list.issues.map((issue) => issue.title).sort();
}

async function issue(core: Core, title: string) {
  const list = await callApi(core, 'issues.list', { projectId: 1, query: '', period: '14d' });
  const match = list.issues.find((entry) => entry.title === title);
  if (!match) throw new Error(`no issue ${title}`);
  return match;
}

const update = (core: Core, groupIds: number[], change: IssueUpdate) =>
  callApi(core, 'issues.update', { projectId: 1, groupIds, update: change });

/** The feed's `set_priority` entries, newest first. */
async function priorityChanges(core: Core, groupId: number) {
  const page = await callApi(core, 'issues.activity', { groupId, limit: 500 });
  return page.activity.filter((entry) => entry.type === 'set_priority').map((entry) => entry.data);
}

describe('issue priority', () => {
  it('a new issue takes its priority from its first event’s level, and keeps it when later events differ', async () => {
    const core = await start();
    await send(core, 'crash', 'fatal');
    await send(core, 'failure', 'error');
    await send(core, 'slow', 'warning');
    await send(core, 'note', 'info');
    await send(core, 'trace', 'debug');
    // A later error event does not make a warning issue high: Sentry sets priority once, at creation.
    await send(core, 'slow', 'error');
    expect((await issue(core, 'slow')).priority).toBe('medium');
    expect((await issue(core, 'crash')).priority).toBe('high');
    expect(await found(core, 'issue.priority:high')).toEqual(['crash', 'failure']);
    expect(await found(core, 'issue.priority:medium')).toEqual(['slow']);
    expect(await found(core, 'issue.priority:[low, medium]')).toEqual(['note', 'slow', 'trace']);
    expect(await found(core, '!issue.priority:high')).toEqual(['note', 'slow', 'trace']);
    expect((await issue(core, 'note')).priorityLockedAt).toBeNull();
  });

  it('a user’s change records set_priority with no reason, locks it, and escalation then leaves it alone', async () => {
    const core = await start();
    await send(core, 'slow', 'warning');
    const { id } = await issue(core, 'slow');
    expect(await update(core, [id], { priority: 'low' })).toEqual({ changed: 1 });
    const changed = await issue(core, 'slow');
    expect(changed.priority).toBe('low');
    expect(changed.priorityLockedAt).not.toBeNull();
    expect(await priorityChanges(core, id)).toEqual([{ priority: 'low', reason: null }]);
    expect(await found(core, 'issue.priority:low')).toEqual(['slow']);

    await update(core, [id], { status: 'ignored', until: 'count', count: 1 });
    await send(core, 'slow', 'warning');
    const escalated = await issue(core, 'slow');
    expect(escalated.substatus).toBe('escalating');
    expect(escalated.priority).toBe('low');
    expect(await priorityChanges(core, id)).toEqual([{ priority: 'low', reason: null }]);
  });

  it('an escalating issue nobody locked goes one step up: low to medium, medium to high', async () => {
    const core = await start();
    await send(core, 'note', 'info');
    await send(core, 'slow', 'warning');
    const note = (await issue(core, 'note')).id;
    const slow = (await issue(core, 'slow')).id;
    await update(core, [note, slow], { status: 'ignored', until: 'count', count: 1 });
    await send(core, 'note', 'info');
    await send(core, 'slow', 'warning');
    expect((await issue(core, 'note')).priority).toBe('medium');
    expect((await issue(core, 'slow')).priority).toBe('high');
    expect(await priorityChanges(core, note)).toEqual([{ priority: 'medium', reason: 'escalating' }]);
    expect(await priorityChanges(core, slow)).toEqual([{ priority: 'high', reason: 'escalating' }]);
    expect(await found(core, 'issue.priority:medium')).toEqual(['note']);
  });

  it('in bulk, each issue whose priority changes records it; every one is locked', async () => {
    const core = await start();
    await send(core, 'crash', 'error');
    await send(core, 'slow', 'warning');
    const crash = (await issue(core, 'crash')).id;
    const slow = (await issue(core, 'slow')).id;
    expect(await update(core, [crash, slow], { priority: 'medium' })).toEqual({ changed: 2 });
    expect(await priorityChanges(core, crash)).toEqual([{ priority: 'medium', reason: null }]);
    expect(await priorityChanges(core, slow)).toEqual([]);
    expect((await issue(core, 'slow')).priorityLockedAt).not.toBeNull();
    expect(await found(core, 'issue.priority:medium')).toEqual(['crash', 'slow']);
    await expect(update(core, [crash], { priority: 'urgent' } as never)).rejects.toMatchObject({
      type: 'invalid_params',
    });
  });
});

describe('bookmarks', () => {
  it('issues.update bookmarks and unbookmarks issues, and bookmarks:me / bookmarks:none find them', async () => {
    const core = await start();
    await send(core, 'crash');
    await send(core, 'failure');
    await send(core, 'slow', 'warning');
    const crash = (await issue(core, 'crash')).id;
    const slow = (await issue(core, 'slow')).id;
    expect(await found(core, 'bookmarks:me')).toEqual([]);
    expect(await update(core, [crash, slow], { isBookmarked: true })).toEqual({ changed: 2 });
    expect((await issue(core, 'crash')).isBookmarked).toBe(true);
    expect((await issue(core, 'failure')).isBookmarked).toBe(false);
    expect(await found(core, 'bookmarks:me')).toEqual(['crash', 'slow']);
    expect(await found(core, 'bookmarked_by:me')).toEqual(['crash', 'slow']);
    expect(await found(core, 'bookmarks:none')).toEqual(['failure']);
    expect(await found(core, '!bookmarks:me')).toEqual(['failure']);
    expect(await found(core, 'bookmarks:[me, none]')).toEqual(['crash', 'failure', 'slow']);
    // Nobody else is here to bookmark anything.
    expect(await found(core, 'bookmarks:someone@example.com')).toEqual([]);
    await update(core, [slow], { isBookmarked: false });
    expect(await found(core, 'bookmarks:me')).toEqual(['crash']);
    // Sentry records no activity for bookmarks.
    const page = await callApi(core, 'issues.activity', { groupId: crash, limit: 50 });
    expect(page.activity.map((entry) => entry.type)).toEqual(['first_seen']);
  });
});

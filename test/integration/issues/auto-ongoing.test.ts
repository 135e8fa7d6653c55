/**
 * Sentry's auto-ongoing sweep through a real core: an unresolved issue New for 7 days (by first
 * seen), or Regressed or Escalating for 7 days (since it became so), becomes Ongoing with an
 * `auto_set_ongoing` activity, and so leaves the For Review inbox; younger ones stay as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, issueNamed as namedIssue, sendNamedError, startCore } from '../../support/core.ts';

const DAY_MS = 24 * 3600_000;
const sendError = (name: string, daysAgo = 0) => sendNamedError(core, name, daysAgo * DAY_MS);
const issueNamed = (name: string) => namedIssue(core, name);

let core: Core;
beforeAll(async () => {
  core = await startCore();
}, 60_000);
afterAll(() => core?.close());

const forReview = async () =>
  (
    await callApi(core, 'issues.list', { projectId: 1, query: 'is:for_review', sort: 'date', period: '14d' })
  ).issues
    .map((issue) => issue.title.split(':')[0])
    .sort();

describe('issues become Ongoing after 7 days', () => {
  it('New by first seen; Regressed and Escalating from when they became so', async () => {
    await sendError('OldError', 10);
    await sendError('FreshError');
    await sendError('RegressedError', 1);
    await sendError('EscalatingError', 1);
    const regressed = await issueNamed('RegressedError');
    await callApi(core, 'issues.update', {
      projectId: 1,
      groupIds: [regressed.id],
      update: { status: 'resolved' },
    });
    await sendError('RegressedError');
    const escalating = await issueNamed('EscalatingError');
    await callApi(core, 'issues.update', {
      projectId: 1,
      groupIds: [escalating.id],
      update: { status: 'ignored', until: 'count', count: 1 },
    });
    await sendError('EscalatingError');
    expect(await issueNamed('OldError')).toMatchObject({ substatus: 'new' });
    expect(await issueNamed('RegressedError')).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
    });
    expect(await issueNamed('EscalatingError')).toMatchObject({
      status: 'unresolved',
      substatus: 'escalating',
    });
    expect(await forReview()).toEqual(['EscalatingError', 'FreshError', 'OldError', 'RegressedError']);

    // Now: only the issue first seen 10 days ago.
    expect(await core.ctx.pipeline.call('issues.autoOngoing', {})).toEqual({ ongoing: 1 });
    const old = await issueNamed('OldError');
    expect(old).toMatchObject({ status: 'unresolved', substatus: 'ongoing' });
    expect(old.activity[0]).toMatchObject({ type: 'auto_set_ongoing', data: { after_days: 7 } });
    expect(await forReview()).toEqual(['EscalatingError', 'FreshError', 'RegressedError']);
    expect(await issueNamed('FreshError')).toMatchObject({ substatus: 'new' });

    // 8 days on, the others have waited long enough too; a second sweep finds nothing left.
    const later = Date.now() + 8 * DAY_MS;
    expect(await core.ctx.pipeline.call('issues.autoOngoing', { now: later })).toEqual({ ongoing: 3 });
    for (const name of ['FreshError', 'RegressedError', 'EscalatingError'])
      expect(await issueNamed(name)).toMatchObject({ status: 'unresolved', substatus: 'ongoing' });
    expect(await forReview()).toEqual([]);
    expect(await core.ctx.pipeline.call('issues.autoOngoing', { now: later })).toEqual({ ongoing: 0 });
  });
});

describe('Mark Reviewed', () => {
  it('takes New and Regressed issues out of For Review as Ongoing, once, and leaves the others alone', async () => {
    await sendError('ReviewNew');
    await sendError('ReviewRegressed', 1);
    await sendError('ReviewResolved');
    const regressed = await issueNamed('ReviewRegressed');
    const resolved = await issueNamed('ReviewResolved');
    await callApi(core, 'issues.update', {
      projectId: 1,
      groupIds: [regressed.id, resolved.id],
      update: { status: 'resolved' },
    });
    await sendError('ReviewRegressed');
    expect(await issueNamed('ReviewRegressed')).toMatchObject({ substatus: 'regressed' });
    const fresh = await issueNamed('ReviewNew');
    expect(await forReview()).toEqual(expect.arrayContaining(['ReviewNew', 'ReviewRegressed']));

    const ids = [fresh.id, regressed.id, resolved.id];
    // The resolved issue is not For Review: only two are marked.
    expect(
      await callApi(core, 'issues.update', { projectId: 1, groupIds: ids, update: { inbox: false } }),
    ).toEqual({
      changed: 2,
    });
    for (const name of ['ReviewNew', 'ReviewRegressed']) {
      const issue = await issueNamed(name);
      expect(issue).toMatchObject({ status: 'unresolved', substatus: 'ongoing' });
      expect(issue.activity[0]).toMatchObject({ type: 'mark_reviewed', data: {} });
    }
    const stillResolved = await issueNamed('ReviewResolved');
    expect(stillResolved).toMatchObject({ status: 'resolved' });
    expect(stillResolved.activity.map((entry) => entry.type)).not.toContain('mark_reviewed');
    expect(await forReview()).not.toEqual(expect.arrayContaining(['ReviewNew']));
    expect(await forReview()).not.toEqual(expect.arrayContaining(['ReviewRegressed']));

    // Marked again: nothing is For Review, nothing recorded twice.
    expect(
      await callApi(core, 'issues.update', { projectId: 1, groupIds: ids, update: { inbox: false } }),
    ).toEqual({
      changed: 0,
    });
    const again = await issueNamed('ReviewNew');
    expect(again.activity.filter((entry) => entry.type === 'mark_reviewed')).toHaveLength(1);
  });
});

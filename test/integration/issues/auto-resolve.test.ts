/**
 * Sentry's Auto Resolve through a real core: a project's resolve age set with the API resolves, at
 * once, its unresolved issues not seen for that long (archived ones are left alone), with the
 * `set_resolved_by_age` activity; such an issue regresses on its next event; the worker's sweep
 * does the same later for issues that age meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';

const HOUR_MS = 3600_000;

let core: Core;
beforeAll(async () => {
  core = await startCore();
}, 60_000);
afterAll(() => core?.close());

/** An error event of its own issue (by fingerprint), `hoursAgo` hours old. */
async function sendError(name: string, hoursAgo: number): Promise<void> {
  const eventId = crypto.randomUUID().replaceAll('-', '');
  const event = {
    event_id: eventId,
    timestamp: (Date.now() - hoursAgo * HOUR_MS) / 1000,
    platform: 'node',
    fingerprint: [name],
    exception: { values: [{ type: name, value: `${name} happened` }] },
  };
  await sendEnvelope(
    core,
    [JSON.stringify({ event_id: eventId }), JSON.stringify({ type: 'event' }), JSON.stringify(event)].join(
      '\n',
    ),
  );
}

async function issueNamed(name: string) {
  const { issues } = await callApi(core, 'issues.list', {
    projectId: 1,
    query: `${name}`,
    sort: 'date',
    period: '14d',
  });
  const summary = issues.find((issue) => issue.title.startsWith(`${name}:`));
  if (!summary) throw new Error(`no issue ${name}`);
  return callApi(core, 'issues.get', { groupId: summary.id, period: '14d' });
}

describe('Auto Resolve', () => {
  it('is off by default and refuses an age Sentry does not offer', async () => {
    expect(await callApi(core, 'projects.getAutoResolve', { projectId: 1 })).toEqual({ resolveAge: 0 });
    await expect(callApi(core, 'projects.setAutoResolve', { projectId: 1, resolveAge: 721 })).rejects.toThrow(
      /at most 720 hours/,
    );
    await expect(callApi(core, 'projects.setAutoResolve', { projectId: 9, resolveAge: 1 })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('resolves unresolved issues unseen for the age when it is set, not archived or recent ones', async () => {
    await sendError('StaleError', 3);
    await sendError('ArchivedError', 3);
    await sendError('FreshError', 0);
    const archived = await issueNamed('ArchivedError');
    await callApi(core, 'issues.update', {
      projectId: 1,
      groupIds: [archived.id],
      update: { status: 'ignored', until: 'forever' },
    });
    // Nothing happens while it is off.
    expect(await core.ctx.pipeline.call('issues.autoResolve', {})).toEqual({ resolved: 0 });

    expect(await callApi(core, 'projects.setAutoResolve', { projectId: 1, resolveAge: 2 })).toEqual({
      resolveAge: 2,
    });
    const stale = await issueNamed('StaleError');
    expect(stale).toMatchObject({ status: 'resolved', substatus: null });
    expect(stale.activity[0]).toMatchObject({ type: 'set_resolved_by_age', data: { age: 2 } });
    expect(await issueNamed('ArchivedError')).toMatchObject({ status: 'ignored' });
    expect(await issueNamed('FreshError')).toMatchObject({ status: 'unresolved' });
    expect(await callApi(core, 'projects.getAutoResolve', { projectId: 1 })).toEqual({ resolveAge: 2 });
  }, 60_000);

  it('lets an auto-resolved issue regress on its next event', async () => {
    await sendError('StaleError', 0);
    const stale = await issueNamed('StaleError');
    expect(stale).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
    expect(stale.activity[0]).toMatchObject({ type: 'set_regression' });
  }, 60_000);

  it('resolves issues that aged since, at the next sweep, and nothing once turned off', async () => {
    const inThreeHours = Date.now() + 3 * HOUR_MS;
    expect(await core.ctx.pipeline.call('issues.autoResolve', { now: inThreeHours })).toEqual({
      resolved: 2,
    });
    expect(await issueNamed('FreshError')).toMatchObject({ status: 'resolved' });
    expect(await issueNamed('StaleError')).toMatchObject({ status: 'resolved' });

    await sendError('LaterError', 0);
    await callApi(core, 'projects.setAutoResolve', { projectId: 1, resolveAge: 0 });
    expect(await callApi(core, 'projects.getAutoResolve', { projectId: 1 })).toEqual({ resolveAge: 0 });
    expect(await core.ctx.pipeline.call('issues.autoResolve', { now: inThreeHours })).toEqual({
      resolved: 0,
    });
    expect(await issueNamed('LaterError')).toMatchObject({ status: 'unresolved' });
  }, 60_000);
});

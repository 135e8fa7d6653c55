/**
 * Sentry's Auto Resolve through a real core: a project's resolve age set with the API resolves, at
 * once, its unresolved issues not seen for that long (archived ones are left alone), with the
 * `set_resolved_by_age` activity; such an issue regresses on its next event; the worker's sweep
 * does the same later for issues that age meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, issueNamed as namedIssue, sendNamedError, startCore } from '../../support/core.ts';

const HOUR_MS = 3600_000;
const sendError = (name: string, hoursAgo: number) => sendNamedError(core, name, hoursAgo * HOUR_MS);
const issueNamed = (name: string) => namedIssue(core, name);

let core: Core;
beforeAll(async () => {
  core = await startCore();
}, 60_000);
afterAll(() => core?.close());

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

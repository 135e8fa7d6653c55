/**
 * What the desktop app shows, from the core side: `issue.alert` live events for new, regressed
 * and escalating issues, the opt-in notification built from them, and the tray's unresolved count.
 */
import { describe, expect, it } from 'vitest';
import { type IssueNotification, startIssueNotifier } from '../../../src-main/core/alerts/notifier.ts';
import { trayTooltip, watchUnresolvedCount } from '../../../src-main/core/alerts/tray-status.ts';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueAlertEvent } from '../../../src-shared/api.ts';
import { describeAlerts } from '../../../src-shared/issue-notification.ts';
import { coreForEachTest } from '../../support/core.ts';
import { call, sendEvents } from '../retention/send.ts';

const start = coreForEachTest();

function alertsOf(c: Core): IssueAlertEvent[] {
  const alerts: IssueAlertEvent[] = [];
  c.ctx.live.subscribe((event) => {
    if (event.type === 'issue.alert') alerts.push(event);
  });
  return alerts;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('issue alerts', () => {
  it('a batch that creates issues publishes one alert per project, repeats do not', async () => {
    const c = await start();
    const alerts = alertsOf(c);
    await sendEvents(c, [
      { type: 'FirstError', value: 'x', at: Date.now() },
      { type: 'SecondError', value: 'y', at: Date.now() },
    ]);
    expect(alerts.reduce((n, alert) => n + alert.newCount, 0)).toBe(2);
    expect(
      alerts.flatMap((alert) => alert.issues.map((issue) => [issue.title, issue.change])).sort(),
    ).toEqual([
      ['FirstError: x', 'new'],
      ['SecondError: y', 'new'],
    ]);
    expect(alerts[0]?.issues[0]?.shortId).toMatch(/^DEFAULT-\d$/);
    alerts.length = 0;
    await sendEvents(c, [{ type: 'FirstError', value: 'x again', at: Date.now() }]);
    expect(alerts).toEqual([]);
  });

  it('a resolved issue that happens again alerts as regressed', async () => {
    const c = await start();
    await sendEvents(c, [{ type: 'FlakyError', value: 'x', at: Date.now() - 5000 }]);
    const [issue] = (await call(c, 'issues.list', { projectId: 1, query: '' })).issues;
    if (!issue) throw new Error('no issue');
    await call(c, 'issues.update', { projectId: 1, groupIds: [issue.id], update: { status: 'resolved' } });
    const alerts = alertsOf(c);
    await sendEvents(c, [{ type: 'FlakyError', value: 'x', at: Date.now() + 1000 }]);
    expect(alerts).toEqual([
      {
        type: 'issue.alert',
        projectId: 1,
        newCount: 0,
        regressedCount: 1,
        escalatingCount: 0,
        frequentCount: 0,
        issues: [expect.objectContaining({ groupId: issue.id, change: 'regressed' })],
      },
    ]);
  });

  it('an issue archived until 2 more events alerts as escalating when the second comes', async () => {
    const c = await start();
    await sendEvents(c, [{ type: 'NoisyError', value: 'x', at: Date.now() - 5000 }]);
    const [issue] = (await call(c, 'issues.list', { projectId: 1, query: '' })).issues;
    if (!issue) throw new Error('no issue');
    await call(c, 'issues.update', {
      projectId: 1,
      groupIds: [issue.id],
      update: { status: 'ignored', until: 'count', count: 2 },
    });
    const alerts = alertsOf(c);
    await sendEvents(c, [{ type: 'NoisyError', value: 'x', at: Date.now() }]);
    expect(alerts).toEqual([]);
    await sendEvents(c, [{ type: 'NoisyError', value: 'x', at: Date.now() + 1000 }]);
    expect(alerts).toEqual([
      {
        type: 'issue.alert',
        projectId: 1,
        newCount: 0,
        regressedCount: 0,
        escalatingCount: 1,
        frequentCount: 0,
        issues: [expect.objectContaining({ groupId: issue.id, change: 'escalating' })],
      },
    ]);
    expect(describeAlerts(alerts)?.title).toBe(`Escalating issue ${issue.shortId}`);
  });

  it('sample events do not alert', async () => {
    const c = await start();
    const alerts = alertsOf(c);
    await call(c, 'projects.sendSampleEvent', { projectId: 1 });
    await c.ctx.pipeline.call('pipeline.drain', {});
    expect(alerts).toEqual([]);
  });
});

describe('desktop notifications', () => {
  it('are off until the setting is on, then name the new issue', async () => {
    const c = await start();
    const shown: IssueNotification[] = [];
    const stop = startIssueNotifier({
      live: c.ctx.live,
      db: c.ctx.db,
      show: (n) => shown.push(n),
      gatherMs: 50,
    });
    await sendEvents(c, [{ type: 'Quiet', value: 'a', at: Date.now() }]);
    await wait(150);
    expect(shown).toEqual([]);

    await call(c, 'settings.update', { notifyNewIssues: true });
    await sendEvents(c, [{ type: 'Loud', value: 'b', at: Date.now() }]);
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]?.title).toMatch(/^New issue DEFAULT-\d$/);
    expect(shown[0]?.body).toContain('Loud: b');
    expect(shown[0]?.groupId).toBeGreaterThan(0);
    stop();
  });

  it('tell a burst of new issues in one notification', async () => {
    const c = await start();
    await call(c, 'settings.update', { notifyNewIssues: true });
    const shown: IssueNotification[] = [];
    // Long enough to gather the four sends below, whatever batches they land in.
    const stop = startIssueNotifier({
      live: c.ctx.live,
      db: c.ctx.db,
      show: (n) => shown.push(n),
      gatherMs: 3000,
    });
    await sendEvents(
      c,
      ['A', 'B', 'C', 'D'].map((letter) => ({ type: `Burst${letter}`, value: letter, at: Date.now() })),
    );
    await expect.poll(() => shown.length, { timeout: 6000 }).toBe(1);
    expect(shown[0]?.title).toBe('4 new issues');
    expect(shown[0]?.body.split('\n')).toHaveLength(4);
    expect(shown[0]?.body).toContain('and 1 more');
    expect(shown[0]?.groupId).toBeUndefined();
    stop();
  });
});

describe('tray tooltip', () => {
  it('follows the number of unresolved issues', async () => {
    const c = await start();
    const counts: number[] = [];
    const stop = watchUnresolvedCount(c.ctx.live, c.ctx.db, (n) => counts.push(n), 20);
    expect(counts).toEqual([0]);
    await sendEvents(c, [
      { type: 'TrayA', value: 'a', at: Date.now() },
      { type: 'TrayB', value: 'b', at: Date.now() },
    ]);
    await wait(80);
    expect(counts.at(-1)).toBe(2);
    const [first] = (await call(c, 'issues.list', { projectId: 1, query: '' })).issues;
    if (!first) throw new Error('no issue');
    await call(c, 'issues.update', { projectId: 1, groupIds: [first.id], update: { status: 'resolved' } });
    await wait(80);
    expect(counts.at(-1)).toBe(1);
    expect(trayTooltip(counts.at(-1) ?? 0)).toBe('Faultline: 1 unresolved issue');
    expect(trayTooltip(0)).toBe('Faultline: no unresolved issues');
    stop();
  });
});

/**
 * Frequency alerts against a real core: Sentry's "the issue is seen more than {value} times in
 * {interval}" and "… by more than {value} users in {interval}", evaluated as the pipeline stores
 * events, throttled per issue as Sentry's rule frequency, kept across restarts.
 */
import { describe, expect, it } from 'vitest';
import { type IssueNotification, startIssueNotifier } from '../../../src-main/core/alerts/notifier.ts';
import type { Core } from '../../../src-main/core/core.ts';
import { readSettingsOf } from '../../../src-main/core/settings/settings-store.ts';
import type { IssueAlert } from '../../../src-shared/api.ts';
import type { SettingsPatch } from '../../../src-shared/settings-api.ts';
import { coreForEachTest } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { call, sendEvents, type TestEvent } from '../retention/send.ts';

const start = coreForEachTest();

/** The frequency alerts the core publishes from now on. */
function frequentAlertsOf(c: Core): IssueAlert[] {
  const alerts: IssueAlert[] = [];
  c.ctx.live.subscribe((event) => {
    if (event.type === 'issue.alert')
      alerts.push(...event.issues.filter((issue) => issue.change === 'frequent'));
  });
  return alerts;
}

const HOUR = 3_600_000;
/** `count` events of one issue (same type and stack), each from the user named by `users`. */
const burst = (
  type: string,
  count: number,
  at: number,
  users: (i: number) => string = () => `user-${type}`,
): TestEvent[] => Array.from({ length: count }, (_, i) => ({ type, value: users(i), at }));

const eventFrequency = (value: number, interval: '1h' | '1d' = '1h'): SettingsPatch => ({
  alertEventFrequency: { enabled: true, value, interval },
});

describe('event frequency alert', () => {
  it('fires once the issue has more than the value of events in the interval, not at the value', async () => {
    const c = await start();
    await call(c, 'settings.update', eventFrequency(3));
    const alerts = frequentAlertsOf(c);
    await sendEvents(c, burst('BusyError', 3, Date.now()));
    expect(alerts).toEqual([]);
    await sendEvents(c, burst('BusyError', 1, Date.now()));
    expect(alerts).toEqual([
      expect.objectContaining({ change: 'frequent', condition: 'seen more than 3 times in one hour' }),
    ]);
    const [issue] = (await call(c, 'issues.list', { projectId: 1, query: '' })).issues;
    expect(alerts[0]?.groupId).toBe(issue?.id);
    expect(alerts[0]?.title).toBe('BusyError: user-BusyError');
  });

  it('does not count events from before the interval', async () => {
    const c = await start();
    await call(c, 'settings.update', eventFrequency(3, '1h'));
    const alerts = frequentAlertsOf(c);
    await sendEvents(c, burst('OldError', 5, Date.now() - 2 * HOUR));
    // Evaluated when those five were stored, they were already outside the last hour.
    expect(alerts).toEqual([]);
    await sendEvents(c, burst('OldError', 1, Date.now()));
    expect(alerts).toEqual([]);
    // Over a day, the same six events are more than 3.
    await call(c, 'settings.update', eventFrequency(3, '1d'));
    await sendEvents(c, burst('OldError', 1, Date.now()));
    expect(alerts.map((alert) => alert.condition)).toEqual(['seen more than 3 times in one day']);
  });

  it('tells an issue at most once per the rule frequency, also after a restart', async () => {
    const dataDir = tempDir();
    let c = await start(dataDir);
    await call(c, 'settings.update', eventFrequency(1));
    let alerts = frequentAlertsOf(c);
    await sendEvents(c, burst('ThrottledError', 2, Date.now()));
    expect(alerts).toHaveLength(1);
    await sendEvents(c, burst('ThrottledError', 3, Date.now()));
    expect(alerts).toHaveLength(1);

    await c.close();
    c = await start(dataDir);
    alerts = frequentAlertsOf(c);
    await sendEvents(c, burst('ThrottledError', 1, Date.now()));
    expect(alerts).toEqual([]);

    // As if the 30 minutes (Sentry's default frequency) had passed since it fired.
    c.ctx.db.prepare('UPDATE group_rule_status SET last_active = last_active - ?').run(31 * 60_000);
    await sendEvents(c, burst('ThrottledError', 1, Date.now()));
    expect(alerts).toHaveLength(1);
  });

  it('does not count sample events', async () => {
    const c = await start();
    // More than 0: any counted event would fire.
    await call(c, 'settings.update', eventFrequency(0));
    const alerts = frequentAlertsOf(c);
    await call(c, 'projects.sendSampleEvent', { projectId: 1 });
    await call(c, 'projects.sendSampleEvent', { projectId: 1 });
    await c.ctx.pipeline.call('pipeline.drain', {});
    expect(alerts).toEqual([]);
    await sendEvents(c, burst('RealError', 1, Date.now()));
    expect(alerts.map((alert) => alert.title)).toEqual(['RealError: user-RealError']);
  });

  it('is silent while off', async () => {
    const c = await start();
    await call(c, 'settings.update', { alertEventFrequency: { enabled: false, value: 0, interval: '1h' } });
    const alerts = frequentAlertsOf(c);
    await sendEvents(c, burst('IgnoredError', 3, Date.now()));
    expect(alerts).toEqual([]);
  });
});

describe('unique user frequency alert', () => {
  it('fires once more than the value of distinct users saw the issue in the interval', async () => {
    const c = await start();
    await call(c, 'settings.update', {
      alertUniqueUserFrequency: { enabled: true, value: 2, interval: '1h' },
    });
    const alerts = frequentAlertsOf(c);
    // Five events, two users: not more than 2.
    await sendEvents(
      c,
      burst('SharedError', 5, Date.now(), (i) => `user-${i % 2}`),
    );
    expect(alerts).toEqual([]);
    await sendEvents(
      c,
      burst('SharedError', 1, Date.now(), () => 'user-2'),
    );
    expect(alerts).toEqual([
      expect.objectContaining({ change: 'frequent', condition: 'seen by more than 2 users in one hour' }),
    ]);
  });
});

describe('frequency alert settings', () => {
  it('are stored, survive a restart, and refuse an interval Sentry does not have', async () => {
    const dataDir = tempDir();
    const c = await start(dataDir);
    expect((await call(c, 'settings.get', {})).settings).toMatchObject({
      alertEventFrequency: { enabled: false, value: 100, interval: '1h' },
      alertUniqueUserFrequency: { enabled: false, value: 100, interval: '1h' },
      alertFrequencyMinutes: 30,
    });
    await call(c, 'settings.update', {
      alertEventFrequency: { enabled: true, value: 50, interval: '15m' },
      alertUniqueUserFrequency: { enabled: true, value: 7, interval: '1w' },
      alertFrequencyMinutes: 60,
    });
    for (const bad of [
      { alertEventFrequency: { enabled: true, value: 5, interval: '2h' } },
      { alertEventFrequency: { enabled: true, value: -1, interval: '1h' } },
      { alertFrequencyMinutes: 7 },
    ]) {
      await expect(call(c, 'settings.update', bad as SettingsPatch)).rejects.toThrow(
        /invalid params for settings.update at 'alert/,
      );
    }
    await c.close();
    const expected = {
      alertEventFrequency: { enabled: true, value: 50, interval: '15m' },
      alertUniqueUserFrequency: { enabled: true, value: 7, interval: '1w' },
      alertFrequencyMinutes: 60,
    };
    expect(readSettingsOf(dataDir)).toMatchObject(expected);
    const again = await start(dataDir);
    expect((await call(again, 'settings.get', {})).settings).toMatchObject(expected);
  });
});

describe('frequency alert notifications', () => {
  it('name the issue and the condition, with new-issue notifications off', async () => {
    const c = await start();
    await call(c, 'settings.update', { notifyNewIssues: false, ...eventFrequency(2) });
    const shown: IssueNotification[] = [];
    const stop = startIssueNotifier({
      live: c.ctx.live,
      db: c.ctx.db,
      show: (n) => shown.push(n),
      gatherMs: 50,
    });
    await sendEvents(c, burst('LoudError', 2, Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The new issue is not told: that switch is off.
    expect(shown).toEqual([]);
    await sendEvents(c, burst('LoudError', 1, Date.now()));
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]?.title).toMatch(/^Frequent issue DEFAULT-\d$/);
    expect(shown[0]?.body.split('\n')).toEqual([
      'Seen more than 2 times in one hour',
      'LoudError: user-LoudError',
      expect.any(String),
    ]);
    expect(shown[0]?.groupId).toBeGreaterThan(0);
    stop();
  });
});

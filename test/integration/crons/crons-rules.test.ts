/**
 * How check-ins become a monitor's check-ins and status, as Sentry's monitor consumer and clock
 * make them: a check-in without an id (Sentry's cron URL) closes the latest one in progress, a
 * closed check-in stays closed, an in-progress one past its max runtime times out, an interval or
 * crontab monitor with no check-in by the next expected time plus its margin is missed, and the
 * read stops at MAX_CHECK_IN_ITEMS_SCANNED items, saying so.
 */
import { describe, expect, it } from 'vitest';
import { listCheckIns } from '../../../src-main/core/crons/check-ins.ts';
import { listMonitors } from '../../../src-main/core/crons/monitors.ts';
import { MAX_CHECK_IN_ITEMS_SCANNED } from '../../../src-shared/crons-api.ts';
import { storeCheckIns } from '../../support/check-ins.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 20, 12, 0, 30);

describe('check-ins as Sentry applies them', () => {
  const start = coreForEachTest();

  it('a check-in without an id closes the latest in progress; a closed check-in does not change again', async () => {
    const core = await start();
    const key = core.ctx.projects.list()[0]?.keys[0]?.publicKey;
    const base = `${core.url}/api/1/cron/backup/${key}/`;
    const id = 'a460c25f-f255-4577-b920-fcfacae4e5eb';
    const queries = [
      'status=in_progress',
      'status=ok',
      'status=error',
      'status=in_progress',
      `status=ok&check_in_id=${id}`,
      `status=error&check_in_id=${id}`,
    ];
    for (const query of queries) {
      expect((await fetch(`${base}?${query}`)).status).toBe(202);
      await core.ctx.pipeline.call('pipeline.drain', {});
    }

    const { checkIns } = await callApi(core, 'crons.checkIns', { projectId: 1, monitorSlug: 'backup' });
    expect(checkIns.map((checkIn) => [checkIn.status, checkIn.environment])).toEqual([
      ['ok', 'production'],
      ['in_progress', 'production'],
      ['error', 'production'],
      ['ok', 'production'],
    ]);
    expect(checkIns[0]).toMatchObject({ id: 'a460c25ff2554577b920fcfacae4e5eb', duration: null });
    // Closed without a duration: the time since it started.
    expect(checkIns[3]?.duration).toBe((checkIns[3]?.received ?? 0) - (checkIns[3]?.timestamp ?? 0));
    expect(checkIns[3]?.received).toBeGreaterThan(checkIns[3]?.timestamp ?? 0);
    const { monitors } = await callApi(core, 'crons.list', { projectId: 1 });
    expect(monitors).toEqual([
      expect.objectContaining({
        slug: 'backup',
        status: 'ok',
        schedule: null,
        scheduleText: null,
        checkIns: 4,
      }),
    ]);
  });

  it('an in-progress check-in past its max runtime times out; a later close only sets its duration', async () => {
    const core = await start();
    const id = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const config = { schedule: { type: 'crontab', value: '*/30 * * * *' }, max_runtime: 5 };
    storeCheckIns(core, [
      [T0, { check_in_id: id, monitor_slug: 'export', status: 'in_progress', monitor_config: config }],
    ]);
    const at = (now: number) => listMonitors(core.ctx.db, { projectId: 1 }, now).monitors[0];
    // timeout_at is the start cut to the minute plus max_runtime: 12:05:00.
    expect(at(Date.UTC(2026, 10, 20, 12, 4, 59))?.status).toBe('in_progress');
    expect(at(Date.UTC(2026, 10, 20, 12, 5, 0))?.status).toBe('timeout');

    storeCheckIns(core, [[T0 + 7 * MINUTE, { check_in_id: id, monitor_slug: 'export', status: 'ok' }]]);
    expect(at(T0 + 8 * MINUTE)).toMatchObject({ status: 'timeout', checkIns: 1 });
    const { checkIns } = listCheckIns(
      core.ctx.db,
      { projectId: 1, monitorSlug: 'export', limit: 50 },
      T0 + 8 * MINUTE,
    );
    expect(checkIns).toEqual([expect.objectContaining({ id, status: 'timeout', duration: 7 * MINUTE })]);
  });

  it('an interval monitor is missed once the next expected time plus its margin passes without a check-in', async () => {
    const core = await start();
    const config = { schedule: { type: 'interval', value: 10, unit: 'minute' }, checkin_margin: 3 };
    storeCheckIns(core, [
      [T0, { monitor_slug: 'poll', status: 'ok', environment: 'dev', monitor_config: config }],
    ]);
    const at = (now: number) => listMonitors(core.ctx.db, { projectId: 1 }, now).monitors[0];
    // Expected at 12:10:00 (12:00:30 + 10 minutes, cut to the minute), missed from 12:13:00.
    expect(at(Date.UTC(2026, 10, 20, 12, 12, 59))).toMatchObject({
      status: 'ok',
      environment: 'dev',
      nextCheckIn: Date.UTC(2026, 10, 20, 12, 10),
      scheduleText: 'every 10 minutes',
    });
    expect(at(Date.UTC(2026, 10, 20, 12, 13, 0))?.status).toBe('missed');
    storeCheckIns(core, [
      [Date.UTC(2026, 10, 20, 12, 14), { monitor_slug: 'poll', status: 'ok', environment: 'dev' }],
    ]);
    expect(at(Date.UTC(2026, 10, 20, 12, 16))).toMatchObject({
      status: 'ok',
      nextCheckIn: Date.UTC(2026, 10, 20, 12, 24),
    });
  });

  it("a crontab monitor is missed once its next run in the monitor's zone plus its margin passes; an invalid crontab never is", async () => {
    const core = await start();
    const crontab = (value: string, extra: Record<string, unknown> = {}) => ({
      schedule: { type: 'crontab', value },
      ...extra,
    });
    storeCheckIns(core, [
      [T0, { monitor_slug: 'hourly-report', status: 'ok', monitor_config: crontab('0 * * * *') }],
      [
        T0,
        {
          monitor_slug: 'vienna-backup',
          status: 'ok',
          monitor_config: crontab('30 14 * * *', { timezone: 'Europe/Vienna', checkin_margin: 5 }),
        },
      ],
      [T0, { monitor_slug: 'typo', status: 'ok', monitor_config: crontab('0 25 * * *') }],
    ]);
    const at = (now: number) =>
      Object.fromEntries(
        listMonitors(core.ctx.db, { projectId: 1 }, now).monitors.map((monitor) => [monitor.slug, monitor]),
      );
    // 12:00:30 UTC: `0 * * * *` runs next at 13:00 (missed from 13:01, then expected at 14:00); 14:30
    // in Vienna (CET) is 13:30 UTC, missed from 13:35.
    const before = at(Date.UTC(2026, 10, 20, 13, 34, 59));
    expect(before['hourly-report']).toMatchObject({
      status: 'missed',
      nextCheckIn: Date.UTC(2026, 10, 20, 14),
    });
    expect(before['vienna-backup']).toMatchObject({
      status: 'ok',
      nextCheckIn: Date.UTC(2026, 10, 20, 13, 30),
      scheduleText: '30 14 * * *',
      timezone: 'Europe/Vienna',
    });
    expect(before.typo).toMatchObject({ status: 'ok', nextCheckIn: null, scheduleText: '0 25 * * *' });
    expect(at(Date.UTC(2026, 10, 20, 13, 0, 59))['hourly-report']?.status).toBe('ok');

    const after = at(Date.UTC(2026, 10, 21, 9));
    expect(after['vienna-backup']?.status).toBe('missed');
    expect(after.typo?.status).toBe('ok');
    // A check-in in time moves the next run on to the next day's 14:30 in Vienna.
    storeCheckIns(core, [
      [Date.UTC(2026, 10, 20, 13, 31, 10), { monitor_slug: 'vienna-backup', status: 'ok' }],
    ]);
    expect(at(Date.UTC(2026, 10, 20, 13, 40))['vienna-backup']).toMatchObject({
      status: 'ok',
      nextCheckIn: Date.UTC(2026, 10, 21, 13, 30),
    });
  });

  it('reads at most MAX_CHECK_IN_ITEMS_SCANNED items, newest first, and says the list is partial', async () => {
    const core = await start();
    storeCheckIns(core, [
      [T0, { monitor_slug: 'ancient', status: 'ok' }],
      ...Array.from({ length: MAX_CHECK_IN_ITEMS_SCANNED }, (_, n): [number, Record<string, unknown>] => [
        T0 + 1 + n,
        { monitor_slug: 'busy', status: 'ok' },
      ]),
    ]);
    const list = await callApi(core, 'crons.list', { projectId: 1 });
    expect(list.partial).toBe(true);
    expect(list.monitors.map((monitor) => [monitor.slug, monitor.checkIns, monitor.recent.length])).toEqual([
      ['busy', MAX_CHECK_IN_ITEMS_SCANNED, 30],
    ]);
    const page = await callApi(core, 'crons.checkIns', { projectId: 1, monitorSlug: 'busy', limit: 2 });
    expect(page).toMatchObject({ partial: true, nextCursor: '2' });
    expect(page.checkIns.map((checkIn) => checkIn.timestamp)).toEqual([
      T0 + MAX_CHECK_IN_ITEMS_SCANNED,
      T0 + MAX_CHECK_IN_ITEMS_SCANNED - 1,
    ]);
  });
});

/**
 * What Sentry's monitor clock adds to the check-ins a job sends, tick by tick: a missed check-in at
 * each expected time that passed its margin without a check-in (and the next expected time moved on
 * from there), a timeout that moves the next expected time too, and the monitor environment's
 * status as Sentry's incidents set it (waiting for its first check-in, OK, or Failed once
 * `failure_issue_threshold` failures come in a row, until `recovery_threshold` OK check-ins do).
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { listCheckIns } from '../../../src-main/core/crons/check-ins.ts';
import { listMonitors } from '../../../src-main/core/crons/monitors.ts';
import { storeCheckIns } from '../../support/check-ins.ts';
import { coreForEachTest } from '../../support/core.ts';

const MINUTE = 60_000;
const at = (hour: number, minute: number, second = 0) => Date.UTC(2026, 10, 20, hour, minute, second);

function monitorAt(core: Core, now: number, slug: string) {
  const monitor = listMonitors(core.ctx.db, { projectId: 1 }, now).monitors.find((m) => m.slug === slug);
  if (!monitor) throw new Error(`no monitor ${slug}`);
  return monitor;
}

function checkInsAt(core: Core, now: number, monitorSlug: string) {
  return listCheckIns(core.ctx.db, { projectId: 1, monitorSlug, limit: 500 }, now).checkIns.map((checkIn) => [
    checkIn.status,
    new Date(checkIn.timestamp).toISOString().slice(11, 19),
  ]);
}

describe("Sentry's monitor clock", () => {
  const start = coreForEachTest();

  it('records a missed check-in at each expected time a job skipped, and fails the monitor until it checks in', async () => {
    const core = await start();
    const config = { schedule: { type: 'crontab', value: '0 * * * *' } };
    storeCheckIns(core, [
      [at(12, 0, 30), { monitor_slug: 'hourly', status: 'ok', monitor_config: config }],
      [at(15, 0, 20), { monitor_slug: 'hourly', status: 'ok' }],
    ]);

    // 13:00 and 14:00 passed their minute of margin without a check-in.
    expect(checkInsAt(core, at(15, 10), 'hourly')).toEqual([
      ['ok', '15:00:20'],
      ['missed', '14:00:00'],
      ['missed', '13:00:00'],
      ['ok', '12:00:30'],
    ]);
    expect(monitorAt(core, at(15, 10), 'hourly')).toMatchObject({
      status: 'ok',
      monitorStatus: 'ok',
      nextCheckIn: at(16, 0),
      checkIns: 4,
    });
    expect(monitorAt(core, at(15, 10), 'hourly').recent.map((checkIn) => checkIn.status)).toEqual([
      'ok',
      'missed',
      'missed',
      'ok',
    ]);
    expect(monitorAt(core, at(16, 0, 59), 'hourly')).toMatchObject({ status: 'ok', monitorStatus: 'ok' });
    // From the tick at 16:01 the 16:00 run is missed, and the next one expected at 17:00.
    // A missed check-in is no check-in of the job: the last one is still 15:00:20 (Sentry's `last_checkin`).
    expect(monitorAt(core, at(16, 1), 'hourly')).toMatchObject({
      status: 'missed',
      monitorStatus: 'error',
      lastCheckIn: at(15, 0, 20),
      nextCheckIn: at(17, 0),
      checkIns: 5,
    });
  });

  it('with a margin wider than the interval, the next expected time after a miss is the first at or after that tick', async () => {
    const core = await start();
    const config = { schedule: { type: 'interval', value: 5, unit: 'minute' }, checkin_margin: 10 };
    storeCheckIns(core, [[at(12, 0, 30), { monitor_slug: 'poll', status: 'ok', monitor_config: config }]]);
    // 12:05 is missed at 12:15, expected next at 12:15 (missed at 12:25), then 12:25 (missed at 12:35).
    expect(checkInsAt(core, at(12, 40), 'poll')).toEqual([
      ['missed', '12:25:00'],
      ['missed', '12:15:00'],
      ['missed', '12:05:00'],
      ['ok', '12:00:30'],
    ]);
    expect(monitorAt(core, at(12, 40), 'poll').nextCheckIn).toBe(at(12, 35));
  });

  it('a run that outlives its schedule is missed, then times out; both fail the monitor', async () => {
    const core = await start();
    const id = '5b1c9d3e6f7a48b29c0d1e2f3a4b5c6d';
    const config = { schedule: { type: 'crontab', value: '*/10 * * * *' }, max_runtime: 15 };
    storeCheckIns(core, [
      [
        at(12, 0, 30),
        { check_in_id: id, monitor_slug: 'long', status: 'in_progress', monitor_config: config },
      ],
    ]);
    expect(monitorAt(core, at(12, 5), 'long')).toMatchObject({
      status: 'in_progress',
      monitorStatus: 'active',
    });
    // 12:10 is missed at 12:11 although the run goes on; it times out at 12:15; 12:20 is missed at 12:21.
    expect(checkInsAt(core, at(12, 25), 'long')).toEqual([
      ['missed', '12:20:00'],
      ['missed', '12:10:00'],
      ['timeout', '12:00:30'],
    ]);
    expect(monitorAt(core, at(12, 25), 'long')).toMatchObject({
      monitorStatus: 'error',
      nextCheckIn: at(12, 30),
    });
    // Its late close sets its duration; it stays timed out, and the monitor failed.
    storeCheckIns(core, [[at(12, 26), { check_in_id: id, monitor_slug: 'long', status: 'ok' }]]);
    expect(checkInsAt(core, at(12, 27), 'long')[2]).toEqual(['timeout', '12:00:30']);
    expect(monitorAt(core, at(12, 27), 'long')).toMatchObject({
      monitorStatus: 'error',
      nextCheckIn: at(12, 30),
    });
  });

  it('fails a monitor only after failure_issue_threshold failures in a row, and recovers it after recovery_threshold OKs', async () => {
    const core = await start();
    const config = {
      schedule: { type: 'interval', value: 1, unit: 'day' },
      failure_issue_threshold: 2,
      recovery_threshold: 2,
    };
    const run = '0a1b2c3d4e5f46879a8b9c0d1e2f3a4b';
    const steps: Array<[string, Record<string, unknown>, string]> = [
      ['first run starts', { check_in_id: run, status: 'in_progress', monitor_config: config }, 'active'],
      ['first run ends', { check_in_id: run, status: 'ok' }, 'ok'],
      ['one error', { status: 'error' }, 'ok'],
      ['a second error', { status: 'error' }, 'error'],
      ['a run starts', { status: 'in_progress' }, 'error'],
      ['one OK', { status: 'ok' }, 'error'],
      ['a second OK', { status: 'ok' }, 'ok'],
    ];
    // Read after each step: the monitor's status is Sentry's monitor environment status then.
    const statuses: string[] = [];
    for (const [index, [, body]] of steps.entries()) {
      storeCheckIns(core, [[at(12, index), { monitor_slug: 'flaky', ...body }]]);
      statuses.push(monitorAt(core, at(12, index, 30), 'flaky').monitorStatus);
    }
    expect(statuses).toEqual(steps.map(([, , status]) => status));
  });

  it('with the default thresholds one failure fails the monitor, a run in progress keeps it failed, one OK recovers it', async () => {
    const core = await start();
    const config = { schedule: { type: 'interval', value: 1, unit: 'day' } };
    const bodies = [
      { status: 'ok', monitor_config: config },
      { status: 'error' },
      { status: 'in_progress' },
      { status: 'ok' },
    ];
    const seen: Array<[string, string]> = [];
    for (const [index, body] of bodies.entries()) {
      storeCheckIns(core, [[at(12, index), { monitor_slug: 'nightly', ...body }]]);
      const monitor = monitorAt(core, at(12, index, 30), 'nightly');
      seen.push([monitor.monitorStatus, monitor.status]);
    }
    // The latest check-in's status is the strip's; the monitor's is Sentry's environment status.
    expect(seen).toEqual([
      ['ok', 'ok'],
      ['error', 'error'],
      ['error', 'in_progress'],
      ['ok', 'ok'],
    ]);
  });

  it('a monitor that stopped long ago lists its first and latest missed check-ins, read in bounded time', async () => {
    const core = await start();
    const config = { schedule: { type: 'crontab', value: '* * * * *' } };
    storeCheckIns(core, [
      [at(0, 0, 30), { monitor_slug: 'every-minute', status: 'ok', monitor_config: config }],
    ]);
    const now = at(0, 0) + 30 * 24 * 60 * MINUTE;
    const began = performance.now();
    const monitor = monitorAt(core, now, 'every-minute');
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(monitor).toMatchObject({ status: 'missed', monitorStatus: 'error', nextCheckIn: now });
    // The last tick (now) finds the minute before it missed.
    expect(monitor.recent.at(-1)).toEqual({ status: 'missed', timestamp: now - MINUTE });
    expect(monitor.recent.every((checkIn) => checkIn.status === 'missed')).toBe(true);
  });
});

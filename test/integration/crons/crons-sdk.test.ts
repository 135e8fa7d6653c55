/**
 * `crons.list` and `crons.checkIns` through a real core, fed by real SDKs: @sentry/node's
 * `captureCheckIn` (in progress then ok under one id, an error) and `withMonitor` with a
 * monitor config, Python's sentry_sdk, and the corpus's captured check-in envelope.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sendCheckInsWithSdk } from '../../support/check-ins.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const CORPUS_CHECK_IN = path.join(CORPUS, 'node-v11-check-in.envelope');
const corpusMissing = fs.existsSync(CORPUS_CHECK_IN) ? undefined : `${CORPUS_CHECK_IN} is absent`;
if (corpusMissing) console.warn(`skipping the corpus check-in test: ${corpusMissing}`);
const noPython = pythonSdkMissing();
if (noPython) console.warn(`skipping the Python check-in test: ${noPython}`);

const HEX32 = /^[0-9a-f]{32}$/;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('crons.list and crons.checkIns', () => {
  const start = coreForEachTest();

  it('shows the monitors @sentry/node checked in, with their schedules, statuses and check-ins', async () => {
    const core = await start();
    const dsn = core.ctx.projects.defaultDsn(1) ?? '';
    const before = Date.now();
    const { started, failed } = await sendCheckInsWithSdk(dsn);
    await core.ctx.pipeline.call('pipeline.drain', {});

    const { monitors, partial } = await callApi(core, 'crons.list', { projectId: 1 });
    expect(partial).toBe(false);
    expect(monitors.map((monitor) => [monitor.slug, monitor.environment, monitor.status])).toEqual([
      ['hourly-sync', 'production', 'ok'],
      ['nightly-report', 'production', 'error'],
    ]);
    const [hourly, nightly] = monitors;
    expect(hourly).toMatchObject({
      schedule: { type: 'crontab', value: '0 * * * *' },
      scheduleText: '0 * * * *',
      timezone: 'Europe/Vienna',
      checkIns: 1,
    });
    // `0 * * * *` in Vienna (a whole-hour offset): the next full hour after the check-in arrived.
    expect(hourly?.nextCheckIn).toBeGreaterThanOrEqual(Math.floor(before / HOUR) * HOUR + HOUR);
    expect(hourly?.nextCheckIn).toBeLessThanOrEqual(Math.floor(Date.now() / HOUR) * HOUR + HOUR);
    expect((hourly?.nextCheckIn ?? 0) % HOUR).toBe(0);
    expect(nightly).toMatchObject({
      schedule: { type: 'interval', value: 1, unit: 'day' },
      scheduleText: 'every day',
      checkinMargin: 5,
      maxRuntime: 10,
      checkIns: 2,
    });
    expect(nightly?.recent.map((checkIn) => checkIn.status)).toEqual(['ok', 'error']);
    // Sentry's next expected check-in: the last one's arrival plus the interval, cut to the minute.
    expect(nightly?.nextCheckIn).toBeGreaterThan(before + DAY - 60_000);
    expect(nightly?.nextCheckIn).toBeLessThanOrEqual(Date.now() + DAY);
    expect((nightly?.nextCheckIn ?? 0) % 60_000).toBe(0);

    const page = await callApi(core, 'crons.checkIns', { projectId: 1, monitorSlug: 'nightly-report' });
    expect(page.nextCursor).toBeNull();
    expect(page.checkIns.map((checkIn) => [checkIn.id, checkIn.status, checkIn.duration])).toEqual([
      [failed, 'error', null],
      // The in-progress check-in and its close are one check-in, with the final status and duration.
      [started, 'ok', 2500],
    ]);
    for (const checkIn of page.checkIns) {
      expect(checkIn).toMatchObject({ environment: 'production', release: 'crons-test@1.0.0' });
      expect(checkIn.traceId).toMatch(HEX32);
    }
    const withMonitor = await callApi(core, 'crons.checkIns', {
      projectId: 1,
      monitorSlug: 'hourly-sync',
      environment: 'production',
    });
    // withMonitor sends in_progress, then ok with the callback's duration (seconds).
    expect(withMonitor.checkIns).toEqual([
      expect.objectContaining({ status: 'ok', duration: expect.any(Number) }),
    ]);
    expect(withMonitor.checkIns[0]?.duration).toBeGreaterThanOrEqual(15);
    const paged = await callApi(core, 'crons.checkIns', {
      projectId: 1,
      monitorSlug: 'nightly-report',
      limit: 1,
    });
    expect(paged.checkIns.map((checkIn) => checkIn.id)).toEqual([failed]);
    const older = await callApi(core, 'crons.checkIns', {
      projectId: 1,
      monitorSlug: 'nightly-report',
      limit: 1,
      cursor: paged.nextCursor ?? undefined,
    });
    expect(older).toEqual({
      checkIns: [expect.objectContaining({ id: started })],
      nextCursor: null,
      partial: false,
    });
    expect(await callApi(core, 'crons.list', { projectId: 2 })).toEqual({ monitors: [], partial: false });
  });

  it.skipIf(noPython !== undefined)('shows what a Python job checked in through sentry_sdk', async () => {
    const core = await start();
    const fixture = path.join(import.meta.dirname, 'fixtures', 'python-check-ins.py');
    const { stdout } = await promisify(execFile)(PYTHON, [fixture, core.ctx.projects.defaultDsn(1) ?? ''], {
      timeout: 30_000,
    });
    await core.ctx.pipeline.call('pipeline.drain', {});
    const { monitors } = await callApi(core, 'crons.list', { projectId: 1 });
    expect(monitors).toEqual([
      expect.objectContaining({
        slug: 'py-cleanup',
        environment: 'py-env',
        status: 'ok',
        scheduleText: 'every 10 minutes',
        checkIns: 1,
      }),
    ]);
    const { checkIns } = await callApi(core, 'crons.checkIns', { projectId: 1, monitorSlug: 'py-cleanup' });
    expect(checkIns).toEqual([
      expect.objectContaining({ id: stdout.trim(), status: 'ok', duration: 1250, release: 'py-crons@2.0.0' }),
    ]);
  });

  it.skipIf(corpusMissing !== undefined)(
    'shows the corpus check-in envelope’s monitor in progress',
    async () => {
      const core = await start();
      await sendEnvelope(core, fs.readFileSync(CORPUS_CHECK_IN));
      const { monitors } = await callApi(core, 'crons.list', { projectId: 1 });
      expect(monitors).toEqual([
        expect.objectContaining({
          slug: 'nightly-job',
          environment: 'research',
          status: 'in_progress',
          schedule: { type: 'crontab', value: '0 * * * *' },
          timezone: 'UTC',
          checkinMargin: 2,
          maxRuntime: 10,
        }),
      ]);
      const { checkIns } = await callApi(core, 'crons.checkIns', {
        projectId: 1,
        monitorSlug: 'nightly-job',
      });
      expect(checkIns).toEqual([
        expect.objectContaining({
          id: '943fefefdc9a4fc4b6af804e10c31c7d',
          status: 'in_progress',
          duration: null,
          release: 'capture-test@1.0.0',
          traceId: '5b185c3ff8c94cc986dd56a1dec83d8b',
        }),
      ]);
    },
  );
});

/**
 * Cron check-ins as Relay processes them (relay-monitors `process_check_in`): what the real
 * @sentry/node SDK sends is kept and counted in the `monitor` category; a check-in Relay refuses
 * is counted as invalid and not kept.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { decodeNode } from '../../../src-main/core/store/nodestore.ts';
import { listOutcomes } from '../../../src-main/core/store/outcomes.ts';
import { coreForEachTest, sendEnvelope } from '../../support/core.ts';

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'node-check-ins.ts');

function monitorOutcomes(core: Core): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of listOutcomes(core.ctx.db)) {
    if (row.category !== 'monitor') continue;
    const key = row.reason ? `${row.outcome}:${row.reason}` : row.outcome;
    totals[key] = (totals[key] ?? 0) + row.quantity;
  }
  return totals;
}

function storedCheckIns(core: Core): Array<Record<string, unknown>> {
  const rows = core.ctx.db
    .prepare(`SELECT data FROM item_store WHERE type = 'check_in' ORDER BY id`)
    .all() as Array<{ data: Buffer }>;
  return rows.map((row) => (decodeNode(row.data) as { body: Record<string, unknown> }).body);
}

describe('cron check-ins', () => {
  const start = coreForEachTest();

  it('the SDK’s check-ins are kept as Relay keeps them; an empty slug or no status is invalid', async () => {
    const core = await start();
    const dsn = core.ctx.projects.defaultDsn(1) ?? '';
    await run(process.execPath, [FIXTURE, dsn], { timeout: 30_000 });
    await core.ctx.pipeline.call('pipeline.drain', {});

    expect(monitorOutcomes(core)).toEqual({
      accepted: 4,
      'invalid:invalid_check_in': 1,
      'invalid:invalid_json': 1,
    });
    const kept = storedCheckIns(core).map(({ monitor_slug, status, duration }) => ({
      monitor_slug,
      status,
      timed: typeof duration === 'number',
    }));
    // The SDK sends each check-in on its own request: they may arrive in any order.
    expect(kept).toHaveLength(4);
    expect(kept).toEqual(
      expect.arrayContaining([
        { monitor_slug: 'nightly-report', status: 'in_progress', timed: false },
        { monitor_slug: 'nightly-report', status: 'ok', timed: true },
        { monitor_slug: `long-${'x'.repeat(45)}`, status: 'ok', timed: false },
        { monitor_slug: 'cleanup', status: 'unknown', timed: false },
      ]),
    );
  });

  it('an environment over 64 characters or a payload that is not a check-in is refused', async () => {
    const core = await start();
    const checkIn = (payload: string) => `{}\n{"type":"check_in"}\n${payload}`;
    await sendEnvelope(core, checkIn(`{"monitor_slug":"m","status":"ok","environment":"${'e'.repeat(65)}"}`));
    await sendEnvelope(core, checkIn('{"monitor_slug":"m","status":"ok","duration":"long"}'));
    await sendEnvelope(core, checkIn('not json'));
    await sendEnvelope(core, checkIn('{"monitor_slug":"m","status":"ok","environment":"prod"}'));
    expect(monitorOutcomes(core)).toEqual({
      accepted: 1,
      'invalid:invalid_check_in': 1,
      'invalid:invalid_json': 2,
    });
  });
});

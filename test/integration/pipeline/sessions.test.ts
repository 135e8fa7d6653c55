/**
 * Sessions as Relay processes them (`processing/sessions`): an update or aggregate that does not
 * read as Relay's session types, has an invalid release, or lies out of the time range (after clock
 * drift correction) is dropped without any outcome, and is not kept; a kept one is normalized.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { decodeNode } from '../../../src-main/core/store/nodestore.ts';
import { listOutcomes } from '../../../src-main/core/store/outcomes.ts';
import { coreForEachTest, sendEnvelope } from '../../support/core.ts';

const DAY = 24 * 3600 * 1000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

function sessionOutcomes(core: Core): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of listOutcomes(core.ctx.db)) {
    if (row.category !== 'session') continue;
    const key = row.reason ? `${row.outcome}:${row.reason}` : row.outcome;
    totals[key] = (totals[key] ?? 0) + row.quantity;
  }
  return totals;
}

function stored(core: Core, type: string): JsonRecord[] {
  const rows = core.ctx.db
    .prepare('SELECT data FROM item_store WHERE type = ? ORDER BY id')
    .all(type) as Array<{ data: Buffer }>;
  return rows.map((row) => (decodeNode(row.data) as { body: JsonRecord }).body);
}

type JsonRecord = Record<string, unknown>;

const update = (fields: JsonRecord) =>
  JSON.stringify({
    sid: crypto.randomUUID(),
    init: true,
    started: iso(-1000),
    timestamp: iso(0),
    status: 'ok',
    errors: 0,
    attrs: { release: 'app@1.0.0', environment: 'prod' },
    ...fields,
  });

async function sendSessions(core: Core, type: 'session' | 'sessions', payloads: string[], sentAt = iso(0)) {
  const items = payloads.flatMap((payload) => [`{"type":"${type}"}`, payload]);
  await sendEnvelope(core, [`{"sent_at":"${sentAt}"}`, ...items].join('\n'));
}

describe('sessions', () => {
  const start = coreForEachTest();

  it('an update Relay cannot read, with an invalid release or out of range is dropped without an outcome', async () => {
    const core = await start();
    await sendSessions(core, 'session', [
      update({ did: 'kept' }),
      update({ attrs: { environment: 'prod' } }),
      update({ attrs: { release: 'latest' } }),
      update({ status: 5 }),
      update({ errors: -1 }),
      update({ seq: 1.5 }),
      update({ sid: 'not-a-uuid' }),
      update({ started: Date.now() / 1000 }),
      update({ started: '2026-01-01T00:00:00' }),
      update({ started: iso(-6 * DAY), timestamp: iso(-6 * DAY) }),
      update({ started: iso(0), timestamp: iso(5 * 60_000) }),
      update({ attrs: { release: 'app@1.0.0', ip_address: 'nope' } }),
    ]);
    expect(stored(core, 'session').map((session) => session.did)).toEqual(['kept']);
    expect(sessionOutcomes(core)).toEqual({ accepted: 1 });
  });

  it('a kept update is normalized: bad environment removed, {{auto}} IP, timestamp not before start', async () => {
    const core = await start();
    const started = iso(-1000);
    await sendSessions(core, 'session', [
      update({
        status: 'something-new',
        started,
        timestamp: iso(-60_000),
        attrs: { release: 'app@1', environment: 'a/b', ip_address: '{{auto}}' },
      }),
    ]);
    const [session] = stored(core, 'session');
    expect(session).toMatchObject({ status: 'something-new', started, timestamp: started });
    expect(session!.attrs).toEqual({ release: 'app@1', ip_address: '127.0.0.1' });
    expect(sessionOutcomes(core)).toEqual({ accepted: 1 });
  });

  it('a clock that is days behind is corrected before the range is checked', async () => {
    const core = await start();
    const behind = -6 * DAY;
    await sendSessions(
      core,
      'session',
      [update({ started: iso(behind - 1000), timestamp: iso(behind) })],
      iso(behind),
    );
    const [session] = stored(core, 'session');
    expect(Math.abs(Date.parse(session!.timestamp as string) - Date.now())).toBeLessThan(60_000);
    expect(sessionOutcomes(core)).toEqual({ accepted: 1 });
  });

  it('aggregates lose the buckets out of range; unreadable ones or an invalid release drop the item', async () => {
    const core = await start();
    const aggregates = (buckets: JsonRecord[], release = 'app@1.0.0') =>
      JSON.stringify({ aggregates: buckets, attrs: { release } });
    await sendSessions(core, 'sessions', [
      aggregates([
        { started: iso(-60_000), exited: 3 },
        { started: iso(-6 * DAY), exited: 1 },
        { started: iso(-120_000), errored: 1, did: 'u' },
      ]),
      aggregates([{ started: iso(-60_000), exited: 1 }], '..'),
      aggregates([{ started: iso(-60_000), errored: -1 }]),
      aggregates([{ started: iso(-6 * DAY), exited: 1 }]),
      JSON.stringify({ aggregates: [{ started: iso(0), exited: 1 }] }),
    ]);
    const kept = stored(core, 'sessions');
    expect(kept).toHaveLength(1);
    expect((kept[0]!.aggregates as JsonRecord[]).map((bucket) => bucket.exited ?? bucket.errored)).toEqual([
      3, 1,
    ]);
    expect(sessionOutcomes(core)).toEqual({ accepted: 2 });
  });
});

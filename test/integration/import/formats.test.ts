import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { parseEnvelope } from '../../../src-main/core/ingest/envelope-parser.ts';
import { Nodestore } from '../../../src-main/core/store/nodestore.ts';
import { call, importFile, SAMPLE_ENVELOPES, startCore, waitForExport } from '../export/helpers.ts';

/** The event payloads real SDKs sent (the shipped captures), as Sentry event JSON. */
function sdkEvents(): Array<Record<string, unknown>> {
  return fs
    .readdirSync(SAMPLE_ENVELOPES)
    .filter((name) => name.endsWith('.envelope'))
    .sort()
    .flatMap((name) => {
      const envelope = parseEnvelope(fs.readFileSync(path.join(SAMPLE_ENVELOPES, name)));
      const item = envelope.items.find((i) => i.headers.type === 'event');
      return item ? [JSON.parse(item.payload.toString('utf8')) as Record<string, unknown>] : [];
    });
}

function storedEvent(
  core: Core,
  eventId: string,
): { project_id: number; group_id: number; timestamp: number } | undefined {
  return core.ctx.db
    .prepare('SELECT project_id, group_id, timestamp FROM events WHERE event_id = ?')
    .get(eventId) as { project_id: number; group_id: number; timestamp: number } | undefined;
}

let core: Core;
beforeAll(async () => {
  core = await startCore();
});
afterAll(() => core?.close());

describe('import', () => {
  it('imports Sentry event JSONL and reports bad lines by line number', async () => {
    const events = sdkEvents().map((e, i) => ({ ...e, event_id: `${'a'.repeat(31)}${i}` }));
    const lines = [
      JSON.stringify(events[0]),
      'this is not json',
      '',
      JSON.stringify(events[1]),
      '42',
      JSON.stringify(events[2]),
    ];
    const report = await importFile(core, 'events.jsonl', Buffer.from(`${lines.join('\n')}\n`), {
      chunkBytes: 100,
    });
    expect(report.queued).toBe(3);
    expect(report.formats).toEqual({ 'sentry-event': 3 });
    expect(report.skipped.map((s) => s.line)).toEqual([2, 5]);
    expect(report.skipped[0]?.reason).toMatch(/not valid JSON/);
    expect(report.skipped[1]?.reason).toMatch(/not a JSON object/);
    for (const event of events)
      expect(storedEvent(core, String(event.event_id))?.group_id).toBeGreaterThan(0);
    // Through the pipeline: outcomes count the accepted events.
    const accepted = core.ctx.db
      .prepare("SELECT sum(quantity) AS n FROM outcomes WHERE outcome = 0 AND category != 'attachment'")
      .get() as { n: number };
    expect(accepted.n).toBeGreaterThanOrEqual(3);
  });

  it('imports one pretty-printed event document', async () => {
    const event = { ...sdkEvents()[0], event_id: 'b'.repeat(32) };
    const report = await importFile(core, 'event.json', Buffer.from(JSON.stringify(event, null, 2)), {
      chunkBytes: 64,
    });
    expect(report).toMatchObject({ queued: 1, skippedCount: 0, lines: 1 });
    expect(storedEvent(core, 'b'.repeat(32))).toBeDefined();
  });

  it('imports an .envelope file as the SDK sent it', async () => {
    const name =
      fs.readdirSync(SAMPLE_ENVELOPES).find((n) => n.startsWith('node') && n.endsWith('.envelope')) ?? '';
    const body = fs.readFileSync(path.join(SAMPLE_ENVELOPES, name));
    const eventId = String(parseEnvelope(body).headers.event_id).replaceAll('-', '');
    const report = await importFile(core, name, body);
    expect(report).toMatchObject({ queued: 1, skippedCount: 0, formats: { envelope: 1 } });
    expect(storedEvent(core, eventId)).toBeDefined();
  });

  it('keeps the time of an .envelope file sent long ago: received when it was sent, no clock drift', async () => {
    const body = fs.readFileSync(path.join(SAMPLE_ENVELOPES, 'node-v11-event-exception.envelope'));
    const envelope = parseEnvelope(body);
    const payload = JSON.parse(envelope.items[0]?.payload.toString('utf8') ?? '{}') as { timestamp: number };
    // Sent (and timed) 3 hours ago: the SDK's clock was right, the file is just old.
    const shift = Date.now() / 1000 - 3 * 3600 - payload.timestamp;
    const eventId = `${'f'.repeat(31)}3`;
    const old = Buffer.concat([
      Buffer.from(
        `${JSON.stringify({ ...envelope.headers, event_id: eventId, sent_at: new Date((payload.timestamp + shift + 0.5) * 1000).toISOString() })}\n`,
      ),
      Buffer.from(`${JSON.stringify({ type: 'event' })}\n`),
      Buffer.from(
        `${JSON.stringify({ ...payload, event_id: eventId, timestamp: payload.timestamp + shift })}\n`,
      ),
    ]);
    const report = await importFile(core, 'old.envelope', old);
    expect(report).toMatchObject({ queued: 1, skippedCount: 0 });
    expect(storedEvent(core, eventId)?.timestamp).toBe(Math.round((payload.timestamp + shift) * 1000));
    const stored = new Nodestore(core.ctx.db).get(1, eventId) as { errors?: Array<{ type: string }> };
    expect(stored.errors ?? []).not.toContainEqual(expect.objectContaining({ type: 'clock_drift' }));
  });

  it('imports Snuba stream-loader inserts, regrouping them, and skips replacement messages', async () => {
    const [first, second] = sdkEvents();
    const insert = (event: Record<string, unknown> | undefined, id: string) => [
      2,
      'insert',
      {
        event_id: id,
        project_id: 1,
        group_id: 987654,
        primary_hash: 'f'.repeat(32),
        datetime: new Date().toISOString(),
        platform: event?.platform,
        data: { ...event, event_id: id },
      },
      { is_new: true, is_regression: false, is_new_group_environment: true },
    ];
    const lines = [
      JSON.stringify(insert(first, 'c'.repeat(32))),
      JSON.stringify([2, 'start_delete_groups', { project_id: 1, group_ids: [1] }]),
      JSON.stringify(insert(second, 'd'.repeat(32))),
      JSON.stringify([7, 'insert', {}]),
    ];
    const report = await importFile(core, 'events-topic.jsonl', Buffer.from(lines.join('\n')));
    expect(report.queued).toBe(2);
    expect(report.formats).toEqual({ 'snuba-insert': 2 });
    expect(report.skipped.map((s) => s.line)).toEqual([2, 4]);
    expect(report.skipped[0]?.reason).toMatch(/start_delete_groups/);
    const stored = storedEvent(core, 'c'.repeat(32));
    expect(stored?.group_id).toBeGreaterThan(0);
    expect(stored?.group_id).not.toBe(987654);
  });

  it('keeps the receive time of a Faultline export line, so old events keep their timestamps', async () => {
    const [event] = sdkEvents();
    const fortyDaysAgo = Math.floor(Date.now() / 1000) - 40 * 86_400;
    const target = await startCore();
    try {
      const first = await importFile(
        target,
        'one.json',
        Buffer.from(JSON.stringify({ ...event, event_id: 'e'.repeat(32) })),
      );
      expect(first.queued).toBe(1);
      const started = await call(target, 'export.start', { selection: {}, format: 'jsonl' });
      const done = await waitForExport(target, started.exportId);
      const line = JSON.parse(
        fs.readFileSync(path.join(target.ctx.dataDir, 'exports', done.file ?? ''), 'utf8'),
      );
      const old = {
        ...line,
        event_id: `${'0'.repeat(31)}1`,
        timestamp: fortyDaysAgo,
        received: fortyDaysAgo + 1,
      };
      const report = await importFile(core, 'old.jsonl', Buffer.from(`${JSON.stringify(old)}\n`));
      expect(report.formats).toEqual({ 'faultline-export': 1 });
      expect(storedEvent(core, `${'0'.repeat(31)}1`)?.timestamp).toBe(fortyDaysAgo * 1000);
    } finally {
      await target.close();
    }
  });

  it('puts events into the project asked for, and refuses a project that does not exist', async () => {
    const project = core.ctx.projects.create({ name: 'Imported' });
    const event = { ...sdkEvents()[0], event_id: '9'.repeat(32) };
    const report = await importFile(core, 'p.json', Buffer.from(JSON.stringify(event)), {
      projectId: project.id,
    });
    expect(report.queued).toBe(1);
    expect(storedEvent(core, '9'.repeat(32))?.project_id).toBe(project.id);
    await expect(call(core, 'import.begin', { name: 'x.jsonl', projectId: 999 })).rejects.toMatchObject({
      type: 'not_found',
    });
  });
});

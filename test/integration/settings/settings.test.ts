/**
 * The Settings page's API against a real core and data dir: stored settings, the port taking
 * effect on restart, clearing data, and the sample event of the Setup page.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/core/api/dispatch.ts';
import type { Core } from '../../../src-main/core/core.ts';
import { readSettingsOf } from '../../../src-main/core/settings/settings-store.ts';
import type { SnqlResponse } from '../../../src-shared/snql-api.ts';
import { coreForEachTest } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { call, listed, sendEvents } from '../retention/send.ts';

const start = coreForEachTest();

/**
 * A new DuckDB read connection sometimes sees the latest batch only a moment after the pipeline
 * reports it drained (a lag of the event index, not of retention): poll.
 */
const POLL = { timeout: 5000, interval: 100 };

async function indexedEvents(c: Core): Promise<number> {
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 19);
  const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19);
  const response: SnqlResponse = await call(c, 'snql.query', {
    query: `MATCH (events) SELECT event_id WHERE project_id = 1 AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') LIMIT 1000`,
  });
  if ('error' in response) throw new Error(response.error.message);
  return response.data.length;
}

describe('settings', () => {
  it('start with the defaults and show the data dir and the port in use', async () => {
    const c = await start();
    const view = await call(c, 'settings.get', {});
    expect(view.settings).toEqual({
      port: 8969,
      retentionDays: 30,
      maxSizeBytes: 10 * 1024 ** 3,
      notifyNewIssues: false,
      alertEventFrequency: { enabled: false, value: 100, interval: '1h' },
      alertUniqueUserFrequency: { enabled: false, value: 100, interval: '1h' },
      alertFrequencyMinutes: 30,
      editorCommand: '',
    });
    expect(view.dataDir).toBe(c.ctx.dataDir);
    expect(view.activePort).toBe(c.port);
    expect(view.usage?.events).toBe(0);
  });

  it('a changed port is stored, waits for a restart, and is what the next start reads', async () => {
    const dataDir = tempDir();
    const c = await start(dataDir);
    const changed = await call(c, 'settings.update', { port: 9123 });
    expect(changed.settings.port).toBe(9123);
    expect(changed.restartRequired).toBe(true);
    expect(changed.activePort).toBe(c.port);
    await c.close();
    expect(readSettingsOf(dataDir).port).toBe(9123);
    const again = await start(dataDir);
    expect((await call(again, 'settings.get', {})).settings.port).toBe(9123);
  });

  it('refuses values out of range and keeps the old ones', async () => {
    const c = await start();
    for (const bad of [{ retentionDays: 0 }, { retentionDays: 2.5 }, { port: 70000 }, { maxSizeBytes: 10 }]) {
      const response = await dispatch(c.ctx, 'settings.update', bad);
      expect('error' in response && response.error.type).toBe('invalid_params');
    }
    expect((await call(c, 'settings.get', {})).settings.retentionDays).toBe(30);
    const updated = await call(c, 'settings.update', { retentionDays: 7, notifyNewIssues: true });
    expect(updated.settings).toMatchObject({ retentionDays: 7, notifyNewIssues: true, port: 8969 });
  });

  it('announces a change so every open Settings page refetches', async () => {
    const c = await start();
    const seen: string[] = [];
    c.ctx.live.subscribe((event) => seen.push(event.type));
    await call(c, 'settings.update', { notifyNewIssues: true });
    expect(seen).toContain('settings.changed');
  });
});

describe('clear data', () => {
  it('needs a confirmation', async () => {
    const c = await start();
    const response = await dispatch(c.ctx, 'data.clear', {});
    expect('error' in response && response.error.type).toBe('invalid_params');
  });

  it('deletes every event, issue and attachment and keeps projects, keys and settings', async () => {
    const c = await start();
    const project = await call(c, 'projects.create', { name: 'Shop' });
    await call(c, 'settings.update', { retentionDays: 12 });
    await sendEvents(c, [
      { type: 'KeptNowhere', value: 'a', at: Date.now() - 1000, attachment: crypto.randomBytes(1000) },
      { type: 'KeptNowhere', value: 'b', at: Date.now() },
    ]);
    expect(Object.keys(await listed(c))).toHaveLength(1);
    await expect.poll(() => indexedEvents(c), POLL).toBe(2);

    const result = await call(c, 'data.clear', { confirm: true });
    expect(result).toEqual({ deletedEvents: 2, deletedGroups: 1 });
    expect(await listed(c)).toEqual({});
    await expect.poll(() => indexedEvents(c), POLL).toBe(0);
    expect(fs.existsSync(path.join(c.ctx.dataDir, 'attachments'))).toBe(false);
    expect((await call(c, 'outcomes.list', {})).length).toBe(0);
    expect((await call(c, 'projects.list', {})).map((p) => p.name)).toContain(project.name);
    expect((await call(c, 'settings.get', {})).settings.retentionDays).toBe(12);

    // Ingest goes on as before, with short ids from the start.
    await sendEvents(c, [{ type: 'AfterClear', value: 'c', at: Date.now() }]);
    const list = await call(c, 'issues.list', { projectId: 1, query: '' });
    expect(list.issues.map((issue) => [issue.title, issue.shortId])).toEqual([
      ['AfterClear: c', 'DEFAULT-1'],
    ]);
  });
});

describe('clear data on disk', () => {
  it('gives the space of what it deleted back to the disk', async () => {
    const c = await start();
    const file = path.join(c.ctx.dataDir, 'faultline.sqlite');
    // Values that do not compress, so that the stored events take megabytes.
    const big = () => ({
      type: 'BigError',
      value: crypto.randomBytes(20_000).toString('hex'),
      at: Date.now(),
    });
    await sendEvents(c, Array.from({ length: 100 }, big));
    c.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.statSync(file).size;
    expect(before).toBeGreaterThan(2 * 1024 * 1024);

    await call(c, 'data.clear', { confirm: true });
    const onDisk = fs.statSync(file).size + fs.statSync(`${file}-wal`).size;
    expect(onDisk).toBeLessThan(before / 4);
    expect((await call(c, 'projects.list', {})).length).toBe(1);
  });
});

describe('send a sample event', () => {
  it('makes a sample issue appear, marked as sample and left out of counts and the index', async () => {
    const c = await start();
    const sent = await call(c, 'projects.sendSampleEvent', { projectId: 1 });
    expect(sent.eventId).toMatch(/^[0-9a-f]{32}$/);
    await c.ctx.pipeline.call('pipeline.drain', {});
    const list = await call(c, 'issues.list', { projectId: 1, query: 'is:unresolved' });
    expect(list.issues).toHaveLength(1);
    const [issue] = list.issues;
    expect(issue?.title).toMatch(/^TypeError: /);
    expect(issue?.count).toBe(0);
    const event = await call(c, 'events.get', { projectId: 1, eventId: sent.eventId });
    expect(event.tags).toContainEqual(['sample_event', 'yes']);
    // A real event after it reaches the index; the sample never does.
    await sendEvents(c, [{ type: 'RealError', value: 'r', at: Date.now() }]);
    await expect.poll(() => indexedEvents(c), POLL).toBe(1);
  });

  it('fails for a project that does not exist', async () => {
    const c = await start();
    const response = await dispatch(c.ctx, 'projects.sendSampleEvent', { projectId: 999 });
    expect('error' in response && response.error.type).toBe('not_found');
  });
});

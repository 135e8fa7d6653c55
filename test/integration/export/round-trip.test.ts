import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { formatShortId } from '../../../src-main/core/issues/short-id.ts';
import { call, importFile, issuesOf, seedCore, startCore, waitForExport } from './helpers.ts';

let source: Core;
let sentIds: string[];

beforeAll(async () => {
  source = await startCore();
  sentIds = await seedCore(source);
});
afterAll(() => source?.close());

async function exportJsonl(selection: Record<string, unknown> = {}): Promise<{ file: string; rows: number }> {
  const started = await call(source, 'export.start', { selection, format: 'jsonl' });
  const done = await waitForExport(source, started.exportId);
  expect(done.state, JSON.stringify(done.error)).toBe('done');
  return { file: path.join(source.ctx.dataDir, 'exports', done.file ?? ''), rows: done.rows };
}

describe('JSONL export and import', () => {
  it('exports every stored event as one full normalized event per line', async () => {
    const { file, rows } = await exportJsonl();
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const stored = source.ctx.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    expect(rows).toBe(stored.n);
    expect(lines).toHaveLength(stored.n);
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const id of sentIds) expect(events.map((e) => e.event_id)).toContain(id);
    // Normalized: what Relay and grouping added is there.
    for (const event of events) {
      expect(event.project).toBe(1);
      expect(typeof event.received).toBe('number');
      expect(Array.isArray(event.hashes)).toBe(true);
    }
  });

  it('importing the export into an empty data dir gives the same issues, counts and hashes', async () => {
    const { file } = await exportJsonl();
    const target = await startCore();
    try {
      const report = await importFile(target, path.basename(file), fs.readFileSync(file), {
        chunkBytes: 8192,
      });
      expect(report.skipped).toEqual([]);
      expect(report.done).toBe(true);
      expect(report.formats['faultline-export']).toBe(report.queued);
      const before = issuesOf(source);
      expect(before.length).toBeGreaterThan(3);
      expect(issuesOf(target)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('an issue export holds only that issue’s events', async () => {
    const issue = issuesOf(source).find((i) => i.timesSeen > 1);
    expect(issue).toBeDefined();
    const { file, rows } = await exportJsonl({ issue: formatShortId('default', issue?.shortId ?? 0) });
    expect(rows).toBe(issue?.timesSeen);
    const ids = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event_id: string }).event_id);
    expect(ids.sort()).toEqual(issue?.events.map((e) => e.eventId).sort());
  });

  it('an issue search export holds the events of the matching issues that match its tags', async () => {
    const { file, rows } = await exportJsonl({ projectId: 1, search: 'browser:Firefox' });
    const events = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { tags: Array<[string, string]> });
    expect(rows).toBeGreaterThan(0);
    for (const event of events) expect(event.tags).toContainEqual(['browser', 'Firefox']);
  });

  it("an issue search export reads Sentry's special keys and free text as the issue list does", async () => {
    const all = await exportJsonl({ projectId: 1 });
    // Every issue here is an error: `issue.category:error` keeps them all (it is no tag of the events).
    expect((await exportJsonl({ projectId: 1, search: 'issue.category:error' })).rows).toBe(all.rows);
    expect((await exportJsonl({ projectId: 1, search: '!issue.category:error' })).rows).toBe(0);
    // Free text is a substring of each event's message, case-insensitive: the events the issue
    // list counts as matching under the same search are the ones exported.
    const title = (JSON.parse(fs.readFileSync(all.file, 'utf8').split('\n')[0]!) as { title: string }).title;
    const query = title
      .split(/\W+/)
      .find((w) => w.length > 3)!
      .toUpperCase();
    const list = await call(source, 'issues.list', { projectId: 1, query, period: '30d', limit: 100 });
    const matching = list.issues.reduce((sum, issue) => sum + (issue.filtered?.count ?? 0), 0);
    expect(matching).toBeGreaterThan(0);
    expect((await exportJsonl({ projectId: 1, search: query })).rows).toBe(matching);
  });

  it("an issue search export keeps to the events in its date: bounds, as Sentry's search does", async () => {
    const all = await exportJsonl({ projectId: 1 });
    expect(all.rows).toBeGreaterThan(0);
    // The events were all sent just now.
    expect((await exportJsonl({ projectId: 1, search: 'date:-1d' })).rows).toBe(all.rows);
    expect((await exportJsonl({ projectId: 1, search: 'event.timestamp:+1d' })).rows).toBe(0);
  });
});

describe('JSONL export, import and export again', () => {
  it("gives back every event's JSON unchanged: Sentry's own title, metadata and hashes are not flagged", async () => {
    const first = await exportJsonl();
    const target = await startCore();
    try {
      await importFile(target, 'first.jsonl', fs.readFileSync(first.file), { chunkBytes: 8192 });
      const started = await call(target, 'export.start', { selection: {}, format: 'jsonl' });
      const done = await waitForExport(target, started.exportId);
      expect(done.state, JSON.stringify(done.error)).toBe('done');
      const byId = (file: string) =>
        new Map(
          fs
            .readFileSync(file, 'utf8')
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .map((event) => [event.event_id, event]),
        );
      const before = byId(first.file);
      const after = byId(path.join(target.ctx.dataDir, 'exports', done.file ?? ''));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [id, event] of before) {
        expect(typeof event.title).toBe('string');
        expect(after.get(id), String(id)).toEqual(event);
      }
    } finally {
      await target.close();
    }
  });
});

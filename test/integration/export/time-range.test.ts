/** An export's time range, to the millisecond: events at or after `since`, and before `until`. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ExportSelection } from '../../../src-shared/export-api.ts';
import { call, importFile, startCore, waitForExport } from './helpers.ts';

let core: Core;
/** An event time with milliseconds: a whole second ago, plus 964 ms. */
const second = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const at = second + 964;

beforeAll(async () => {
  core = await startCore();
  const events = [
    { event_id: 'a'.repeat(32), timestamp: at / 1000, level: 'error', message: 'at .964' },
    { event_id: 'b'.repeat(32), timestamp: (second + 100) / 1000, level: 'error', message: 'at .100' },
  ];
  const report = await importFile(
    core,
    'events.jsonl',
    Buffer.from(events.map((e) => JSON.stringify(e)).join('\n')),
  );
  expect(report.queued).toBe(2);
});
afterAll(() => core?.close());

async function exportedIds(selection: ExportSelection): Promise<string[]> {
  const started = await call(core, 'export.start', { selection, format: 'jsonl' });
  const done = await waitForExport(core, started.exportId);
  expect(done.state, JSON.stringify(done.error)).toBe('done');
  const text = fs.readFileSync(path.join(core.ctx.dataDir, 'exports', done.file ?? ''), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { event_id: string }).event_id)
    .sort();
}

describe('export time range', () => {
  it('a sub-second --since takes the events at or after it, not the earlier ones of the same second', async () => {
    expect(await exportedIds({ since: second + 500 })).toEqual(['a'.repeat(32)]);
    expect(await exportedIds({ since: at })).toEqual(['a'.repeat(32)]);
    expect(await exportedIds({ since: at + 1 })).toEqual([]);
  });

  it('a sub-second --until takes the events before it only', async () => {
    expect(await exportedIds({ until: second + 500 })).toEqual(['b'.repeat(32)]);
    expect(await exportedIds({ until: at })).toEqual(['b'.repeat(32)]);
    expect(await exportedIds({ until: at + 1 })).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
  });
});

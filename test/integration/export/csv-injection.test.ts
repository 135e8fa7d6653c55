/** CSV cells a spreadsheet would run as formulas are neutralized as OWASP recommends; numbers stay numbers. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ExportSelection } from '../../../src-shared/export-api.ts';
import { call, importFile, parseCsv, startCore, waitForExport } from './helpers.ts';

let core: Core;

beforeAll(async () => {
  core = await startCore();
  const event = {
    event_id: 'c'.repeat(32),
    timestamp: Date.now() / 1000 - 60,
    level: 'error',
    message: '=HYPERLINK("http://attacker.example/","click")',
    tags: { formula: '@SUM(A1:A9)', negative: '-5', signed: '+1.5e3', text: '-5 apples', plain: 'ok' },
  };
  const tabbed = { ...event, event_id: 'd'.repeat(32), message: '=1+1', tags: { tabbed: '\t=1+1' } };
  const report = await importFile(
    core,
    'events.jsonl',
    Buffer.from(`${JSON.stringify(event)}\n${JSON.stringify(tabbed)}\n`),
  );
  expect(report.queued).toBe(2);
});
afterAll(() => core?.close());

async function csvRows(selection: ExportSelection): Promise<Array<Record<string, string>>> {
  const started = await call(core, 'export.start', { selection, format: 'csv' });
  const done = await waitForExport(core, started.exportId);
  expect(done.state, JSON.stringify(done.error)).toBe('done');
  const [header = [], ...lines] = parseCsv(
    fs.readFileSync(path.join(core.ctx.dataDir, 'exports', done.file ?? ''), 'utf8'),
  );
  return lines.map((line) => Object.fromEntries(header.map((name, i) => [name, line[i] ?? ''])));
}

describe('CSV export of values that look like formulas', () => {
  it('puts a single quote before text starting with = + - @ or a tab, and leaves numbers as they are', async () => {
    const rows = await csvRows({});
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    const row = byId.get('c'.repeat(32));
    expect(row?.message).toBe(`'=HYPERLINK("http://attacker.example/","click")`);
    expect(row?.['tags[formula]']).toBe("'@SUM(A1:A9)");
    expect(row?.['tags[text]']).toBe("'-5 apples");
    expect(row?.['tags[negative]']).toBe('-5');
    expect(row?.['tags[signed]']).toBe('+1.5e3');
    expect(row?.['tags[plain]']).toBe('ok');
    expect(byId.get('d'.repeat(32))?.['tags[tabbed]']).toBe("'\t=1+1");
    // Numbers of numeric columns are untouched, and no other cell starts a formula.
    for (const cells of rows)
      for (const [name, cell] of Object.entries(cells))
        if (/^[=+\-@\t\r]/.test(cell)) expect(cell, name).toMatch(/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i);
  });

  it('neutralizes a SnQL export’s text columns and lists too', async () => {
    const snql =
      "MATCH (events) SELECT message, array(message) AS messages, minus(0, 5) AS n WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00') ORDER BY event_id ASC";
    const rows = await csvRows({ snql });
    expect(rows.map((r) => [r.message, r.messages, r.n])).toEqual([
      [
        `'=HYPERLINK("http://attacker.example/","click")`,
        `'=HYPERLINK("http://attacker.example/","click")`,
        '-5',
      ],
      ["'=1+1", "'=1+1", '-5'],
    ]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportCancelledError, runExport } from '../../../src-main/core/export/run-export.ts';
import { EVENT_INDEX_FILE } from '../../../src-main/core/pipeline/paths.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import type { ExportRequest } from '../../../src-shared/export-api.ts';
import { tempDir } from '../../support/serve.ts';
import { seedCore, startCore } from './helpers.ts';

let dataDir: string;
let instance: DuckDBInstance;
let db: SqliteDb;

// The stores opened as `faultline export` opens them without a server: DuckDB read-only.
beforeAll(async () => {
  const core = await startCore();
  await seedCore(core, 2);
  dataDir = core.ctx.dataDir;
  await core.close();
  instance = await DuckDBInstance.create(path.join(dataDir, EVENT_INDEX_FILE), { access_mode: 'READ_ONLY' });
  db = openSqlite(dataDir, { readonly: true });
});
afterAll(() => {
  db?.close();
  instance?.closeSync();
});

const stores = () => ({ connect: () => instance.connect(), db });

describe('a cancelled export leaves nothing', () => {
  const requests: ExportRequest[] = [
    { selection: {}, format: 'jsonl' },
    { selection: {}, format: 'csv' },
    { selection: {}, format: 'parquet' },
    { selection: {}, format: 'parquet', includeEvent: true },
  ];
  for (const request of requests) {
    it(`${request.format}${request.includeEvent ? ' with the event column' : ''}`, async () => {
      const out = path.join(tempDir('faultline-cancel-'), `events.${request.format}`);
      const controller = new AbortController();
      const run = runExport(stores(), request, out, {
        signal: controller.signal,
        // Cancel as soon as the export has counted its rows, before it has written them.
        onProgress: () => controller.abort(),
      });
      await expect(run).rejects.toBeInstanceOf(ExportCancelledError);
      expect(fs.readdirSync(path.dirname(out))).toEqual([]);
    });
  }

  it('an export that completes replaces the target only at the end', async () => {
    const out = path.join(tempDir('faultline-cancel-'), 'events.jsonl');
    fs.writeFileSync(out, 'previous\n');
    const seen: string[] = [];
    const result = await runExport(stores(), { selection: {}, format: 'jsonl' }, out, {
      onProgress: () => seen.push(fs.readFileSync(out, 'utf8')),
    });
    // While it ran, the old file was untouched; now it holds the export.
    expect(seen.slice(0, -1).every((content) => content === 'previous\n')).toBe(true);
    expect(fs.readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(result.rows);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['events.jsonl']);
  });

  it('a failing export (unknown issue) writes nothing', async () => {
    const out = path.join(tempDir('faultline-cancel-'), 'events.csv');
    await expect(
      runExport(stores(), { selection: { issue: 'DEFAULT-ZZZZ' }, format: 'csv' }, out),
    ).rejects.toMatchObject({ type: 'not_found' });
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });
});

/**
 * `faultline import` with files that cannot be read: as its help says, that is exit 1 (not a
 * usage error), the file is named, and the files that can be read are still imported.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import type { ImportReport } from '../../../src-shared/export-api.ts';
import { runCli } from '../../support/cli.ts';
import { assertBuilt, BIN, tempDir } from '../../support/serve.ts';

// An SDK capture shipped with the project, so this runs in any clone.
const CAPTURED = path.resolve(
  import.meta.dirname,
  '../../../resources/sample-envelopes/node-v11-event-exception.envelope',
);

beforeAll(() => {
  assertBuilt();
});

describe('faultline import of a file that cannot be read', () => {
  it('names the missing file, imports the readable one given with it, and exits 1', async () => {
    const missing = path.join(tempDir('faultline-import-'), 'nonexistent.json');
    const run = await runCli(['import', '--data-dir', tempDir(), '--format', 'json', CAPTURED, missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`faultline import: ${missing}: could not read: no such file`);
    expect(run.stderr).not.toContain('Usage:');
    const reports = JSON.parse(run.stdout) as Array<ImportReport & { file: string }>;
    expect(reports.map((r) => [r.file, r.queued, r.skippedCount])).toEqual([[CAPTURED, 1, 0]]);
  });

  it('exits 1, not 2, when no file can be read (a directory is not a file)', async () => {
    const dir = tempDir('faultline-import-');
    const run = await runCli(['import', '--data-dir', tempDir(), dir, '/nonexistent.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`faultline import: ${dir}: could not read: not a file`);
    expect(run.stderr).toContain('faultline import: /nonexistent.json: could not read: no such file');
    expect(run.stderr).not.toContain('Usage:');
    expect(run.stdout).toBe('');
  });
});

describe('faultline import interrupted', () => {
  it('Ctrl-C stops at the end of a line: what was read is imported and reported, nothing cut; exit 1', async () => {
    const file = path.join(tempDir('faultline-import-'), 'many.jsonl');
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      JSON.stringify({
        event_id: crypto.randomUUID().replaceAll('-', ''),
        timestamp: Date.now() / 1000,
        level: 'error',
        message: `line ${i} ${'x'.repeat(600)}`,
      }),
    );
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const dataDir = tempDir('faultline-import-data-');
    const proc = spawn(process.execPath, [BIN, 'import', '--data-dir', dataDir, '--format', 'json', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const reading = new Promise<void>((resolve) =>
      proc.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first progress line: the file is being read.
        if (stderr.includes('bytes')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await reading;
    proc.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/interrupted after \d+ of \d+ bytes/);
    const [report] = JSON.parse(stdout) as Array<ImportReport & { interrupted?: string }>;
    expect(report?.skippedCount).toBe(0);
    expect(report?.queued).toBeGreaterThan(0);
    expect(report?.queued).toBeLessThan(lines.length);
    expect(report?.interrupted).toMatch(/^after /);
    const db = openSqlite(dataDir, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: report?.queued });
    } finally {
      db.close();
    }
  }, 60_000);

  it('Ctrl-C after a file was read stops there: that file is imported, the files after it are not; exit 1', async () => {
    const dir = tempDir('faultline-import-');
    const eventLines = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          event_id: crypto.randomUUID().replaceAll('-', ''),
          timestamp: Date.now() / 1000,
          level: 'error',
          message: `${tag} ${i}`,
        }),
      );
    // Under one read chunk (512 KiB): its one progress line says it was read whole, and then the
    // import waits while the pipeline processes its thousands of events.
    const first = eventLines('first', 4000);
    const files = [
      path.join(dir, 'first.jsonl'),
      path.join(dir, 'second.jsonl'),
      path.join(dir, 'third.jsonl'),
    ];
    fs.writeFileSync(files[0]!, `${first.join('\n')}\n`);
    expect(fs.statSync(files[0]!).size).toBeLessThan(512 * 1024);
    fs.writeFileSync(files[1]!, `${eventLines('second', 10).join('\n')}\n`);
    fs.writeFileSync(files[2]!, `${eventLines('third', 10).join('\n')}\n`);
    const dataDir = tempDir('faultline-import-data-');
    const proc = spawn(
      process.execPath,
      [BIN, 'import', '--data-dir', dataDir, '--format', 'json', ...files],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const size = fs.statSync(files[0]!).size.toLocaleString('en-US');
    const read = new Promise<void>((resolve) =>
      proc.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes(`${size} / ${size} bytes`)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await read;
    proc.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toContain(`interrupted; not imported: ${files[1]}, ${files[2]}`);
    const reports = JSON.parse(stdout) as Array<ImportReport & { file: string; interrupted?: string }>;
    expect(reports.map((r) => [r.file, r.queued, r.interrupted])).toEqual([
      [files[0], first.length, undefined],
    ]);
    const db = openSqlite(dataDir, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: first.length });
    } finally {
      db.close();
    }
  }, 60_000);
});

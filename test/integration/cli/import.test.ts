/**
 * `faultline import` with files that cannot be read: as its help says, that is exit 1 (not a
 * usage error), the file is named, and the files that can be read are still imported.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-shared/export-api.ts';
import { runCli } from '../../support/cli.ts';
import { assertBuilt, tempDir } from '../../support/serve.ts';

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

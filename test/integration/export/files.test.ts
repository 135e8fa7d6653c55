/** Export files in DATA_DIR/exports live as long as the app lists them: none pile up on disk. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { EXPORTS_DIR } from '../../../src-main/core/export/registry.ts';
import { tempDir } from '../../support/serve.ts';
import { call, startCore, waitForExport } from './helpers.ts';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('export files', () => {
  it('a file left by an earlier run is deleted; a new export is kept until downloaded', async () => {
    const dataDir = tempDir('faultline-export-');
    const dir = path.join(dataDir, EXPORTS_DIR);
    fs.mkdirSync(dir, { recursive: true });
    const leftover = path.join(dir, 'faultline-20260101-000000-abcdef.jsonl');
    fs.writeFileSync(leftover, '{}\n');
    core = await startCore(dataDir);

    expect(await call(core, 'export.list', {})).toEqual([]);
    expect(fs.existsSync(leftover)).toBe(false);

    const started = await call(core, 'export.start', { selection: {}, format: 'csv' });
    const done = await waitForExport(core, started.exportId);
    expect(done.state).toBe('done');
    expect(fs.readdirSync(dir)).toEqual([done.file]);
    const chunk = await call(core, 'export.read', { exportId: started.exportId, offset: 0 });
    expect(Buffer.from(chunk.base64, 'base64').toString('utf8')).toMatch(/^project_id,|^[a-z_]+,/);
  });

  it('the files are deleted when the app stops, and a leftover when it starts, whether or not exports are listed', async () => {
    core = await startCore();
    const { dataDir } = core.ctx;
    const dir = path.join(dataDir, EXPORTS_DIR);
    const started = await call(core, 'export.start', { selection: {}, format: 'jsonl' });
    expect((await waitForExport(core, started.exportId)).state).toBe('done');
    expect(fs.readdirSync(dir)).toHaveLength(1);
    await core.close();
    core = undefined;
    expect(fs.existsSync(dir)).toBe(false);

    // A file a crash left (the app did not stop): gone once the app is up again.
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'faultline-20260101-000000-abcdef.jsonl'), '{}\n');
    core = await startCore(dataDir);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

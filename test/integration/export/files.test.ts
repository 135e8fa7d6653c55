/** Export files in DATA_DIR/exports live as long as the app lists them: none pile up on disk. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { EXPORTS_DIR } from '../../../src-main/core/export/registry.ts';
import { call, startCore, waitForExport } from './helpers.ts';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('export files', () => {
  it('a file left by an earlier run is deleted; a new export is kept until downloaded', async () => {
    core = await startCore();
    const dir = path.join(core.ctx.dataDir, EXPORTS_DIR);
    fs.mkdirSync(dir, { recursive: true });
    const leftover = path.join(dir, 'faultline-20260101-000000-abcdef.jsonl');
    fs.writeFileSync(leftover, '{}\n');

    expect(await call(core, 'export.list', {})).toEqual([]);
    expect(fs.existsSync(leftover)).toBe(false);

    const started = await call(core, 'export.start', { selection: {}, format: 'csv' });
    const done = await waitForExport(core, started.exportId);
    expect(done.state).toBe('done');
    expect(fs.readdirSync(dir)).toEqual([done.file]);
    const chunk = await call(core, 'export.read', { exportId: started.exportId, offset: 0 });
    expect(Buffer.from(chunk.base64, 'base64').toString('utf8')).toMatch(/^project_id,|^[a-z_]+,/);
  });
});

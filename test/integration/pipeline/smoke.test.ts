import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { sendEnvelope, startCore } from '../../support/core.ts';

// An SDK capture shipped with the project (resources/sample-envelopes), so this runs in any clone.
const CORPUS = path.resolve(import.meta.dirname, '../../../resources/sample-envelopes');
let core: Core;
beforeAll(async () => {
  core = await startCore();
});
afterAll(() => core?.close());

it('an event envelope sent to the DSN becomes an issue', async () => {
  const body = fs.readFileSync(path.join(CORPUS, 'node-v11-event-exception.envelope'));
  await sendEnvelope(core, new Uint8Array(body));
  const groups = core.ctx.db.prepare('SELECT * FROM groups').all();
  expect(groups).toHaveLength(1);
});

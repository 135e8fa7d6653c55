/**
 * The built UI served by `faultline serve`: only files inside the renderer folder, whatever the
 * request path says, and a path that is no valid percent-encoding is a 404, not a server error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { request } from '../../support/http.ts';
import { tempDir } from '../../support/serve.ts';

let core: Core;
beforeAll(async () => {
  const parent = tempDir('faultline-static-');
  const renderer = path.join(parent, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Faultline</title>');
  // A folder beside it whose name starts like the renderer's.
  fs.mkdirSync(path.join(parent, 'renderer-private'));
  fs.writeFileSync(path.join(parent, 'renderer-private', 'secret.txt'), 'not for the browser');
  core = await startCore(tempDir(), { rendererDir: renderer });
});

afterAll(async () => {
  await core?.close();
});

describe('the UI files', () => {
  it('never serves a file outside the renderer folder, even one beside it named like it', async () => {
    for (const target of ['/../renderer-private/secret.txt', '/..%2frenderer-private%2fsecret.txt']) {
      const reply = await request(`${core.url}${target}`);
      expect(reply.status, target).toBe(404);
      expect(reply.body).not.toContain('not for the browser');
    }
  });

  it('answers a path with malformed percent-encoding with 404, not 500', async () => {
    const reply = await request(`${core.url}/assets/%E0%A4%A.js`);
    expect(reply.status).toBe(404);
  });

  it('still serves the app for its own routes', async () => {
    const reply = await request(`${core.url}/issues/1`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Faultline</title>');
  });
});

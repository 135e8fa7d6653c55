/**
 * `npm start`'s first step (bin/ensure-electron.mjs, npm's prestart): Electron's binary is there, or
 * its download is tried, and a failed one ends with a message that says what to do instead of
 * electron-vite's "Error: Electron uninstall". The download goes to a closed local port, so the test
 * never fetches Electron; where the binary is installed, the script finds it without a download.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { electronBinary } from '../../support/electron-binary.ts';
import { REPO_ROOT } from '../../support/serve.ts';

const installedBinary = () => electronBinary().path;

it('finds Electron’s binary, or says it could not be downloaded and what to use instead', () => {
  const installed = installedBinary();
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'ensure-electron.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
    timeout: 60_000,
  });
  if (installed) {
    expect(run.status).toBe(0);
    return;
  }
  console.log('Electron is not installed here: checking the failed download’s message');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    "Faultline's desktop app needs Electron's binary, which could not be downloaded",
  );
  expect(run.stderr).toContain('bin/faultline serve');
  // Nothing was left behind that would pass for an installed binary.
  expect(installedBinary()).toBeUndefined();
});

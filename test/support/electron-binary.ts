/** Electron's binary as its package installed it (`node_modules/electron/path.txt` names it), or why there is none. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './serve.ts';

export function electronBinary(): { path?: string; reason?: string } {
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  if (!fs.existsSync(pkg)) return { reason: 'the electron package is not installed' };
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return {
      reason:
        'no Electron binary: node_modules/electron/dist was never downloaded (run `npx install-electron` where the download is reachable)',
    };
  }
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? { path: binary } : { reason: `the Electron binary ${binary} is missing` };
}

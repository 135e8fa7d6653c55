/** Where things live for the headless command: the data dir and the built renderer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `$XDG_DATA_HOME/faultline`, else `~/.local/share/faultline`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.length > 0
      ? env.XDG_DATA_HOME
      : path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'faultline');
}

/** The project root: the nearest folder above this file whose package.json is Faultline's. */
export function packageRoot(from: string = import.meta.dirname): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'faultline') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Faultline package root');
    dir = parent;
  }
}

export function rendererDir(): string {
  return path.join(packageRoot(), 'out', 'renderer');
}

/**
 * Data dirs the CLI cannot write, as a user meets them: folders and files without write permission
 * for the user, and a file system mounted read-only. Root writes anything whatever the modes, so
 * as root the CLI runs without its capabilities (setpriv), which makes the modes count again.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? undefined : (result.stderr || result.error?.message || 'failed').trim();
}

/**
 * The command to put before `node bin/faultline …` so that file modes apply to it (empty for a
 * user other than root), or why that cannot be done here.
 */
export function withoutPrivileges(): string[] | string {
  if (process.getuid?.() !== 0) return [];
  const prefix = ['setpriv', '--inh-caps=-all', '--bounding-set=-all'];
  // Proof that it works: a write into a folder without write permission is refused.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-setpriv-'));
  try {
    fs.chmodSync(dir, 0o555);
    const probe = `try { require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'x'))}, ''); process.exit(1) } catch (e) { process.exit(e.code === 'EACCES' ? 0 : 1) }`;
    const failed = run(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', probe]);
    return failed === undefined
      ? prefix
      : `running as root, and setpriv cannot drop its privileges here (${failed})`;
  } finally {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReadOnlyMount {
  /** The copy, on a file system mounted read-only. */
  dir: string;
  remove(): void;
}

/** A read-only file system holding a copy of `source` (a tmpfs, filled, then remounted read-only). */
export function mountReadOnlyCopy(source: string): ReadOnlyMount | string {
  if (process.platform !== 'linux') return 'a read-only tmpfs is mounted on Linux only';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-read-only-'));
  const failed = run('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]);
  if (failed) {
    fs.rmdirSync(dir);
    return `cannot mount a tmpfs here: ${failed}`;
  }
  const remove = () => {
    run('umount', ['-l', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  fs.cpSync(source, path.join(dir, 'data'), { recursive: true });
  const readOnly = run('mount', ['-o', 'remount,ro', dir]);
  if (readOnly) {
    remove();
    return `cannot remount a tmpfs read-only here: ${readOnly}`;
  }
  return { dir, remove };
}

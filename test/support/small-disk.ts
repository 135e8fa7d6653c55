/**
 * A small file system for disk-full tests: a tmpfs of a few MiB, which can then be grown to free
 * space. Mounting needs root on Linux; elsewhere `smallDiskMissingReason` says why tests skip.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Sets the file system's size (grow it to free space). */
  resize(mib: number): void;
  /** Unmounts it and removes the mount point. */
  remove(): void;
}

function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? undefined : (result.stderr || result.error?.message || 'failed').trim();
}

export function mountSmallDisk(mib: number): SmallDisk | string {
  if (process.platform !== 'linux') return 'a small tmpfs is mounted on Linux only';
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-small-disk-'));
  const failed = run('mount', ['-t', 'tmpfs', '-o', `size=${Math.round(mib * 1024)}k`, 'tmpfs', dir]);
  if (failed) {
    fs.rmdirSync(dir);
    return `cannot mount a tmpfs here: ${failed}`;
  }
  return {
    dir,
    resize(size) {
      const error = run('mount', ['-o', `remount,size=${Math.round(size * 1024)}k`, dir]);
      if (error) throw new Error(`cannot resize the tmpfs at ${dir}: ${error}`);
    },
    remove() {
      run('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

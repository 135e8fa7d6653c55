/**
 * Where `faultline export --out` puts the finished file. A regular file (or a new path) gets it by a
 * rename, so it appears only when complete. `-` (stdout), /dev/stdout, a FIFO or another device
 * cannot be renamed over — that replaced the device with a plain file, and a FIFO's reader waited
 * forever — so the finished file is streamed into them instead. A directory is refused up front.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FaultlineError } from '../../src-shared/errors.ts';
import { tempFileFor } from '../core/export/run-export.ts';
import { UsageError } from './usage.ts';

export type ExportTarget =
  | { kind: 'file'; path: string; label: string }
  /** `path` undefined: this process's stdout. */
  | { kind: 'stream'; path: string | undefined; label: string };

/** Paths that name a process's descriptors or devices, whatever they point at now. */
const DEVICE_PATH = /^\/(?:dev|proc)\//;

export function exportTarget(out: string): ExportTarget {
  if (out === '-') return { kind: 'stream', path: undefined, label: 'stdout' };
  const resolved = path.resolve(out);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined; // a new file (or one we cannot see: writing it says why)
  }
  if (stat?.isDirectory()) throw new UsageError(`--out ${out} is a directory: name a file to write`);
  if (DEVICE_PATH.test(resolved) || (stat && !stat.isFile()))
    return { kind: 'stream', path: resolved, label: resolved };
  return { kind: 'file', path: resolved, label: resolved };
}

/**
 * Fails before any work (a server's whole export among it) when a file target cannot be written:
 * the folder it goes in — or the nearest one that exists, as the folders missing are created — is
 * not a folder, or not writable by this user.
 */
export function assertWritable(target: ExportTarget): void {
  if (target.kind !== 'file') return;
  let dir = path.dirname(target.path);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new Error(`cannot write ${target.path}: ${(error as Error).message}`);
  }
}

/**
 * Runs `write` with the path the export should be written to: the target itself for a file (the
 * export renames its temp file into place), else a file in a private temp dir, streamed into the
 * target once complete and removed whatever happens.
 */
export async function writeTo<T>(target: ExportTarget, write: (file: string) => Promise<T>): Promise<T> {
  if (target.kind === 'file') return write(target.path);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-export-'));
  try {
    const result = await write(path.join(dir, 'export'));
    await streamInto(path.join(dir, 'export'), target, dir);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Hands a finished file (the server's, in DATA_DIR/exports) to the target; the file is used up. */
export async function deliver(finished: string, target: ExportTarget): Promise<void> {
  if (target.kind === 'stream') {
    try {
      await streamInto(finished, target);
    } finally {
      fs.rmSync(finished, { force: true });
    }
    return;
  }
  try {
    moveInto(finished, target.path);
  } catch (error) {
    throw new FaultlineError(
      'internal',
      `cannot write ${target.path}: ${(error as Error).message}. The finished export is at ${finished} until the server stops`,
    );
  }
}

/** A rename, or a copy then a rename across file systems. */
function moveInto(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temp = tempFileFor(to);
    try {
      fs.copyFileSync(from, temp);
      fs.renameSync(temp, to);
    } finally {
      fs.rmSync(temp, { force: true });
    }
    fs.rmSync(from, { force: true });
  }
}

/** Streams `from` into the target; `remove` (the file, or the temp dir holding it) is deleted first. */
async function streamInto(
  from: string,
  target: ExportTarget & { kind: 'stream' },
  remove = from,
): Promise<void> {
  const fd = fs.openSync(from, 'r');
  // Unlinked while open: the bytes go away with the descriptor, however this process ends
  // (Ctrl-C while a slow reader takes them, the reader closing the pipe).
  try {
    fs.rmSync(remove, { recursive: true, force: true });
  } catch {
    // A system that cannot unlink an open file: the caller removes it afterwards.
  }
  const source = fs.createReadStream('', { fd });
  if (target.path === undefined) await pipeline(source, process.stdout, { end: false });
  // Appending: /dev/stdout redirected with `>>` keeps what the file held.
  else await pipeline(source, fs.createWriteStream(target.path, { flags: 'a' }));
}

/** Starts the real `bin/faultline serve` in a temp data dir, as a user would, and waits for server.json. */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'faultline');

export interface ServerInfo {
  url: string;
  port: number;
  token: string;
  dsn: string;
  pid: number;
}

export interface RunningServe {
  dataDir: string;
  info: ServerInfo;
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const created = new Set<string>();

/** A new directory under the system's temp dir, removed after the test file (test/support/cleanup.ts). */
export function tempDir(prefix = 'faultline-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Removes the directories `tempDir` made (a test run used to leave gigabytes of them behind). */
export function removeTempDirs(): void {
  for (const dir of created) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Still held open (Windows): the system's temp cleanup takes it later.
    }
  }
  created.clear();
}

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('out/main/cli.js is missing: run `npm run build` first (npm test does this)');
  }
}

export async function startServe(
  options: { dataDir?: string; args?: string[]; timeoutMs?: number } = {},
): Promise<RunningServe> {
  assertBuilt();
  const dataDir = options.dataDir ?? tempDir();
  const infoFile = path.join(dataDir, 'server.json');
  fs.rmSync(infoFile, { force: true });
  const proc = spawn(
    process.execPath,
    [BIN, 'serve', '--data-dir', dataDir, ...(options.args ?? ['--port', '0'])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let info: ServerInfo | undefined;
  while (!info) {
    if (proc.exitCode !== null) throw new Error(`faultline serve exited with ${proc.exitCode}: ${err}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`faultline serve did not write server.json in time: ${err}`);
    }
    try {
      const written = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as ServerInfo;
      // server.json comes first, then the lines on stdout: ready means both are there.
      if (out.includes(written.dsn)) info = written;
    } catch {
      // not written yet
    }
    if (!info) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    dataDir,
    info,
    proc,
    stdout: () => out,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Every file of a dir with the SHA-256 of its content. */
export function filesFingerprint(dir: string): Map<string, string> {
  return new Map(
    fs
      .readdirSync(dir)
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .map((name) => [
        name,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, name)))
          .digest('hex'),
      ]),
  );
}

/**
 * `DATA_DIR/server.json`: how other commands (and tests) find a running `faultline serve`.
 * Mode 0600 because it holds the RPC token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FaultlineError } from '../../src-shared/errors.ts';
import { dataDirLocked } from '../core/store/data-dir-lock.ts';

export interface ServerInfo {
  url: string;
  port: number;
  token: string;
  dsn: string;
  pid: number;
}

export const SERVER_INFO_FILE = 'server.json';

export function writeServerInfo(dataDir: string, info: ServerInfo): string {
  const file = path.join(dataDir, SERVER_INFO_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return file;
}

export function removeServerInfo(dataDir: string, pid: number = process.pid): void {
  const info = readServerInfo(dataDir);
  if (info?.pid === pid) fs.rmSync(path.join(dataDir, SERVER_INFO_FILE), { force: true });
}

export function readServerInfo(dataDir: string): ServerInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_INFO_FILE), 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

/**
 * server.json names a live server only if the data dir is locked and its process still exists: a
 * server killed with -9 leaves the file behind, and its pid may since belong to another program.
 */
export function liveServerInfo(dataDir: string): ServerInfo | undefined {
  const info = readServerInfo(dataDir);
  if (!info || typeof info.pid !== 'number' || typeof info.url !== 'string') return undefined;
  if (!dataDirLocked(dataDir)) return undefined;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/**
 * For commands that open the stores themselves when no server is found: a Faultline server.json
 * does not name (the desktop app, an import, a server whose server.json was removed) holds the
 * event index, and DuckDB's lock error would not say so.
 */
export function assertDataDirFree(dataDir: string): void {
  if (dataDirLocked(dataDir))
    throw new FaultlineError(
      'unavailable',
      `another Faultline is using the data dir ${dataDir} and server.json does not name it (the desktop app, an import, or a server whose server.json was removed): run this once it has stopped, or restart the server`,
    );
}

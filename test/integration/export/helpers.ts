/** A seeded core for the export and import tests, and what "the same issues" means when comparing. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Core } from '../../../src-main/core/core.ts';
import { waitUntilProcessed } from '../../../src-main/core/import/registry.ts';
import type { SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import type { ExportProgress } from '../../../src-shared/export-api.ts';
import { callApi as call, startCore as startCoreIn } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';

/** Calls an API method on a core (test/support/core.ts). */
export { call };

const run = promisify(execFile);
export const SDK_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'sdk-errors.ts');
/** SDK captures shipped with the project. */
export const SAMPLE_ENVELOPES = path.resolve(import.meta.dirname, '../../../resources/sample-envelopes');

export function startCore(dataDir = tempDir('faultline-export-')): Promise<Core> {
  return startCoreIn(dataDir);
}

/** Real SDK events and the shipped captures, through HTTP ingest and the pipeline. */
export async function seedCore(core: Core, rounds = 3): Promise<string[]> {
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const { stdout } = await run(process.execPath, [SDK_FIXTURE, dsn, String(rounds)], { timeout: 60_000 });
  const key = core.ctx.projects.get(1)?.keys[0]?.publicKey ?? '';
  for (const name of fs.readdirSync(SAMPLE_ENVELOPES).filter((n) => n.endsWith('.envelope'))) {
    const response = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
      method: 'POST',
      body: fs.readFileSync(path.join(SAMPLE_ENVELOPES, name)),
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status} for ${name}`);
  }
  await settle(core);
  return stdout.trim().split('\n').filter(Boolean);
}

/** Waits until the queue is empty: everything sent so far is stored. */
export async function settle(core: Core): Promise<void> {
  // Nothing is sent meanwhile: every row there is, whatever its id.
  await waitUntilProcessed(core.ctx, Number.MAX_SAFE_INTEGER);
}

/** Waits for an export to finish (through `export.status`, as the CLI does). */
export async function waitForExport(
  core: Core,
  exportId: string,
  timeoutMs = 60_000,
): Promise<ExportProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await call(core, 'export.status', { exportId });
    if (progress.state !== 'running') return progress;
    if (Date.now() > deadline) throw new Error(`export ${exportId} still running`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface IssueSnapshot {
  shortId: number;
  title: string;
  culprit: string;
  level: number;
  timesSeen: number;
  usersSeen: number;
  firstSeen: number;
  lastSeen: number;
  hashes: string[];
  events: Array<{ eventId: string; primaryHash: string | null; timestamp: number }>;
}

/** Every issue of a project as a user sees it: attributes, counts, hashes and its events. */
export function issuesOf(core: Core | SqliteDb, projectId = 1): IssueSnapshot[] {
  const db = 'ctx' in core ? core.ctx.db : core;
  const groups = db
    .prepare<[number], Record<string, number | string>>(
      `SELECT id, short_id, title, culprit, level, times_seen, users_seen, first_seen, last_seen
       FROM groups WHERE project_id = ? ORDER BY short_id`,
    )
    .all(projectId);
  return groups.map((g) => ({
    shortId: Number(g.short_id),
    title: String(g.title),
    culprit: String(g.culprit),
    level: Number(g.level),
    timesSeen: Number(g.times_seen),
    usersSeen: Number(g.users_seen),
    firstSeen: Number(g.first_seen),
    lastSeen: Number(g.last_seen),
    hashes: db
      .prepare<[number], { hash: string }>('SELECT hash FROM group_hashes WHERE group_id = ? ORDER BY hash')
      .all(Number(g.id))
      .map((row) => row.hash),
    events: db
      .prepare<[number], { event_id: string; primary_hash: string | null; timestamp: number }>(
        'SELECT event_id, primary_hash, timestamp FROM events WHERE group_id = ? ORDER BY event_id',
      )
      .all(Number(g.id))
      .map((row) => ({ eventId: row.event_id, primaryHash: row.primary_hash, timestamp: row.timestamp })),
  }));
}

/** Sends a file to `import.begin/chunk/end` in chunks, as the CLI and the browser do. */
export async function importFile(
  core: Core,
  name: string,
  content: Buffer,
  options: { projectId?: number; chunkBytes?: number } = {},
) {
  const { importId } = await call(core, 'import.begin', {
    name,
    ...(options.projectId !== undefined ? { projectId: options.projectId } : {}),
  });
  const size = options.chunkBytes ?? 256 * 1024;
  for (let offset = 0; offset < content.length; offset += size)
    await call(core, 'import.chunk', {
      importId,
      base64: content.subarray(offset, offset + size).toString('base64'),
    });
  return call(core, 'import.end', { importId });
}

/** RFC 4180 CSV (quoted cells may hold commas, quotes and newlines) → rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/**
 * "Clear data" of the Settings page: every event, issue, attachment, stored item and outcome of
 * the data dir goes; projects, keys, settings and saved queries stay. Envelopes still waiting in
 * the ingest queue were sent after the click and are processed as usual.
 */
import fs from 'node:fs';
import type { ClearResult } from '../../../src-shared/settings-api.ts';
import type { PipelineStores } from '../pipeline/process-batch.ts';

/** SQLite tables of event data, children before parents (foreign keys are on). */
const SQLITE_TABLES = [
  'attachments',
  'item_store',
  'nodestore',
  'events',
  'activity',
  'group_hashes',
  'group_users',
  'group_hourly',
  'group_snoozes',
  'group_resolutions',
  'groups',
  'group_tombstones',
  'releases',
  'project_counters',
  'outcomes',
  // The environments the events and items named (environments/store.ts).
  'environment_projects',
  'environments',
] as const;

const INDEX_TABLES = ['errors', 'groupedmessage', 'groupassignee', 'group_attributes'] as const;

/**
 * Deleted rows leave their pages free inside faultline.sqlite, which stayed as large as before:
 * clearing a 5 GB data dir freed nothing on disk. VACUUM rewrites the file with what is left
 * (projects, keys, settings: little, so it is quick), and the WAL it wrote is cut back.
 */
function giveSpaceBack(db: PipelineStores['db']): void {
  try {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A reader held on (SQLITE_BUSY): the free pages are reused by new events instead.
  }
}

export async function clearData(stores: PipelineStores): Promise<ClearResult & { projects: number[] }> {
  const { db } = stores;
  await stores.index.exclusive(async (writer) => {
    for (const table of INDEX_TABLES) await writer.run(`DELETE FROM ${table}`);
    await writer.run('CHECKPOINT');
  });
  const result = db
    .transaction(() => {
      const count = (table: string) =>
        (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const counts = { deletedEvents: count('events'), deletedGroups: count('groups') };
      for (const table of SQLITE_TABLES) db.prepare(`DELETE FROM ${table}`).run();
      return counts;
    })
    .immediate();
  stores.environments.forget();
  // Rows first, files after: a crash in between leaves files nothing names, never the reverse.
  fs.rmSync(stores.attachments.root, { recursive: true, force: true });
  giveSpaceBack(db);
  const projects = db
    .prepare<[], { id: number }>('SELECT id FROM projects')
    .all()
    .map((row) => row.id);
  return { ...result, projects };
}

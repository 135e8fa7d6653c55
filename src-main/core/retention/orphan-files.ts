/**
 * Attachment files that no `attachments` row names: a crash after a delete's commit and before its
 * unlinks left them (retention, merge & delete, Clear data), and a crash while writing one its
 * `.tmp`. Nothing would ever delete them. The sweep runs between batches, when no file is written
 * without its row committed, so each of these is garbage.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineStores } from '../pipeline/process-batch.ts';
import { stmt } from '../store/statements.ts';

/** `<root>/ab/` holds `cdef…` (62 hex digits), or `cdef….<pid>.tmp` while one is written. */
const SHARD = /^[0-9a-f]{2}$/;
const FILE = /^([0-9a-f]{62})(\.\d+\.tmp)?$/;

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Deletes them; returns how many. */
export function removeOrphanFiles(stores: PipelineStores): number {
  const root = stores.attachments.root;
  const shards = entries(root).filter((name) => SHARD.test(name));
  if (shards.length === 0) return 0;
  const named = new Set(
    stmt<[], { sha256: string }>(stores.db, 'SELECT DISTINCT sha256 FROM attachments')
      .all()
      .map((row) => row.sha256),
  );
  let removed = 0;
  for (const shard of shards) {
    for (const name of entries(path.join(root, shard))) {
      const match = FILE.exec(name);
      if (!match || (!match[2] && named.has(`${shard}${match[1]}`))) continue;
      fs.rmSync(path.join(root, shard, name), { force: true });
      removed++;
    }
  }
  return removed;
}

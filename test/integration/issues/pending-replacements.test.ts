/**
 * A merge, unmerge or delete commits in SQLite first and updates the event index after. A crash in
 * between must not leave SnQL naming the old groups: the replacement is recorded with the SQLite
 * change and finished when the worker starts again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { deleteGroups, mergeGroups, unmergeHashes } from '../../../src-main/core/issues/merge.ts';
import { pendingReplacements, withReplacement } from '../../../src-main/core/issues/pending-replacements.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { callApi, indexCountsByGroup, startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sendEvents } from '../retention/send.ts';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

/** Two issues of 2 and 1 events; returns their ids, larger first, and the stopped data dir. */
async function twoIssues(): Promise<{ dataDir: string; large: number; small: number }> {
  const dataDir = tempDir();
  const c = await startCore(dataDir);
  const now = Date.now();
  await sendEvents(c, [
    { type: 'LargeError', value: 'a', at: now - 3000 },
    { type: 'LargeError', value: 'b', at: now - 2000 },
    { type: 'SmallError', value: 'c', at: now - 1000 },
  ]);
  const { issues } = await callApi(c, 'issues.list', { projectId: 1, query: '', sort: 'freq' });
  const [large, small] = issues.map((issue) => issue.id);
  if (large === undefined || small === undefined) throw new Error('expected two issues');
  expect(await indexCountsByGroup(c)).toEqual({ [large]: 2, [small]: 1 });
  await c.close();
  return { dataDir, large, small };
}

/** What the worker does before the index side: the SQLite change, with its replacement recorded. Then the "crash". */
function changeOnlySqlite(dataDir: string, change: (db: ReturnType<typeof openSqlite>) => void): void {
  const db = openSqlite(dataDir);
  try {
    change(db);
    expect(pendingReplacements(db)).toHaveLength(1);
  } finally {
    db.close();
  }
}

describe('a crash between the SQLite change and the event index', () => {
  it('a merge is finished in the event index when the worker starts again', async () => {
    const { dataDir, large, small } = await twoIssues();
    changeOnlySqlite(dataDir, (db) =>
      withReplacement(
        db,
        () => mergeGroups(db, 1, [large, small], Date.now()),
        (merged) => merged && { kind: 'merge', projectId: 1, ...merged },
      ),
    );
    core = await startCore(dataDir);
    await core.ctx.pipeline.call('pipeline.drain', {});
    await expect.poll(() => indexCountsByGroup(core as Core), { timeout: 5000 }).toEqual({ [large]: 3 });
    const db = openSqlite(dataDir);
    expect(pendingReplacements(db)).toEqual([]);
    db.close();
  });

  it('an unmerge and a delete are finished too', async () => {
    const { dataDir, large, small } = await twoIssues();
    // Merged properly first, then an unmerge that crashed halfway.
    core = await startCore(dataDir);
    await callApi(core, 'issues.merge', { projectId: 1, groupIds: [large, small] });
    const { hashes } = await callApi(core, 'issues.get', { groupId: large });
    const smallHash = hashes.find((hash) => hash.events === 1)?.hash ?? '';
    await core.close();
    core = undefined;
    let destination = 0;
    changeOnlySqlite(dataDir, (db) => {
      const { result } = withReplacement(
        db,
        () => unmergeHashes(db, 1, large, [smallHash], Date.now()),
        (done) => done && { kind: 'unmerge', projectId: 1, ...done },
      );
      destination = result?.destinationId ?? 0;
    });
    core = await startCore(dataDir);
    await core.ctx.pipeline.call('pipeline.drain', {});
    await expect
      .poll(() => indexCountsByGroup(core as Core), { timeout: 5000 })
      .toEqual({ [large]: 2, [destination]: 1 });
    await core.close();
    core = undefined;

    changeOnlySqlite(dataDir, (db) =>
      withReplacement(
        db,
        () => deleteGroups(db, 1, [destination], { discard: false, now: Date.now() }),
        ({ ids }) => ({ kind: 'delete', projectId: 1, groupIds: ids }),
      ),
    );
    core = await startCore(dataDir);
    await core.ctx.pipeline.call('pipeline.drain', {});
    await expect.poll(() => indexCountsByGroup(core as Core), { timeout: 5000 }).toEqual({ [large]: 2 });
  });
});

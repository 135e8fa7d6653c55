/**
 * "Resolve in the next release" and "resolve in release X" as Sentry's GroupResolution: the
 * resolution remembers the project's releases at that moment, and only an event of a newer
 * release brings the issue back (by version when the project follows semver, else by the date a
 * release was first seen). Events go through a real core over HTTP.
 */
import { expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { followsSemver, recordRelease } from '../../../src-main/core/issues/releases.ts';
import { updateStatus } from '../../../src-main/core/issues/status.ts';
import { MIGRATIONS } from '../../../src-main/core/store/migrations.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { migrate } from '../../../src-main/core/store/sqlite-file.ts';
import type { IssueStatusUpdate } from '../../../src-shared/issues-api.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';

const start = coreForEachTest();
const HOUR = 3_600_000;

/** Sends one event of the issue `issue` (by fingerprint) in `release`, happened at `at` (ms). */
async function send(core: Core, issue: string, release: string | undefined, at = Date.now()): Promise<void> {
  const key = core.ctx.projects.get(1)?.keys[0]?.publicKey;
  const reply = await fetch(`${core.url}/api/1/store/?sentry_key=${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fingerprint: [issue], message: issue, release, timestamp: at / 1000 }),
  });
  expect(reply.status).toBe(200);
  await core.ctx.pipeline.call('pipeline.drain', {});
}

async function issueOf(core: Core, title: string) {
  const list = await callApi(core, 'issues.list', { projectId: 1, query: '', period: '14d' });
  const found = list.issues.find((issue) => issue.title === title);
  if (!found) throw new Error(`no issue ${title}`);
  return callApi(core, 'issues.get', { groupId: found.id });
}

async function resolve(core: Core, title: string, update: IssueStatusUpdate) {
  const issue = await issueOf(core, title);
  await callApi(core, 'issues.update', { projectId: 1, groupIds: [issue.id], update });
}

const statusOf = async (core: Core, title: string) => (await issueOf(core, title)).status;

it('resolved in the next release stays resolved on events of older or the same releases (by first seen), and regresses on a newer one', async () => {
  const core = await start();
  const now = Date.now();
  await send(core, 'crash', 'build-17', now - 3 * HOUR);
  await send(core, 'crash', 'build-18', now - 2 * HOUR);
  await resolve(core, 'crash', { status: 'resolvedInNextRelease' });
  expect((await issueOf(core, 'crash')).statusDetails).toEqual({ inNextRelease: 'build-18' });

  // A straggler still running the old build does not mean the fix failed.
  await send(core, 'crash', 'build-17');
  await send(core, 'crash', 'build-18');
  expect(await statusOf(core, 'crash')).toBe('resolved');

  await send(core, 'crash', 'build-19');
  const regressed = await issueOf(core, 'crash');
  expect(regressed).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
  // As Sentry's _handle_regression: the resolve's activity, which named no version ("the next
  // release"), learns the release that came next, and the regression names it as resolved in.
  expect(regressed.activity.find((entry) => entry.type === 'set_regression')?.data).toMatchObject({
    version: 'build-19',
    resolved_in_version: 'build-19',
    follows_semver: false,
  });
  expect(regressed.activity.find((entry) => entry.type === 'set_resolved_in_release')?.data).toMatchObject({
    version: 'build-19',
  });
});

it('in a project that follows semver, the next release is a greater version: a release first seen later with a lower version does not regress it', async () => {
  const core = await start();
  const now = Date.now();
  await send(core, 'other', 'shop@1.2.0', now - 4 * HOUR);
  await send(core, 'crash', 'shop@1.9.0', now - 3 * HOUR);
  await send(core, 'other', 'shop@1.10.0', now - 2 * HOUR);
  // The issue was last seen in 1.9.0; the project's greatest version is 1.10.0.
  await resolve(core, 'crash', { status: 'resolvedInNextRelease' });
  expect((await issueOf(core, 'crash')).statusDetails).toEqual({ inNextRelease: 'shop@1.10.0' });

  await send(core, 'crash', 'shop@1.9.1'); // new, but a lower version
  await send(core, 'crash', 'shop@1.10.0');
  expect(await statusOf(core, 'crash')).toBe('resolved');

  await send(core, 'crash', 'shop@1.10.1');
  expect(await statusOf(core, 'crash')).toBe('unresolved');
});

it('resolved in the next release by date: a release already seen after the issue\u2019s own is the next one, and its events regress it', async () => {
  const core = await start();
  const now = Date.now();
  await send(core, 'crash', 'build-1', now - 3 * HOUR);
  await send(core, 'other', 'build-2', now - 2 * HOUR);
  await resolve(core, 'crash', { status: 'resolvedInNextRelease' });
  const resolved = await issueOf(core, 'crash');
  expect(resolved.statusDetails).toEqual({ inNextRelease: 'build-1' });
  expect(resolved.activity.find((entry) => entry.type === 'set_resolved_in_release')?.data).toMatchObject({
    version: 'build-2',
  });

  await send(core, 'crash', 'build-1');
  expect(await statusOf(core, 'crash')).toBe('resolved');
  await send(core, 'crash', 'build-2');
  expect(await statusOf(core, 'crash')).toBe('unresolved');
});

it('resolved in release X: older releases keep it resolved, X itself regresses it; an unknown release is refused', async () => {
  const core = await start();
  const now = Date.now();
  await send(core, 'crash', 'shop@1.0.0', now - 3 * HOUR);
  await send(core, 'other', 'shop@2.0.0', now - 2 * HOUR);
  await expect(resolve(core, 'crash', { status: 'resolved', inRelease: 'shop@3.0.0' })).rejects.toMatchObject(
    {
      type: 'invalid_params',
    },
  );
  expect(await statusOf(core, 'crash')).toBe('unresolved');

  await resolve(core, 'crash', { status: 'resolved', inRelease: 'shop@2.0.0' });
  expect((await issueOf(core, 'crash')).statusDetails).toEqual({ inRelease: 'shop@2.0.0' });
  await send(core, 'crash', 'shop@1.0.0');
  await send(core, 'crash', 'shop@1.5.0'); // first seen now, but a lower version than the fix
  expect(await statusOf(core, 'crash')).toBe('resolved');
  await send(core, 'crash', 'shop@2.0.0');
  expect(await statusOf(core, 'crash')).toBe('unresolved');
});

it('a project follows semver as Sentry decides from its last ten releases', () => {
  const db = openSqlite(tempDir());
  try {
    const follows = (releases: string[]) => {
      db.exec('DELETE FROM releases');
      for (const [i, release] of releases.entries()) recordRelease(db, 1, release, i);
      return followsSemver(db, 1);
    };
    expect(follows([])).toBe(false);
    expect(follows(['build-1', 'shop@1.0.0'])).toBe(true); // two or fewer: the newest decides
    expect(follows(['shop@1.0.0', 'build-1'])).toBe(false);
    expect(follows(['shop@1.0.0', 'build-1', 'build-2', 'build-3'])).toBe(false); // none in the last three
    expect(follows(['build-1', 'shop@1.0.0', 'build-2', 'build-3'])).toBe(true);
    const tenWithTwo = ['shop@1.0.0', ...Array.from({ length: 7 }, (_, i) => `b-${i}`), 'shop@1.1.0', 'b-x'];
    expect(follows(tenWithTwo)).toBe(false); // ten need three semver releases
    expect(follows(['shop@0.9.0', 'shop@1.0.0', ...tenWithTwo.slice(2)])).toBe(true);
  } finally {
    db.close();
  }
});

it('an issue resolved in the next release before releases were kept still waits for a release newer than its own', () => {
  const dataDir = tempDir();
  const db = openSqlite(dataDir);
  try {
    const t0 = Date.UTC(2026, 0, 1);
    const other = assignAndRecord(db, 1, ['b'], nthEvent(1, ['b'], t0, { release: 'build-1' }));
    const crash = assignAndRecord(db, 1, ['a'], nthEvent(2, ['a'], t0, { release: 'build-2' }));
    updateStatus(
      db,
      1,
      [crash.assignment.kind === 'group' ? crash.assignment.groupId : 0],
      { status: 'resolvedInNextRelease' },
      t0 + 10_000,
    );
    // As a data dir of the version before: no releases table, the resolution naming the issue's release.
    db.exec(`DROP TABLE releases;
      ALTER TABLE group_resolutions DROP COLUMN current_release_version;
      UPDATE group_resolutions SET type = 'in_next_release', release = 'build-2';
      DROP TABLE release_details;
      DROP TABLE release_deploys;
      DELETE FROM schema_migrations WHERE name IN ('0106_releases', '0119_release_management');`);
    migrate(db, MIGRATIONS);
    expect(other.record?.change).toBe('new');
    const at = (n: number, release: string) =>
      assignAndRecord(db, 1, ['a'], nthEvent(n, ['a'], t0 + 20_000, { release })).record?.change;
    expect(at(3, 'build-1')).toBe('counted');
    expect(at(4, 'build-2')).toBe('counted');
    expect(at(5, 'build-3')).toBe('regressed');
  } finally {
    db.close();
  }
});

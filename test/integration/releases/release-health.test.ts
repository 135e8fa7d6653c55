/**
 * `releases.health` through a real core, fed by real SDKs: @sentry/node 11 sessions started and
 * ended by hand (one with a crash), Python's sentry_sdk application sessions and request-mode
 * aggregates, and the corpus's captured session envelopes.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { MAX_SESSION_ITEMS_SCANNED, type ReleaseHealth } from '../../../src-shared/releases-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';
import { sendSessionsWithSdk } from '../../support/sessions.ts';

const run = promisify(execFile);
const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const CORPUS_SESSIONS = ['node-v11-session.envelope', 'browser-v11-session.envelope'].map((name) =>
  path.join(CORPUS, name),
);
const corpusMissing = CORPUS_SESSIONS.find((file) => !fs.existsSync(file));
if (corpusMissing) console.warn(`skipping the corpus session test: ${corpusMissing} is absent`);
const noPython = pythonSdkMissing();
if (noPython) console.warn(`skipping the Python session test: ${noPython}`);

function byVersion(releases: ReleaseHealth[], version: string): ReleaseHealth {
  const release = releases.find((r) => r.version === version);
  if (!release) throw new Error(`no release ${version} in ${releases.map((r) => r.version).join(', ')}`);
  return release;
}

describe('releases.health', () => {
  const start = coreForEachTest();

  it('counts @sentry/node sessions once per sid, with crash-free rates, new issues and a release only sessions name', async () => {
    const core = await start();
    const dsn = core.ctx.projects.defaultDsn(1) ?? '';
    await sendSessionsWithSdk(dsn, 'health-app@1.0.0', true);
    await sendSessionsWithSdk(dsn, 'only-sessions@2.0.0');
    await core.ctx.pipeline.call('pipeline.drain', {});

    const { releases, partial } = await callApi(core, 'releases.health', { projectId: 1 });
    expect(partial).toBe(false);
    // Newest first: the sessions-only release came later.
    expect(releases.map((r) => r.version)).toEqual(['only-sessions@2.0.0', 'health-app@1.0.0']);
    const app = byVersion(releases, 'health-app@1.0.0');
    // Six session updates (init, exit; init, error, crash, end) are two sessions.
    expect(app.sessions).toEqual({ total: 2, healthy: 1, errored: 0, crashed: 1, abnormal: 0 });
    expect(app.users).toEqual({ total: 2, crashed: 1 });
    expect(app.crashFreeSessions).toBe(50);
    expect(app.crashFreeUsers).toBe(50);
    expect(app.events).toBe(2);
    const issues = await callApi(core, 'issues.list', {
      projectId: 1,
      query: 'first_release:"health-app@1.0.0"',
    });
    expect(app.newIssues).toBeGreaterThan(0);
    expect(app.newIssues).toBe(issues.issues.length);
    expect(Date.parse(app.lastSeen)).toBeGreaterThan(Date.parse(app.firstSeen));

    const only = byVersion(releases, 'only-sessions@2.0.0');
    expect(only).toMatchObject({
      newIssues: 0,
      events: 0,
      sessions: { total: 1, healthy: 1, errored: 0, crashed: 0, abnormal: 0 },
      users: { total: 1, crashed: 0 },
      crashFreeSessions: 100,
      crashFreeUsers: 100,
    });

    const searched = await callApi(core, 'releases.health', { projectId: 1, query: 'APP@1' });
    expect(searched.releases.map((r) => r.version)).toEqual(['health-app@1.0.0']);
    const limited = await callApi(core, 'releases.health', { projectId: 1, limit: 1 });
    expect(limited.releases.map((r) => r.version)).toEqual(['only-sessions@2.0.0']);
    await expect(callApi(core, 'releases.health', { projectId: 99 })).rejects.toThrow(
      'project 99 does not exist',
    );
  });

  it('counts every event of a release, also those received after it was first seen that happened before', async () => {
    const core = await start();
    const HOUR = 3_600_000;
    // The first event that names the release happened an hour ago; two more, received after it,
    // happened two and three days ago (an SDK's offline queue): the release has three events.
    for (const [fingerprint, ageMs] of [
      ['late-queue-a', HOUR],
      ['late-queue-a', 48 * HOUR],
      ['late-queue-b', 72 * HOUR],
    ] as const) {
      const eventId = crypto.randomUUID().replaceAll('-', '');
      const event = {
        event_id: eventId,
        timestamp: (Date.now() - ageMs) / 1000,
        release: 'queued@1.0',
        fingerprint: [fingerprint],
        message: fingerprint,
      };
      await sendEnvelope(
        core,
        [
          JSON.stringify({ event_id: eventId }),
          JSON.stringify({ type: 'event' }),
          JSON.stringify(event),
        ].join('\n'),
      );
    }
    const { releases } = await callApi(core, 'releases.health', { projectId: 1 });
    const release = byVersion(releases, 'queued@1.0');
    expect(release.newIssues).toBe(2);
    expect(release.events).toBe(3);
    const snql = await callApi(core, 'snql.query', {
      query: `MATCH (events) SELECT count() AS c WHERE project_id = 1 AND release = 'queued@1.0' AND timestamp >= toDateTime('${new Date(Date.now() - 96 * HOUR).toISOString().slice(0, 19)}') AND timestamp < toDateTime('${new Date(Date.now() + HOUR).toISOString().slice(0, 19)}')`,
    });
    expect('data' in snql ? snql.data : snql).toEqual([{ c: 3 }]);
  });

  it('reads only the newest MAX_SESSION_ITEMS_SCANNED session items and says so', async () => {
    const core = await start();
    // Stored as the pipeline stores a session update: one session per row, a crashed one oldest.
    const insert = core.ctx.db.prepare(
      "INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'session', ?, ?)",
    );
    const now = Date.now();
    core.ctx.db.transaction(() => {
      for (let n = 0; n <= MAX_SESSION_ITEMS_SCANNED; n++) {
        const started = new Date(now - 60_000 + n).toISOString();
        const update = {
          sid: `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
          init: true,
          started,
          timestamp: started,
          status: n === 0 ? 'crashed' : 'exited',
          errors: n === 0 ? 1 : 0,
          attrs: { release: 'busy@1.0.0' },
        };
        insert.run(now + n, encodeNode({ headers: { type: 'session' }, body: update }));
      }
    })();
    const { releases, partial } = await callApi(core, 'releases.health', { projectId: 1 });
    expect(partial).toBe(true);
    // The crashed session is the one not read.
    expect(releases).toEqual([
      expect.objectContaining({
        version: 'busy@1.0.0',
        sessions: {
          total: MAX_SESSION_ITEMS_SCANNED,
          healthy: MAX_SESSION_ITEMS_SCANNED,
          errored: 0,
          crashed: 0,
          abnormal: 0,
        },
        crashFreeSessions: 100,
      }),
    ]);
  });

  it.skipIf(noPython !== undefined)(
    'adds Python request-mode aggregates to its application sessions',
    async () => {
      const core = await start();
      const fixture = path.join(import.meta.dirname, 'fixtures', 'python-sessions.py');
      await run(PYTHON, [fixture, core.ctx.projects.defaultDsn(1) ?? ''], { timeout: 30_000 });
      await core.ctx.pipeline.call('pipeline.drain', {});
      const { releases } = await callApi(core, 'releases.health', { projectId: 1 });
      expect(releases.map((r) => r.version)).toEqual(['py-health@3.0.0']);
      const [release] = releases;
      // Two application sessions (one errored) and three request sessions (one errored).
      expect(release?.sessions).toEqual({ total: 5, healthy: 3, errored: 2, crashed: 0, abnormal: 0 });
      expect(release?.users).toEqual({ total: 2, crashed: 0 });
      expect(release?.crashFreeSessions).toBe(100);
      expect(release?.newIssues).toBe(2);
    },
  );

  it.skipIf(corpusMissing !== undefined)('lists the corpus sessions’ release with no users', async () => {
    const core = await start();
    for (const file of CORPUS_SESSIONS) await sendEnvelope(core, fs.readFileSync(file));
    const { releases } = await callApi(core, 'releases.health', { projectId: 1 });
    expect(releases).toEqual([
      expect.objectContaining({
        version: 'capture-test@1.0.0',
        newIssues: 0,
        events: 0,
        // The node session reported an error while still `ok`: errored.
        sessions: { total: 2, healthy: 1, errored: 1, crashed: 0, abnormal: 0 },
        users: { total: 0, crashed: 0 },
        crashFreeSessions: 100,
        crashFreeUsers: null,
      }),
    ]);
  });
});

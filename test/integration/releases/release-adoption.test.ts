/**
 * Release health details Sentry derives from the session metrics Relay extracts: a release's
 * adoption (its share of the project's sessions and users whose sessions started in the last 24
 * hours), a nil distinct id that is no user, and a status Relay does not know that counts as an
 * error. Fed by the real @sentry/node SDK and by session envelopes through ingest.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseHealth } from '../../../src-shared/releases-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';
import { sendSessionsWithSdk } from '../../support/sessions.ts';

const HOUR = 3_600_000;

function sessionEnvelope(update: Record<string, unknown>): string {
  return `{"sent_at":"${new Date().toISOString()}"}\n{"type":"session"}\n${JSON.stringify(update)}\n`;
}

function byVersion(releases: ReleaseHealth[], version: string): ReleaseHealth {
  const release = releases.find((r) => r.version === version);
  if (!release) throw new Error(`no release ${version} in ${releases.map((r) => r.version).join(', ')}`);
  return release;
}

describe('release adoption and session metrics', () => {
  const start = coreForEachTest();

  it("gives each release's share of the sessions and users of the last 24 hours", async () => {
    const core = await start();
    const dsn = core.ctx.projects.defaultDsn(1) ?? '';
    // Users u1 and u2, a session each; then u1 again on the next release.
    await sendSessionsWithSdk(dsn, 'app@1.0.0', true);
    await sendSessionsWithSdk(dsn, 'app@2.0.0');
    // A session that started two days ago: Relay takes it (up to 5 days), adoption leaves it out.
    const old = new Date(Date.now() - 48 * HOUR).toISOString();
    await sendEnvelope(
      core,
      sessionEnvelope({
        sid: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910',
        did: 'u3',
        init: true,
        started: old,
        timestamp: old,
        status: 'exited',
        attrs: { release: 'app@0.9.0' },
      }),
    );
    await core.ctx.pipeline.call('pipeline.drain', {});

    const { releases } = await callApi(core, 'releases.health', { projectId: 1 });
    expect(byVersion(releases, 'app@1.0.0').adoption).toEqual({
      sessions: (2 / 3) * 100,
      users: 100,
      sessions24h: 2,
      users24h: 2,
    });
    expect(byVersion(releases, 'app@2.0.0').adoption).toEqual({
      sessions: (1 / 3) * 100,
      users: 50,
      sessions24h: 1,
      users24h: 1,
    });
    expect(byVersion(releases, 'app@0.9.0')).toMatchObject({
      sessions: { total: 1 },
      adoption: { sessions: null, users: null, sessions24h: 0, users24h: 0 },
    });
  });

  it('counts no user for a nil distinct id, and a session with a status Relay does not know as errored', async () => {
    const core = await start();
    const now = new Date().toISOString();
    const session = (sid: string, did: string, status: string) =>
      sessionEnvelope({
        sid,
        did,
        init: true,
        started: now,
        timestamp: now,
        status,
        attrs: { release: 'odd@1' },
      });
    await sendEnvelope(
      core,
      session('0b6f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b', '00000000-0000-0000-0000-000000000000', 'exited'),
    );
    await sendEnvelope(core, session('1c7a2b3d-4e5f-4061-9b7c-8d9e0f1a2b3c', 'u9', 'frozen'));
    await core.ctx.pipeline.call('pipeline.drain', {});

    const { releases } = await callApi(core, 'releases.health', { projectId: 1 });
    expect(byVersion(releases, 'odd@1')).toMatchObject({
      sessions: { total: 2, healthy: 1, errored: 1, crashed: 0, abnormal: 0 },
      users: { total: 1, crashed: 0 },
      crashFreeSessions: 100,
      crashFreeUsers: 100,
    });
  });
});

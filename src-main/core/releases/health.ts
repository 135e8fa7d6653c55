/**
 * `releases.health`: a project's releases as Sentry's Releases page lists them. A release is one
 * an event named (the `releases` table, `issues/releases.ts`) or one only sessions name; newest
 * first by first seen. Per release: its new issues (groups whose first release it is), its error
 * events and latest one (the event index, through the pipeline worker's SnQL), and its sessions
 * (`sessions.ts`) with Sentry's crash-free rates: sessions 1 − crashed / total, users 1 − users
 * with a crashed session / users; and its adoption (`get_release_adoption`): its sessions and users of
 * the last 24 hours over the project's.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ReleaseAdoption, ReleaseHealth, ReleaseHealthList } from '../../../src-shared/releases-api.ts';
import type { SnqlResponse } from '../../../src-shared/snql-api.ts';
import type { CoreContext } from '../context.ts';
import { scopeConditions, snqlString } from '../http/sentry-api/snql-text.ts';
import { type RecentSessions, type ReleaseSessions, tallySessions } from './sessions.ts';

interface ReleaseSeen {
  version: string;
  firstSeen: number;
}

function eventReleases(ctx: CoreContext, projectId: number): ReleaseSeen[] {
  return ctx.db
    .prepare<[number], { version: string; date_added: number }>(
      'SELECT version, date_added FROM releases WHERE project_id = ? ORDER BY date_added DESC, id DESC',
    )
    .all(projectId)
    .map((row) => ({ version: row.version, firstSeen: row.date_added }));
}

function newIssues(ctx: CoreContext, projectId: number, versions: string[]): Map<string, number> {
  if (versions.length === 0) return new Map();
  const rows = ctx.db
    .prepare<unknown[], { first_release: string; n: number }>(
      `SELECT first_release, count(*) AS n FROM groups
       WHERE project_id = ? AND first_release IN (${versions.map(() => '?').join(', ')})
       GROUP BY first_release`,
    )
    .all(projectId, ...versions);
  return new Map(rows.map((row) => [row.first_release, row.n]));
}

/** Error events per release and the latest one, from the event index; empty when it cannot answer. */
async function eventStats(
  ctx: CoreContext,
  projectId: number,
  releases: ReleaseSeen[],
): Promise<Map<string, { events: number; last: number }> | undefined> {
  if (releases.length === 0) return new Map();
  // A release is first seen by the first event received that names it, and events received later
  // may have happened before (an SDK's queue, a backfill): the window starts at the project's earliest
  // event (its groups' first seen), not the releases' first seen, which left those out of the count.
  const earliest = ctx.db
    .prepare<[number], { t: number | null }>('SELECT min(first_seen) AS t FROM groups WHERE project_id = ?')
    .get(projectId)?.t;
  const where = [
    // Events may carry a time a little ahead of ours (Relay allows 60 s of clock skew).
    ...scopeConditions([projectId], {
      start: Math.min(earliest ?? Infinity, ...releases.map((r) => r.firstSeen)),
      end: Date.now() + 60_000,
    }),
    `release IN tuple(${releases.map((r) => snqlString(r.version)).join(', ')})`,
  ];
  const query = `MATCH (events) SELECT count() AS events, max(timestamp) AS last BY release WHERE ${where.join(' AND ')}`;
  const response = await ctx.pipeline.call<SnqlResponse>('snql.query', { query });
  if ('error' in response) return undefined;
  const out = new Map<string, { events: number; last: number }>();
  for (const row of response.data)
    out.set(String(row.release), { events: Number(row.events), last: Date.parse(String(row.last)) });
  return out;
}

const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : (1 - part / whole) * 100;

const share = (part: number, whole: number): number | null =>
  part === 0 || whole === 0 ? null : (part / whole) * 100;

function adoptionOf(release: RecentSessions | undefined, project: RecentSessions): ReleaseAdoption {
  const sessions24h = release?.sessions ?? 0;
  const users24h = release?.users.size ?? 0;
  return {
    sessions: share(sessions24h, project.sessions),
    users: share(users24h, project.users.size),
    sessions24h,
    users24h,
  };
}

function healthOf(
  release: ReleaseSeen,
  sessions: ReleaseSessions | undefined,
  project: RecentSessions,
  issues: number,
  events: { events: number; last: number } | undefined,
  indexRead: boolean,
): ReleaseHealth {
  const breakdown = sessions?.sessions ?? { total: 0, healthy: 0, errored: 0, crashed: 0, abnormal: 0 };
  const users = [...(sessions?.users.values() ?? [])];
  const crashedUsers = users.filter(Boolean).length;
  const lastSeen = Math.max(release.firstSeen, sessions?.lastSeen ?? 0, events?.last || 0);
  return {
    version: release.version,
    firstSeen: new Date(release.firstSeen).toISOString(),
    lastSeen: new Date(lastSeen).toISOString(),
    newIssues: issues,
    events: indexRead ? (events?.events ?? 0) : null,
    sessions: breakdown,
    users: { total: users.length, crashed: crashedUsers },
    crashFreeSessions: percent(breakdown.crashed, breakdown.total),
    crashFreeUsers: percent(crashedUsers, users.length),
    adoption: adoptionOf(sessions?.recent, project),
  };
}

export async function releaseHealth(
  ctx: CoreContext,
  { projectId, query, limit }: ApiParsedParams<'releases.health'>,
): Promise<ReleaseHealthList> {
  if (!ctx.projects.get(projectId))
    throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  const tally = tallySessions(ctx.db, projectId);
  const known = eventReleases(ctx, projectId);
  const seen = new Set(known.map((r) => r.version));
  // A release is first seen by its first event or its earliest session, whichever came first.
  for (const release of known)
    release.firstSeen = Math.min(
      release.firstSeen,
      tally.byRelease.get(release.version)?.firstSeen ?? Infinity,
    );
  for (const [version, sessions] of tally.byRelease)
    if (!seen.has(version)) known.push({ version, firstSeen: sessions.firstSeen });
  const wanted = query.toLowerCase();
  const shown = known
    .filter((r) => r.version.toLowerCase().includes(wanted))
    .sort((a, b) => b.firstSeen - a.firstSeen)
    .slice(0, limit);
  const issues = newIssues(
    ctx,
    projectId,
    shown.map((r) => r.version),
  );
  const events = await eventStats(ctx, projectId, shown);
  return {
    releases: shown.map((release) =>
      healthOf(
        release,
        tally.byRelease.get(release.version),
        tally.recent,
        issues.get(release.version) ?? 0,
        events?.get(release.version),
        events !== undefined,
      ),
    ),
    partial: tally.partial,
  };
}

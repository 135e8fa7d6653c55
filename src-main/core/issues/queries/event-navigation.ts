/**
 * Sentry's latest, oldest and recommended event of an issue and an event's previous and next,
 * ordered by time, then event id — within the issue page's filter, as Sentry's group event details
 * take `environment` and `statsPeriod` or `start`/`end`. Without environments SQLite's `events`
 * answers the latest, oldest and neighbours (seeks in `events_group`, bounded by the time filter);
 * with them, and for the recommended event (whose ordering keys only it has), the event index
 * (`errors`), within the span of the issue's events.
 */
import { z } from 'zod';
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { type IssueEventScope, timeSql } from './event-scope.ts';
import type { EventRow } from './events.ts';
import { eventFilterSchema, eventSpanSchema, indexWhere } from './index-conditions.ts';
import type { Span } from './periods.ts';

export type Edge = 'latest' | 'oldest' | 'recommended';
export type TimeEdge = Exclude<Edge, 'recommended'>;

/** An event's Older/Newer. The issue's latest and oldest are their own reads (`edge`), as the page asks for them. */
export interface EventNavigation {
  previousEventId: string | null;
  nextEventId: string | null;
}

/** How one event page finds its issue's edges and its neighbours. */
export interface Navigator {
  edge(groupId: number, edge: Edge): Promise<string | null>;
  around(row: EventRow): Promise<EventNavigation>;
}

const ORDER = { latest: 'DESC', oldest: 'ASC' } as const;

export function edgeEventId(
  db: SqliteDb,
  groupId: number,
  edge: TimeEdge,
  time: Span | null = null,
): string | null {
  const bounds = timeSql('timestamp', time);
  const row = db
    .prepare<unknown[], { event_id: string }>(
      `SELECT event_id FROM events WHERE group_id = ?${bounds.sql}
       ORDER BY timestamp ${ORDER[edge]}, event_id ${ORDER[edge]} LIMIT 1`,
    )
    .get(groupId, ...bounds.params);
  return row?.event_id ?? null;
}

function neighbour(
  db: SqliteDb,
  row: EventRow,
  direction: 'previous' | 'next',
  time: Span | null,
): string | null {
  if (row.group_id === null) return null;
  const [cmp, order] = direction === 'next' ? ['>', 'ASC'] : ['<', 'DESC'];
  const bounds = timeSql('timestamp', time);
  const found = db
    .prepare<unknown[], { event_id: string }>(
      `SELECT event_id FROM events WHERE group_id = ? AND (timestamp ${cmp} ? OR (timestamp = ? AND event_id ${cmp} ?))${bounds.sql}
       ORDER BY timestamp ${order}, event_id ${order} LIMIT 1`,
    )
    .get(row.group_id, row.timestamp, row.timestamp, row.event_id, ...bounds.params);
  return found?.event_id ?? null;
}

/** Every event of the issue, or those of a time filter, from SQLite (which cannot recommend one). */
export function sqliteNavigator(db: SqliteDb, time: Span | null = null): Navigator {
  return {
    edge: async (groupId, edge) => {
      if (edge === 'recommended')
        throw new FaultlineError('internal', 'the recommended event is found in the event index only');
      return edgeEventId(db, groupId, edge, time);
    },
    around: async (row) => ({
      previousEventId: neighbour(db, row, 'previous', time),
      nextEventId: neighbour(db, row, 'next', time),
    }),
  };
}

/** What the pipeline worker's `issues.eventNavigation` takes. */
export const navigationArgsSchema = z.object({
  projectId: z.number().int().positive(),
  groupId: z.number().int().positive(),
  span: eventSpanSchema.nullable(),
  filters: z.array(eventFilterSchema),
  time: z.object({ since: z.number(), until: z.number().nullable() }).nullable(),
  /** The event whose neighbours are wanted (then without the edges); null for the edges. */
  at: z.object({ timestamp: z.number(), eventId: z.string().regex(/^[0-9a-f]{32}$/) }).nullable(),
  /** Whether to find the recommended event too (it sorts the scope's events, which the edges do not). */
  recommend: z.boolean(),
});
export type NavigationArgs = z.infer<typeof navigationArgsSchema>;

/** Sentry's recommended event without dates: of the 7 days up to a minute past the issue's last event. */
export const RECOMMENDED_WINDOW_MS = 7 * 24 * 3_600_000;
const RECOMMENDED_END_SLACK_MS = 60_000;

/**
 * Sentry's recommended ordering (`EventOrdering.RECOMMENDED`): with a replay, then a sampled trace,
 * then the fewest processing errors, then with a profile, then the newest. Sentry orders by the
 * replay and profile ids themselves (nulls last), which among events that have one picks by the
 * id's value; Faultline orders by having one, so the newest of those wins.
 */
const RECOMMENDED_ORDER = `replay DESC, sampled DESC NULLS LAST, processing_errors ASC NULLS LAST,
  profile DESC, t DESC, id DESC`;

/**
 * How many events of Sentry's recommended ordering are candidates: as Sentry's recommended event
 * (`issue-details-verify-recommended-replay`) it takes the first 10 and prefers the first whose
 * replay is stored over the first with a replay id only (`pickRecommended`).
 */
export const RECOMMENDED_CANDIDATES = 10;

/**
 * The recommended candidates of the scope, in Sentry's ordering, with their replay ids: within the
 * page's dates, or without dates within the recommended window; null when none is there (the
 * latest of the scope is then the recommended event, Sentry's fallback).
 */
function candidatesSql(args: NavigationArgs, add: (value: number) => string): string {
  let window = '';
  if (!args.time && args.span) {
    const end = args.span.last + RECOMMENDED_END_SLACK_MS;
    window = `WHERE t >= epoch_ms(${add(end - RECOMMENDED_WINDOW_MS)}::BIGINT) AND t < epoch_ms(${add(end)}::BIGINT)`;
  }
  return `(SELECT list({'id': id, 'replay': rid} ORDER BY ${RECOMMENDED_ORDER}) FROM (
      SELECT * FROM scoped ${window} ORDER BY ${RECOMMENDED_ORDER} LIMIT ${RECOMMENDED_CANDIDATES})) AS candidates`;
}
/**
 * The edges and neighbours in one read of the event index: the event's time is `timestamp_ms` (the
 * `timestamp` column keeps whole seconds; rows indexed before `timestamp_ms` existed have only those).
 */
export function navigationQuery(args: NavigationArgs): {
  sql: string;
  params: Record<string, string | number>;
} {
  const where = indexWhere(args.projectId, null, args.filters, { id: args.groupId, span: args.span });
  const values: Record<string, string | number> = { ...where.params };
  let next = 0;
  // Named apart from the where clause's own parameters (`p0`, `p1` …).
  const add = (value: string | number) => {
    const name = `nav${next++}`;
    values[name] = value;
    return `$${name}`;
  };
  const time = 'coalesce(timestamp_ms, "timestamp")';
  const bounds: string[] = [];
  if (args.time) {
    bounds.push(`${time} >= epoch_ms(${add(args.time.since)}::BIGINT)`);
    if (args.time.until !== null) bounds.push(`${time} < epoch_ms(${add(args.time.until)}::BIGINT)`);
  }
  // The edges for `latest`, `oldest` and `recommended` (whose fallback is the latest); the neighbours for `at`.
  let edges = `(SELECT id FROM scoped ORDER BY t DESC, id DESC LIMIT 1) AS latest,
      (SELECT id FROM scoped ORDER BY t, id LIMIT 1) AS oldest`;
  let around = 'NULL AS previous, NULL AS next';
  if (args.at) {
    edges = 'NULL AS latest, NULL AS oldest';
    const at = `epoch_ms(${add(args.at.timestamp)}::BIGINT)`;
    const id = add(args.at.eventId);
    around = `(SELECT id FROM scoped WHERE t < ${at} OR (t = ${at} AND id < ${id}) ORDER BY t DESC, id DESC LIMIT 1) AS previous,
      (SELECT id FROM scoped WHERE t > ${at} OR (t = ${at} AND id > ${id}) ORDER BY t, id LIMIT 1) AS next`;
  }
  // The recommended ordering's keys; Snuba's `profile.id` is the `profile.profile_id` context.
  const keys = args.recommend
    ? `, replace(replay_id::VARCHAR, '-', '') AS rid, replay_id IS NOT NULL AS replay, trace_sampled AS sampled,
        num_processing_errors AS processing_errors, list_contains("contexts.key", 'profile.profile_id') AS profile`
    : '';
  const candidates = args.recommend ? candidatesSql(args, add) : 'NULL AS candidates';
  const sql = `WITH scoped AS (
      SELECT ${time} AS t, replace(event_id::VARCHAR, '-', '') AS id${keys} FROM errors
      WHERE ${[where.sql, ...bounds].join(' AND ')}
    )
    SELECT ${edges},
      ${around},
      ${candidates}`;
  return { sql, params: values };
}

/** One event of the recommended ordering, with the replay it names. */
export interface RecommendedCandidate {
  eventId: string;
  replayId: string | null;
}

/**
 * What the worker answers: the edges (null when asked for the neighbours of `at`), the recommended
 * candidates (null unless asked, or when none is in the window), and the neighbours of `at`.
 */
export interface IndexNavigation {
  latest: string | null;
  oldest: string | null;
  candidates: RecommendedCandidate[] | null;
  previous: string | null;
  next: string | null;
}

/** Which of these replay ids Faultline has a replay of (its segment 0: one the Replays page shows). */
export type StoredReplays = (replayIds: readonly string[]) => Set<string>;

/**
 * Sentry's check of the recommended event's replay: among the candidates with a replay id, the
 * first whose replay is stored; the first candidate when none names a replay (no check is made) or
 * none of their replays is stored. A replay id alone does not mean the replay arrived: the SDK
 * sets it on errors of a session whose replay was sampled out, dropped or never flushed.
 */
export function pickRecommended(
  candidates: readonly RecommendedCandidate[],
  storedReplays: StoredReplays,
): string | null {
  const first = candidates[0];
  if (!first) return null;
  const withReplay = candidates.filter((candidate) => candidate.replayId !== null);
  if (withReplay.length === 0) return first.eventId;
  const stored = storedReplays([...new Set(withReplay.map((candidate) => candidate.replayId as string))]);
  return withReplay.find((candidate) => stored.has(candidate.replayId as string))?.eventId ?? first.eventId;
}
export type NavigationLookup = (args: NavigationArgs) => Promise<IndexNavigation>;

/** The events of the scope's environments (and time; every event of the issue without a scope) from the event index. */
export function indexNavigator(
  lookup: NavigationLookup,
  group: { projectId: number; span: NavigationArgs['span'] },
  scope: IssueEventScope | null,
  storedReplays: StoredReplays,
): Navigator {
  const read = (groupId: number, at: NavigationArgs['at'], recommend = false) =>
    lookup({
      projectId: group.projectId,
      groupId,
      span: group.span,
      filters: scope?.filters ?? [],
      time: scope?.time ?? null,
      at,
      recommend,
    });
  return {
    edge: async (groupId, edge) => {
      const found = await read(groupId, null, edge === 'recommended');
      if (edge !== 'recommended') return found[edge];
      return found.candidates ? pickRecommended(found.candidates, storedReplays) : found.latest;
    },
    around: async (row) => {
      if (row.group_id === null) return { previousEventId: null, nextEventId: null };
      const found = await read(row.group_id, { timestamp: row.timestamp, eventId: row.event_id });
      return { previousEventId: found.previous, nextEventId: found.next };
    },
  };
}

/**
 * `base` with the recommended event from the event index. The index gets an event about a second
 * after SQLite (it is written in batches): until then the latest of `base` stands in, as Sentry's
 * recommended falls back to the latest.
 */
export function recommendingNavigator(base: Navigator, index: Navigator): Navigator {
  return {
    edge: async (groupId, edge) =>
      edge === 'recommended'
        ? ((await index.edge(groupId, 'recommended')) ?? (await base.edge(groupId, 'latest')))
        : base.edge(groupId, edge),
    around: (row) => base.around(row),
  };
}

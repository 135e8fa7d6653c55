/**
 * The issue stream (Sentry's `GET /projects/…/issues/`): a search, a sort and a period over the
 * project's groups, one page at a time, with the number of matches and a sparkline per issue. As
 * in Sentry, an issue's events and users (and the events and users sorts) are the period's; the
 * all-time totals come along as `lifetime`, and under a search with event filters the period's events
 * that match them as `filtered` (Sentry's `StreamGroupSerializerSnuba`), which then sort the list.
 */
import type { ParsedSearch } from '../../../../src-shared/issue-search/index.ts';
import type { IssueList, IssueSort, StatsPeriod, TimeRange } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { GroupStatus } from '../types.ts';
import type { MatchingGroup } from './index-conditions.ts';
import { bucketsOf, SPARKLINE_BUCKET_MS, type Span, spanOf } from './periods.ts';
import { groupConditions } from './search-sql.ts';
import { periodEvents, periodFirstSeen, sparklines } from './series.ts';
import { GROUP_COLUMNS, type GroupRow, toSummary } from './summary.ts';

export interface IssueListInput extends Partial<TimeRange> {
  projectId: number;
  search: ParsedSearch;
  sort: IssueSort;
  /** Counted unless an absolute range (`start`, `end`) is given. */
  period: StatsPeriod;
  offset: number;
  limit: number;
  now: number;
  /**
   * Groups with events that match the search's event filters (tags, `has:`, level) and date window,
   * with their counts; undefined when it has neither.
   */
  matchingGroups?: readonly (Omit<MatchingGroup, 'firstSeen' | 'lastSeen'> & { lastSeen?: number })[];
  /**
   * The environment page filter's (their events are among the matching groups' conditions): the date
   * sort is then by the last event there, as Sentry's search sorts by `max(timestamp)` of what it reads.
   */
  environments?: readonly string[];
  /** The period of the rows' graphs when not the list's. */
  graphPeriod?: StatsPeriod | undefined;
  /** Whether the matching groups' counts are shown as `filtered` (the search has event filters). */
  filteredCounts?: boolean;
}

/**
 * The group's distinct users in the span: for a period, those whose latest event on it is that
 * recent; for a range (which a later event of a user must not hide) its events' users.
 */
const periodUsers = ({ since, until }: Span) =>
  until === null
    ? `(SELECT count(*) FROM group_users u WHERE u.group_id = g.id AND u.last_seen >= ${Math.trunc(since)})`
    : `(SELECT count(DISTINCT e.user_key) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${Math.trunc(since)}
        AND e.timestamp < ${Math.trunc(until)} AND e.is_sample = 0)`;

/**
 * SQL: the time of the group's last event in a range (null for a period, whose last event is the
 * group's): Sentry's stream sorts and shows the last seen of the range it searched.
 */
const rangeLastSeen = ({ since, until }: Span) =>
  until === null
    ? 'NULL'
    : `(SELECT max(e.timestamp) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${Math.trunc(since)}
        AND e.timestamp < ${Math.trunc(until)} AND e.is_sample = 0)`;

/** Sort key column; ties break on the id, newest first. Events and users are the period's, as in Sentry. */
const SORT_KEY: Record<IssueSort, (span: Span) => string> = {
  date: (span) => (span.until === null ? 'g.last_seen' : rangeLastSeen(span)),
  new: () => 'g.first_seen',
  freq: periodEvents,
  user: periodUsers,
};

/** Groups being deleted or merged are never listed. */
const VISIBLE = `g.status IN (${GroupStatus.UNRESOLVED}, ${GroupStatus.RESOLVED}, ${GroupStatus.IGNORED})`;

/** The matching groups and their counts, as a table the list reads them from by id. */
const FILTERED = `filtered AS MATERIALIZED (
      SELECT value ->> 0 AS id, value ->> 1 AS events, value ->> 2 AS users,
        value ->> 3 AS window_events, value ->> 4 AS window_users, value ->> 5 AS last_seen FROM json_each(?)
    ),`;
const FILTERED_KEY: Partial<Record<IssueSort, string>> = { freq: 'f.window_events', user: 'f.window_users' };

export function listIssues(db: SqliteDb, input: IssueListInput): IssueList {
  const span = spanOf(input, input.now);
  const { since, until } = span;
  const filtered = input.matchingGroups;
  // `times_seen:` compares the events the list counts (Sentry's `count()` over the search's range and
  // conditions): the matching ones in the search's window, else the period's.
  const conditions = groupConditions(
    input.search,
    input.now,
    filtered ? 'f.window_events' : periodEvents(span),
  );
  const params: Array<string | number> = filtered
    ? [
        JSON.stringify(
          filtered.map((g) => [g.id, g.events, g.users, g.windowEvents, g.windowUsers, g.lastSeen ?? null]),
        ),
      ]
    : [];
  const where = ['g.project_id = ?', VISIBLE, 'g.last_seen >= ?', ...conditions.sql];
  params.push(input.projectId, since, ...conditions.params);
  // A range lists the issues seen in it, as Sentry's search over its events does.
  if (until !== null && !filtered)
    where.push(`g.first_seen < ${Math.trunc(until)}`, `${periodEvents(span)} > 0`);
  // Under event filters or a date window the list starts from the groups they match, each found by its id (a CROSS
  // JOIN keeps that order in SQLite: with a plain JOIN it read every group of the period and scanned
  // the matches for each), sorted by the events and users that match in the window, as Sentry sorts its stream.
  const byEnvironment = filtered && input.environments?.length && input.sort === 'date';
  const key = byEnvironment
    ? 'f.last_seen'
    : (filtered && FILTERED_KEY[input.sort]) || SORT_KEY[input.sort](span);
  const counts =
    filtered && input.filteredCounts ? 'f.events AS fe, f.users AS fu' : 'NULL AS fe, NULL AS fu';
  // One pass over the matches: their ids and sort keys are kept (MATERIALIZED), then counted and
  // sorted there, and only the page's rows are read in full.
  const matches = `WITH ${filtered ? FILTERED : ''} matches AS MATERIALIZED (
      SELECT g.id, ${key} AS k, ${counts}
      FROM ${filtered ? 'filtered f CROSS JOIN groups g ON g.id = f.id' : 'groups g'} JOIN projects p ON p.id = g.project_id
      WHERE ${where.join(' AND ')}
    ),
    page AS (SELECT id, k, fe, fu FROM matches ORDER BY k DESC, id DESC LIMIT ? OFFSET ?)`;
  const rows = db
    .prepare<
      unknown[],
      GroupRow & {
        total: number;
        period_events: number;
        period_users: number;
        period_first_seen: number | null;
        period_last_seen: number | null;
        fe: number | null;
        fu: number | null;
      }
    >(
      `${matches}
       SELECT ${GROUP_COLUMNS}, (SELECT count(*) FROM matches) AS total,
         ${periodEvents(span)} AS period_events, ${periodUsers(span)} AS period_users,
         ${periodFirstSeen(span)} AS period_first_seen, ${rangeLastSeen(span)} AS period_last_seen,
         page.fe, page.fu
       FROM page JOIN groups g ON g.id = page.id JOIN projects p ON p.id = g.project_id
       ORDER BY page.k DESC, page.id DESC`,
    )
    .all(...params, input.limit, input.offset);
  const total =
    rows[0]?.total ??
    db.prepare<unknown[], { n: number }>(`${matches} SELECT count(*) AS n FROM matches`).get(...params, 0, 0)
      ?.n ??
    0;
  const stats = sparklines(
    db,
    rows.map((row) => row.id),
    bucketsOf(input.graphPeriod ? { period: input.graphPeriod } : input, SPARKLINE_BUCKET_MS, input.now),
  );
  return {
    issues: rows.map((row) => ({
      ...toSummary(row, stats.get(row.id) ?? []),
      count: row.period_events,
      userCount: row.period_users,
      lifetime: { count: row.times_seen, userCount: row.users_seen },
      ...(row.period_first_seen === null
        ? {}
        : { periodFirstSeen: new Date(row.period_first_seen).toISOString() }),
      ...(row.period_last_seen === null
        ? {}
        : { periodLastSeen: new Date(row.period_last_seen).toISOString() }),
      filtered: row.fe === null ? null : { count: row.fe, userCount: row.fu ?? 0 },
    })),
    total,
    offset: input.offset,
  };
}

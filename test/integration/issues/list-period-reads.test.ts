/**
 * The issue list's events and users of a period (and the events and users sorts) come from the
 * hourly counts and each user's latest event on the group, not from every event of the period:
 * a list at 300k events in 30 days read them all (~450 ms for the events sort, ~650 ms for users).
 * The counts (and the period's first seen) stay exactly what counting the period's events gives,
 * at every edge of an hour, and after a merge recounts a group.
 */
import { describe, expect, it } from 'vitest';
import { mergeGroups } from '../../../src-main/core/issues/merge.ts';
import type { MatchingGroup } from '../../../src-main/core/issues/queries/index-conditions.ts';
import { listIssues } from '../../../src-main/core/issues/queries/list.ts';
import { PERIOD_MS } from '../../../src-main/core/issues/queries/periods.ts';
import { ProjectStore } from '../../../src-main/core/store/projects.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { parseIssueSearch } from '../../../src-shared/issue-search/index.ts';
import { type IssueSort, STATS_PERIODS } from '../../../src-shared/issues-api.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Not on an hour: every period starts inside an hour. */
const NOW = Date.UTC(2026, 10, 20, 15, 27, 41, 123);
const HASHES = ['1', '2', '3', '4'].map((digit) => digit.repeat(32));

/** Events of four groups over 35 days, many at the edges of the periods and of their hours. */
function seeded(): SqliteDb {
  const db = openSqlite(tempDir());
  new ProjectStore(db, () => 'http://127.0.0.1:8969').ensureDefaultProject();
  const edges = STATS_PERIODS.flatMap((period) => {
    const since = NOW - PERIOD_MS[period];
    const hour = Math.ceil(since / HOUR) * HOUR;
    return [since - 1, since, since + 1, hour - 1, hour, hour + 1];
  });
  const spread = Array.from({ length: 300 }, (_, i) => NOW - ((i * 7_919_993) % (35 * DAY)));
  [...edges, ...spread].forEach((timestamp, i) => {
    const hash = HASHES[(i * 5) % HASHES.length] as string;
    assignAndRecord(
      db,
      1,
      [hash],
      nthEvent(i + 1, [hash], 0, {
        timestamp,
        received: timestamp,
        userKey: i % 3 === 0 ? null : `user-${(i * 13) % 17}`,
        isSample: i % 50 === 49,
      }),
    );
  });
  return db;
}

function list(
  db: SqliteDb,
  period: (typeof STATS_PERIODS)[number],
  sort: IssueSort = 'date',
  matchingGroups?: Omit<MatchingGroup, 'firstSeen' | 'lastSeen'>[],
) {
  return listIssues(db, {
    ...(matchingGroups ? { matchingGroups, filteredCounts: true } : {}),
    projectId: 1,
    search: parseIssueSearch(''),
    sort,
    period,
    offset: 0,
    limit: 100,
    now: NOW,
  });
}

/** What the period's events say, counted one by one. */
function counted(db: SqliteDb, groupId: number, since: number) {
  return db
    .prepare<[number, number], { count: number; users: number; first: number | null }>(
      `SELECT count(*) AS count, count(DISTINCT user_key) AS users, min(timestamp) AS first FROM events
       WHERE group_id = ? AND timestamp >= ? AND is_sample = 0`,
    )
    .get(groupId, since);
}

function expectCountsOfTheEvents(db: SqliteDb): void {
  for (const period of STATS_PERIODS) {
    const result = list(db, period);
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues)
      expect({
        period,
        id: issue.id,
        count: issue.count,
        users: issue.userCount,
        first: issue.periodFirstSeen === undefined ? null : Date.parse(issue.periodFirstSeen),
      }).toEqual({
        period,
        id: issue.id,
        ...counted(db, issue.id, NOW - PERIOD_MS[period]),
      });
    for (const sort of ['freq', 'user'] as const) {
      const keys = list(db, period, sort).issues.map((issue) =>
        sort === 'freq' ? issue.count : issue.userCount,
      );
      expect(keys).toEqual([...keys].sort((a, b) => b - a));
    }
  }
}

describe('the issue list of a period', () => {
  it('counts exactly the events and users of the period, at every edge of an hour', () => {
    expectCountsOfTheEvents(seeded());
  });

  it('counts them exactly after a merge recounts the group', () => {
    const db = seeded();
    const ids = list(db, '30d').issues.map((issue) => issue.id);
    expect(mergeGroups(db, 1, ids.slice(0, 2), NOW)).toBeDefined();
    expectCountsOfTheEvents(db);
  });

  it('reads no event outside the hour its period starts in, and no events for users', () => {
    const db = seeded();
    for (const sort of ['date', 'freq', 'user'] as const) {
      const plans = queryPlansOf(db, (spy) => list(spy, '30d', sort));
      const eventReads = plans.filter((detail) => /^SEARCH e\b/.test(detail));
      expect(eventReads.length).toBeGreaterThan(0);
      // Bounded on both sides: the part of the first hour of the period.
      for (const detail of eventReads) expect(detail).toMatch(/timestamp>\? AND timestamp<\?/);
      expect(plans.some((detail) => /^SEARCH u\b/.test(detail))).toBe(true);
      expect(plans.some((detail) => /SCAN (e|events)\b/.test(detail))).toBe(false);
    }
  });

  it('under event filters, reads only the groups they match, by id, and sorts by their counts', () => {
    const db = seeded();
    const [first, second] = list(db, '30d').issues.map((issue) => issue.id);
    const matching = [
      { id: first as number, events: 1, users: 1, windowEvents: 1, windowUsers: 1 },
      { id: second as number, events: 7, users: 0, windowEvents: 7, windowUsers: 0 },
    ];
    for (const sort of ['date', 'freq', 'user'] as const) {
      const plans = queryPlansOf(db, (spy) => list(spy, '30d', sort, matching));
      // The matches are read from the filter's list, each group by its id: not every group of the project.
      expect(plans).toContain('SCAN f');
      expect(plans.filter((detail) => /^(SEARCH|SCAN) g\b/.test(detail))).toEqual([
        'SEARCH g USING INTEGER PRIMARY KEY (rowid=?)',
        'SEARCH g USING INTEGER PRIMARY KEY (rowid=?)',
      ]);
    }
    expect(list(db, '30d', 'freq', matching).issues.map((issue) => [issue.id, issue.filtered])).toEqual([
      [second, { count: 7, userCount: 0 }],
      [first, { count: 1, userCount: 1 }],
    ]);
    expect(list(db, '30d', 'user', matching).issues.map((issue) => issue.id)).toEqual([first, second]);
  });
});

describe('the issue list of an absolute range', () => {
  const since24h = NOW - PERIOD_MS['24h'];
  const hour24h = Math.ceil(since24h / HOUR) * HOUR;
  const since7d = NOW - PERIOD_MS['7d'];
  /** Each bound is an event's own time (the seed puts events at, before and after it). */
  const RANGES: Array<[string, number, number]> = [
    ['over days, from a start to a whole hour', since7d, hour24h],
    ['inside one hour', since24h - 1, since24h + 1],
    ['across one hour edge', hour24h - 1, hour24h + 1],
    ['of whole hours', Math.ceil(since7d / HOUR) * HOUR, hour24h],
    ['ending in the past, between periods', NOW - PERIOD_MS['30d'], since7d + 1],
  ];

  const rangeList = (db: SqliteDb, start: number, end: number, sort: IssueSort = 'date') =>
    listIssues(db, {
      projectId: 1,
      search: parseIssueSearch(''),
      sort,
      period: '14d',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      offset: 0,
      limit: 100,
      now: NOW,
    });

  /** The range's events counted one by one: its start in, its end out, as Sentry's Snuba query bounds it. */
  const countedIn = (db: SqliteDb, groupId: number, start: number, end: number) =>
    db
      .prepare<
        [number, number, number],
        { count: number; users: number; first: number | null; last: number | null }
      >(
        `SELECT count(*) AS count, count(DISTINCT user_key) AS users, min(timestamp) AS first,
           max(timestamp) AS last FROM events
         WHERE group_id = ? AND timestamp >= ? AND timestamp < ? AND is_sample = 0`,
      )
      .get(groupId, start, end);

  it.each(RANGES)(
    'counts exactly the events and users of a range %s, its start in and its end out',
    (_, start, end) => {
      const db = seeded();
      const all = list(db, '90d').issues.map((issue) => issue.id);
      const seen = all.filter((id) => (countedIn(db, id, start, end)?.count ?? 0) > 0);
      const result = rangeList(db, start, end);
      expect(result.issues.map((issue) => issue.id).sort()).toEqual([...seen].sort());
      expect(result.total).toBe(seen.length);
      for (const issue of result.issues)
        expect({
          id: issue.id,
          count: issue.count,
          users: issue.userCount,
          first: issue.periodFirstSeen === undefined ? null : Date.parse(issue.periodFirstSeen),
          last: issue.periodLastSeen === undefined ? null : Date.parse(issue.periodLastSeen),
        }).toEqual({ id: issue.id, ...countedIn(db, issue.id, start, end) });
      // Last seen first, by the range's last event (Sentry's search sorts by its range's `max(timestamp)`).
      const lasts = result.issues.map((issue) => Date.parse(issue.periodLastSeen ?? ''));
      expect(lasts).toEqual([...lasts].sort((a, b) => b - a));
      for (const sort of ['freq', 'user'] as const) {
        const keys = rangeList(db, start, end, sort).issues.map((issue) =>
          sort === 'freq' ? issue.count : issue.userCount,
        );
        expect(keys).toEqual([...keys].sort((a, b) => b - a));
      }
    },
  );

  it("graphs a range in Sentry's rollup for its length, the range's events in its buckets", () => {
    const db = seeded();
    // Six days: hours (`get_optimal_rollup`: an hour kept for 7 days), from the hour holding the start
    // to the one holding the end.
    const start = since7d + PERIOD_MS['24h'];
    const end = hour24h;
    const [issue] = rangeList(db, start, end).issues;
    const first = Math.floor(start / HOUR) * HOUR;
    expect(issue?.stats).toHaveLength((end - first) / HOUR + 1);
    // Forty days: days.
    const long = rangeList(db, NOW - 40 * DAY, NOW - 5 * DAY).issues[0];
    const firstDay = Math.floor((NOW - 40 * DAY) / DAY) * DAY;
    expect(long?.stats).toHaveLength(Math.floor((NOW - 5 * DAY) / DAY) - firstDay / DAY + 1);
    // Its buckets are whole at both ends, as Sentry's tsdb reads them (`end = series[-1] + rollup`):
    // a range of whole hours graphs its events and those of the hour its end starts.
    const whole = Math.ceil(since7d / HOUR) * HOUR;
    for (const row of rangeList(db, whole, end).issues)
      expect(row.stats.reduce((sum, n) => sum + n, 0)).toBe(countedIn(db, row.id, whole, end + HOUR)?.count);
  });
});

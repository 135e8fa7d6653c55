/** One issue as its page shows it: the summary plus status details, releases, hashes and activity. */

import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { IssueDetail, IssueHash, StatsPeriod } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { issueActivity } from './activity.ts';
import { bucketsFor, SPARKLINE_BUCKET_MS } from './periods.ts';
import { sparklines } from './series.ts';
import { GROUP_COLUMNS, type GroupRow, toSummary } from './summary.ts';

const ISSUE_DETAIL_ACTIVITY = 50;

export function groupRow(db: SqliteDb, groupId: number): GroupRow {
  const row = db
    .prepare<[number], GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM groups g JOIN projects p ON p.id = g.project_id WHERE g.id = ?`,
    )
    .get(groupId);
  if (!row) throw new FaultlineError('not_found', `issue ${groupId} does not exist`);
  return row;
}

function statusDetails(db: SqliteDb, groupId: number): IssueDetail['statusDetails'] {
  const details: IssueDetail['statusDetails'] = {};
  const resolution = db
    .prepare<[number], { type: string; release: string | null; current_release_version: string | null }>(
      'SELECT type, release, current_release_version FROM group_resolutions WHERE group_id = ?',
    )
    .get(groupId);
  // "The next release" regresses on releases newer than the issue's then (see issues/resolution.ts).
  if (resolution?.current_release_version) details.inNextRelease = resolution.current_release_version;
  else if (resolution?.type === 'in_next_release' && resolution.release)
    details.inNextRelease = resolution.release;
  else if (resolution?.type === 'in_release' && resolution.release) details.inRelease = resolution.release;
  const snooze = db
    .prepare<[number], { until_count: number | null; until_escalating: number }>(
      'SELECT until_count, until_escalating FROM group_snoozes WHERE group_id = ?',
    )
    .get(groupId);
  if (snooze?.until_count != null) details.ignoreCount = snooze.until_count;
  if (snooze?.until_escalating) details.ignoreUntilEscalating = true;
  return details;
}

/** The grouphashes of an issue with how many of its events each one brought (for unmerge). */
export function issueHashes(db: SqliteDb, groupId: number): IssueHash[] {
  return db
    .prepare<[number], { hash: string; events: number; latest: string | null }>(
      `SELECT h.hash,
              (SELECT count(*) FROM events e WHERE e.group_id = h.group_id AND e.primary_hash = h.hash) AS events,
              (SELECT e.event_id FROM events e WHERE e.group_id = h.group_id AND e.primary_hash = h.hash
                ORDER BY e.timestamp DESC LIMIT 1) AS latest
       FROM group_hashes h WHERE h.group_id = ? ORDER BY events DESC, h.hash`,
    )
    .all(groupId)
    .map((row) => ({ hash: row.hash, events: row.events, latestEventId: row.latest }));
}

export function getIssue(db: SqliteDb, groupId: number, period: StatsPeriod, now: number): IssueDetail {
  const row = groupRow(db, groupId);
  return {
    ...toSummary(
      row,
      sparklines(db, [groupId], bucketsFor(period, SPARKLINE_BUCKET_MS[period], now)).get(groupId) ?? [],
    ),
    firstRelease: row.first_release,
    lastRelease: row.last_release,
    statusDetails: statusDetails(db, groupId),
    hashes: issueHashes(db, groupId),
    // The start of the feed, as Sentry's group details carry it; the Activity tab pages through it all.
    activity: issueActivity(db, row, { offset: 0, limit: ISSUE_DETAIL_ACTIVITY }).activity,
  };
}

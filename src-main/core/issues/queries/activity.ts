/**
 * An issue's Activity feed, as Sentry's `get_activities_for_group`: newest first, an entry that
 * repeats the one just before it (same type and data) left out unless it is a note, and a
 * `first_seen` entry at the issue's first seen, which Sentry adds instead of storing one, last.
 */
import type { IssueActivityPage } from '../../../../src-shared/activity-api.ts';
import type { IssueActivity } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { stmt } from '../../store/statements.ts';
import { initialPriority, priorityName } from '../priority.ts';
import { formatShortId } from '../short-id.ts';

interface ActivityRow {
  id: number;
  type: string;
  data: string;
  created_at: number;
}

/** The group's rows in feed order without repeats (`activity_group` serves the order). */
const FEED = `WITH ordered AS (
    SELECT id, type, data, created_at,
           lag(type) OVER feed AS previous_type, lag(data) OVER feed AS previous_data
    FROM activity WHERE group_id = ?
    WINDOW feed AS (ORDER BY created_at DESC, id DESC)
  ), feed AS (
    SELECT id, type, data, created_at FROM ordered
    WHERE type = 'note' OR previous_type IS NULL OR type != previous_type OR data != previous_data
  )`;

export function toActivity(row: ActivityRow): IssueActivity {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * As Sentry's activity serializer: an unmerge names the other issue (`source` / `destination`, with
 * its short id) while it still exists.
 */
function withLinkedIssue(db: SqliteDb, entry: IssueActivity): IssueActivity {
  const key =
    entry.type === 'unmerge_source'
      ? 'destination'
      : entry.type === 'unmerge_destination'
        ? 'source'
        : undefined;
  const id = key && entry.data[`${key}_id`];
  if (!key || typeof id !== 'number') return entry;
  const linked = stmt<[number], { short_id: number; slug: string }>(
    db,
    'SELECT g.short_id, p.slug FROM groups g JOIN projects p ON p.id = g.project_id WHERE g.id = ?',
  ).get(id);
  if (!linked) return entry;
  return {
    ...entry,
    data: { ...entry.data, [key]: { id, shortId: formatShortId(linked.slug, linked.short_id) } },
  };
}

export function issueActivity(
  db: SqliteDb,
  group: { id: number; first_seen: number; level: number },
  page: { offset: number; limit: number },
): IssueActivityPage {
  const stored =
    stmt<[number], { n: number }>(db, `${FEED} SELECT count(*) AS n FROM feed`).get(group.id)?.n ?? 0;
  const activity = stmt<[number, number, number], ActivityRow>(
    db,
    `${FEED} SELECT id, type, data, created_at FROM feed ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
  )
    .all(group.id, page.limit, page.offset)
    .map((row) => withLinkedIssue(db, toActivity(row)));
  if (page.offset + page.limit > stored && page.offset <= stored)
    activity.push({
      id: 0,
      type: 'first_seen',
      // Sentry's first_seen names the initial priority; the first event's level is not kept, the latest's is.
      data: { priority: priorityName(initialPriority(group.level), group.level) },
      createdAt: new Date(group.first_seen).toISOString(),
    });
  return { activity, total: stored + 1, offset: page.offset };
}

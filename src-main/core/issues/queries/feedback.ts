/**
 * User feedback on events, as Sentry's User Feedback tab (of an issue) and section (of an event)
 * show it. The pipeline keeps `feedback` and `user_report` items in `item_store` with the id of the
 * event they are about (`pipeline/other-items.ts`); they are joined to `events` when read, so
 * feedback sent before its event shows once the event is stored, and follows the event into
 * whatever issue it belongs to after a merge or unmerge.
 *
 * Sentry keeps one user report per event (`UserReport` is unique on project and event id): a report
 * sent again within five minutes of the first replaces its name, email and comments, a later one is
 * refused. Feedback without a message is dropped, as Sentry drops it. A `feedback` item is an event
 * of its own: sent twice under one event id (an SDK's retry), it counts once.
 */
import type { UserFeedback, UserFeedbackList } from '../../../../src-shared/issues-api.ts';
import { decodeNode } from '../../store/nodestore.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { stmt } from '../../store/statements.ts';

/** How long Sentry lets a user report for an event be sent again and replace the first. */
const REPORT_UPDATE_WINDOW_MS = 5 * 60_000;

interface FeedbackRow {
  id: number;
  type: 'feedback' | 'user_report';
  received: number;
  /** The feedback item's own event id (null for a user report). */
  own_id: string | null;
  event_id: string;
  group_id: number | null;
}

const COLUMNS = `i.id, i.type, i.received, i.event_id AS own_id, i.associated_event_id AS event_id, e.group_id`;
// item_store drives the join: a project has far fewer feedback items than an issue has events.
const JOINED = `item_store i CROSS JOIN events e
  WHERE i.project_id = ? AND i.type IN ('feedback', 'user_report')
    AND e.project_id = i.project_id AND e.event_id = i.associated_event_id`;

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** An event's `timestamp`: seconds since the epoch or an RFC 3339 string. */
function sentAt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

/**
 * The rows that stand for one piece of feedback each: a feedback item's first copy, a user report's
 * first row with the last row sent within five minutes of it (whose text replaced the first's).
 */
function collapse(rows: readonly FeedbackRow[]): Array<{ first: FeedbackRow; content: FeedbackRow }> {
  const kept = new Map<string, { first: FeedbackRow; content: FeedbackRow }>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const key = row.type === 'user_report' ? `report:${row.event_id}` : `feedback:${row.own_id ?? row.id}`;
    const seen = kept.get(key);
    if (!seen) kept.set(key, { first: row, content: row });
    else if (row.type === 'user_report' && row.received - seen.first.received <= REPORT_UPDATE_WINDOW_MS)
      seen.content = row;
  }
  return [...kept.values()];
}

function readFeedback(db: SqliteDb, first: FeedbackRow, content: FeedbackRow): UserFeedback | undefined {
  const row = stmt<[number], { data: Buffer }>(db, 'SELECT data FROM item_store WHERE id = ?').get(
    content.id,
  );
  const body = obj(obj(row ? decodeNode(row.data) : undefined)?.body) ?? {};
  const isReport = content.type === 'user_report';
  const fields = isReport ? body : (obj(obj(body.contexts)?.feedback) ?? {});
  const comments = (isReport ? text(fields.comments) : text(fields.message))?.trim() ?? '';
  if (comments === '') return undefined;
  const date = isReport ? first.received : (sentAt(body.timestamp) ?? first.received);
  return {
    id: first.id,
    eventId: first.event_id,
    groupId: first.group_id,
    name: text(fields.name),
    email: isReport ? text(fields.email) : text(fields.contact_email),
    comments,
    url: isReport ? null : text(fields.url),
    dateCreated: new Date(date).toISOString(),
    source: content.type,
  };
}

/** Newest first, as Sentry lists user reports. */
function readAll(db: SqliteDb, rows: readonly FeedbackRow[]): UserFeedback[] {
  return collapse(rows)
    .flatMap(({ first, content }) => readFeedback(db, first, content) ?? [])
    .sort((a, b) => b.dateCreated.localeCompare(a.dateCreated) || b.id - a.id);
}

/** The feedback on an issue's events, a page of it, and how much there is. */
export function issueFeedback(
  db: SqliteDb,
  group: { id: number; projectId: number },
  page: { offset: number; limit: number },
): UserFeedbackList {
  const rows = stmt<[number, number], FeedbackRow>(
    db,
    `SELECT ${COLUMNS} FROM ${JOINED} AND e.group_id = ?`,
  ).all(group.projectId, group.id);
  const all = readAll(db, rows);
  return {
    feedback: all.slice(page.offset, page.offset + page.limit),
    total: all.length,
    offset: page.offset,
  };
}

/** The count of an issue's User Feedback tab. */
export function issueFeedbackCount(db: SqliteDb, group: { id: number; projectId: number }): number {
  return issueFeedback(db, group, { offset: 0, limit: 0 }).total;
}

/** The feedback on one event. */
export function eventFeedback(db: SqliteDb, projectId: number, eventId: string): UserFeedback[] {
  const rows = stmt<[number, string], FeedbackRow>(
    db,
    `SELECT ${COLUMNS} FROM ${JOINED} AND i.associated_event_id = ?`,
  ).all(projectId, eventId);
  return readAll(db, rows);
}

/**
 * User feedback on events, as Sentry's User Feedback tab (of an issue) and section (of an event)
 * show it. The pipeline keeps `feedback` and `user_report` items in `item_store` with the id of the
 * event they are about (`pipeline/other-items.ts`); they are joined to `events` when read, so
 * feedback sent before its event shows once the event is stored, and follows the event into
 * whatever issue it belongs to after a merge or unmerge.
 *
 * Sentry lists its `UserReport` rows there, which both items become (`save_userreport`; a feedback
 * item with an associated event is copied to one), and applies their rules, which are applied here
 * as the items are read, in the order they arrived:
 * - one report per event (unique on project and event id): a report for the event within five
 *   minutes of its first replaces its name, email and comments, a later one is refused;
 * - a report about an event already stored whose time is more than 30 minutes before the report's
 *   (a feedback item's own timestamp, else when it arrived) is refused;
 * - a report without comments, with a name over 128 or an email over 75 characters, or an email
 *   that is not an address, is dropped.
 */
import type { UserFeedback, UserFeedbackList } from '../../../../src-shared/issues-api.ts';
import { epochMillis, type Json, obj, storedBody, text } from '../../store/item-json.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { stmt } from '../../store/statements.ts';
import { FEEDBACK_EMAIL, MAX_FEEDBACK_EMAIL, MAX_FEEDBACK_NAME } from '../feedback-rules.ts';
import { timeSql } from './event-scope.ts';
import type { Span } from './periods.ts';

const UPDATE_WINDOW_MS = 5 * 60_000;
const MAX_EVENT_AGE_MS = 30 * 60_000;

/** A stored feedback item with the event it is about (null fields: that event is not stored). */
export interface FeedbackRow {
  id: number;
  type: 'feedback' | 'user_report';
  received: number;
  event_id: string;
  group_id: number | null;
  event_timestamp: number | null;
  event_received: number | null;
  data: Buffer;
}

const COLUMNS = `i.id, i.type, i.received, i.associated_event_id AS event_id, i.data,
  e.group_id, e.timestamp AS event_timestamp, e.received AS event_received`;
// item_store drives the join: a project has far fewer feedback items than an issue has events.
const JOINED = `item_store i CROSS JOIN events e
  WHERE i.project_id = ? AND i.type IN ('feedback', 'user_report')
    AND e.project_id = i.project_id AND e.event_id = i.associated_event_id`;

export interface Report {
  name: string | null;
  email: string | null;
  comments: string;
  url: string | null;
  /** When Sentry takes it to be sent, for the age check against its event. */
  sentAt: number;
}

/** What one item says (its decoded body given, or read from the row), or undefined when Sentry would drop it. */
export function readReport(
  row: Pick<FeedbackRow, 'type' | 'received' | 'data'>,
  body: Json = storedBody(row.data) ?? {},
): Report | undefined {
  const isReport = row.type === 'user_report';
  const fields = isReport ? body : (obj(obj(body.contexts)?.feedback) ?? {});
  const report: Report = {
    name: text(fields.name),
    email: text(isReport ? fields.email : fields.contact_email),
    comments: (text(isReport ? fields.comments : fields.message) ?? '').trim(),
    url: isReport ? null : text(fields.url),
    sentAt: isReport ? row.received : (epochMillis(body.timestamp) ?? row.received),
  };
  if (report.comments === '' || (report.name?.length ?? 0) > MAX_FEEDBACK_NAME) return undefined;
  if (
    report.email !== null &&
    (report.email.length > MAX_FEEDBACK_EMAIL || !FEEDBACK_EMAIL.test(report.email))
  )
    return undefined;
  return report;
}

/** The reports the items make, one per event, by Sentry's rules above. */
export function collapse(rows: readonly FeedbackRow[]): UserFeedback[] {
  const kept = new Map<string, UserFeedback>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const report = readReport(row);
    if (!report) continue;
    const eventStored = row.event_received !== null && row.event_received <= row.received;
    if (eventStored && row.event_timestamp !== null && row.event_timestamp < report.sentAt - MAX_EVENT_AGE_MS)
      continue;
    const first = kept.get(row.event_id);
    if (first && row.received - Date.parse(first.dateCreated) > UPDATE_WINDOW_MS) continue;
    kept.set(row.event_id, {
      id: first?.id ?? row.id,
      eventId: row.event_id,
      groupId: row.group_id,
      name: report.name,
      email: report.email,
      comments: report.comments,
      url: report.url,
      dateCreated: first?.dateCreated ?? new Date(row.received).toISOString(),
      source: row.type,
    });
  }
  return [...kept.values()];
}

/** Newest first, as Sentry lists user reports. */
function newestFirst(rows: readonly FeedbackRow[]): UserFeedback[] {
  return collapse(rows).sort((a, b) => b.dateCreated.localeCompare(a.dateCreated) || b.id - a.id);
}

/** The feedback on an issue's events — those of a time filter (on the events' times) when given — newest first. */
export function issueFeedback(
  db: SqliteDb,
  group: { id: number; projectId: number },
  time: Span | null = null,
): UserFeedback[] {
  const bounds = timeSql('e.timestamp', time);
  const rows = stmt<unknown[], FeedbackRow>(
    db,
    `SELECT ${COLUMNS} FROM ${JOINED} AND e.group_id = ?${bounds.sql}`,
  ).all(group.projectId, group.id, ...bounds.params);
  return newestFirst(rows);
}

/** A page of feedback, with how much there is. */
export function feedbackPage(
  all: readonly UserFeedback[],
  page: { offset: number; limit: number },
): UserFeedbackList {
  return {
    feedback: all.slice(page.offset, page.offset + page.limit),
    total: all.length,
    offset: page.offset,
  };
}

/** The feedback on one event. */
export function eventFeedback(db: SqliteDb, projectId: number, eventId: string): UserFeedback[] {
  const rows = stmt<[number, string], FeedbackRow>(
    db,
    `SELECT ${COLUMNS} FROM ${JOINED} AND i.associated_event_id = ?`,
  ).all(projectId, eventId);
  return newestFirst(rows);
}

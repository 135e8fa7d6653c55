/**
 * The attachments of an issue's events (Sentry's issue Attachments tab), newest first, filtered as
 * Sentry filters them. Found through the issue's `events` rather than `attachments.group_id`, which
 * names the group the event first joined: merge and unmerge move events, not their attachments' rows.
 * The page's filter narrows them to its events: their time here, their environments by the event index.
 */
import type {
  AttachmentFilter,
  IssueAttachment,
  IssueAttachmentList,
} from '../../../../src-shared/issue-attachments-api.ts';
import { type AttachmentRow, attachmentInfo, CRASH_REPORT_TYPES } from '../../store/attachments.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { timeSql } from './event-scope.ts';
import type { Span } from './periods.ts';

const CRASH_TYPES = [...CRASH_REPORT_TYPES];

/** Sentry's `event_attachment_screenshot_filter` is `name__icontains="screenshot"`; SQLite's LIKE ignores ASCII case too. */
const FILTER_SQL: Record<AttachmentFilter, { sql: string; params: string[] }> = {
  all: { sql: '', params: [] },
  screenshot: { sql: "AND a.name LIKE '%screenshot%'", params: [] },
  onlyCrash: {
    sql: `AND a.attachment_type IN (${CRASH_TYPES.map(() => '?').join(',')})`,
    params: CRASH_TYPES,
  },
};

function toIssueAttachment(row: AttachmentRow): IssueAttachment {
  return {
    ...attachmentInfo(row),
    eventId: row.event_id,
    dateCreated: new Date(row.created_at).toISOString(),
  };
}

/** The rows of the issue's attachments, those of a time filter's events, and of `eventIds` when given. */
function attachmentsFrom(
  group: { id: number; projectId: number },
  filter: AttachmentFilter,
  time: Span | null,
  eventIds?: readonly string[],
): { sql: string; params: unknown[] } {
  const bounds = timeSql('timestamp', time);
  const only = FILTER_SQL[filter];
  const ids = eventIds ? ' AND a.event_id IN (SELECT value FROM json_each(?))' : '';
  return {
    sql: `FROM attachments a
    WHERE a.project_id = ? AND a.event_id IN (SELECT event_id FROM events WHERE group_id = ?${bounds.sql}) ${only.sql}${ids}`,
    params: [
      group.projectId,
      group.id,
      ...bounds.params,
      ...only.params,
      ...(eventIds ? [JSON.stringify(eventIds)] : []),
    ],
  };
}

/** The events with attachments (of the filter and time): the few the event index is asked about for their environment. */
export function attachmentEventIds(
  db: SqliteDb,
  group: { id: number; projectId: number },
  filter: AttachmentFilter,
  time: Span | null,
): string[] {
  const from = attachmentsFrom(group, filter, time);
  return db
    .prepare<unknown[], { event_id: string }>(`SELECT DISTINCT a.event_id ${from.sql}`)
    .all(...from.params)
    .map((row) => row.event_id);
}

export function issueAttachments(
  db: SqliteDb,
  group: { id: number; projectId: number },
  page: { filter: AttachmentFilter; offset: number; limit: number },
  scope: { time: Span | null; eventIds?: readonly string[] } = { time: null },
): IssueAttachmentList {
  const from = attachmentsFrom(group, page.filter, scope.time, scope.eventIds);
  const total =
    db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${from.sql}`).get(...from.params)?.n ?? 0;
  const rows = db
    .prepare<unknown[], AttachmentRow>(
      `SELECT a.* ${from.sql} ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...from.params, page.limit, page.offset);
  return { attachments: rows.map(toIssueAttachment), total, offset: page.offset };
}

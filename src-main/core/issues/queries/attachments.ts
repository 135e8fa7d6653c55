/**
 * The attachments of an issue's events (Sentry's issue Attachments tab), newest first, filtered as
 * Sentry filters them. Found through the issue's `events` rather than `attachments.group_id`, which
 * names the group the event first joined: merge and unmerge move events, not their attachments' rows.
 */
import type {
  AttachmentFilter,
  IssueAttachment,
  IssueAttachmentList,
} from '../../../../src-shared/issue-attachments-api.ts';
import { type AttachmentRow, attachmentInfo, CRASH_REPORT_TYPES } from '../../store/attachments.ts';
import type { SqliteDb } from '../../store/sqlite.ts';

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

export function issueAttachments(
  db: SqliteDb,
  group: { id: number; projectId: number },
  page: { filter: AttachmentFilter; offset: number; limit: number },
): IssueAttachmentList {
  const filter = FILTER_SQL[page.filter];
  const from = `FROM attachments a
    WHERE a.project_id = ? AND a.event_id IN (SELECT event_id FROM events WHERE group_id = ?) ${filter.sql}`;
  const args = [group.projectId, group.id, ...filter.params];
  const total = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${from}`).get(...args)?.n ?? 0;
  const rows = db
    .prepare<unknown[], AttachmentRow>(
      `SELECT a.* ${from} ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, page.limit, page.offset);
  return { attachments: rows.map(toIssueAttachment), total, offset: page.offset };
}

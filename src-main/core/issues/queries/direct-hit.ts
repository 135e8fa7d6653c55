/**
 * Sentry's "direct hit" in the issue stream (`organization_group_index`): a search that is nothing
 * but an event id (32 hex digits, or a UUID with dashes, any case) or an issue's short id names one
 * issue, and the stream answers with it and `X-Sentry-Direct-Hit: 1`, which the UI follows to the
 * issue. Any project's issue is found, as Sentry looks in every project the user can see.
 */
import type { DirectHit } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { stmt } from '../../store/statements.ts';
import { InvalidShortIdError, parseShortId } from '../short-id.ts';
import { GroupStatus } from '../types.ts';

const VISIBLE = `g.status IN (${GroupStatus.UNRESOLVED}, ${GroupStatus.RESOLVED}, ${GroupStatus.IGNORED})`;

/** Sentry's `normalize_event_id`: the id as 32 lower-case hex digits, or null. */
export function normalizeEventId(text: string): string | null {
  const compact = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
    ? text.replaceAll('-', '')
    : text;
  return /^[0-9a-f]{32}$/i.test(compact) ? compact.toLowerCase() : null;
}

export function findDirectHit(db: SqliteDb, query: string): DirectHit | null {
  const text = query.trim();
  if (text === '' || /\s/.test(text)) return null;
  const eventId = normalizeEventId(text);
  if (eventId) {
    // By (project, event id), the events' key. One issue only: the same id in two projects is no
    // direct hit (Sentry lists them instead).
    const rows = stmt<[string], { group_id: number; project_id: number }>(
      db,
      `SELECT e.group_id, e.project_id FROM events e JOIN groups g ON g.id = e.group_id
       WHERE e.project_id IN (SELECT id FROM projects) AND e.event_id = ? AND ${VISIBLE} LIMIT 2`,
    ).all(eventId);
    const [row] = rows;
    return rows.length === 1 && row ? { groupId: row.group_id, projectId: row.project_id, eventId } : null;
  }
  let parsed: { projectSlug: string; shortId: number };
  try {
    parsed = parseShortId(text);
  } catch (error) {
    if (error instanceof InvalidShortIdError) return null;
    throw error;
  }
  const row = stmt<[string, number], { id: number; project_id: number }>(
    db,
    `SELECT g.id, g.project_id FROM groups g JOIN projects p ON p.id = g.project_id
     WHERE p.slug = ? AND g.short_id = ? AND ${VISIBLE}`,
  ).get(parsed.projectSlug, parsed.shortId);
  return row ? { groupId: row.id, projectId: row.project_id } : null;
}

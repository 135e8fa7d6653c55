/**
 * The events of an issue and one event in full: paging, Sentry's latest / oldest / previous / next
 * navigation (event-navigation.ts), and the payload from nodestore.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { EventDetail, EventList, EventSummary } from '../../../../src-shared/issues-api.ts';
import type { JsonObject } from '../../pipeline/normalize/json.ts';
import { applySourceMaps } from '../../sourcemaps/symbolicate.ts';
import { AttachmentStore, attachmentInfo } from '../../store/attachments.ts';
import { materializeTags } from '../../store/duckdb/sentry_tags.ts';
import { Nodestore } from '../../store/nodestore.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { formatShortId } from '../short-id.ts';
import { type Edge, edgeEventId, type Navigator, sqliteNavigator } from './event-navigation.ts';
import type { EventWindow } from './event-window.ts';
import { eventFeedback } from './feedback.ts';
import type { EventSpan } from './index-conditions.ts';
import { addSourceFromDisk } from './source-context.ts';

export interface EventRow {
  project_id: number;
  event_id: string;
  group_id: number | null;
  timestamp: number;
}

/** The times of a group's first and last events (two seeks in events_group); null without events. */
export function groupEventSpan(db: SqliteDb, groupId: number): EventSpan | null {
  const row = db
    .prepare<[number, number], { first: number | null; last: number | null }>(
      `SELECT (SELECT min(timestamp) FROM events WHERE group_id = ?) AS first,
              (SELECT max(timestamp) FROM events WHERE group_id = ?) AS last`,
    )
    .get(groupId, groupId);
  return row?.first == null || row.last == null ? null : { first: row.first, last: row.last };
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function userLabel(event: Record<string, unknown>): string | null {
  const user = event.user as Record<string, unknown> | undefined;
  if (!user || typeof user !== 'object') return null;
  return (
    str(user.email) ??
    str(user.username) ??
    (user.id != null ? String(user.id) : null) ??
    str(user.ip_address)
  );
}

function summarize(row: EventRow, event: Record<string, unknown>): EventSummary {
  const logentry = event.logentry as Record<string, unknown> | undefined;
  return {
    eventId: row.event_id,
    groupId: row.group_id ?? 0,
    timestamp: new Date(row.timestamp).toISOString(),
    title: str(event.title) ?? '<untitled>',
    message: str(logentry?.formatted) ?? str(logentry?.message) ?? str(event.message) ?? '',
    level: str(event.level),
    release: str(event.release),
    environment: str(event.environment),
    user: userLabel(event),
  };
}

/**
 * A search's matches (at most 10,000 event ids) are counted by their key, and their page is read so too
 * when they are few of the issue's events; else along the issue's events in time order, where the first
 * page of many matches comes at once. Through the issue's events, the count read every one of them
 * (~300 ms for 10k matches among 70k events, ~60 ms by key), and a page of rare matches nearly so.
 */
const KEY_READ_SHARE = 1 / 8;

/** A page of an issue's events, newest first; `eventIds` restricts it to a search's matches. */
export function listIssueEvents(
  db: SqliteDb,
  groupId: number,
  page: { offset: number; limit: number; eventIds?: readonly string[]; window?: EventWindow },
): EventList {
  // `date:` bounds; an unbounded side is left out (the events' index is by group and time).
  let bounded = '';
  const bounds: number[] = [];
  if (page.window && Number.isFinite(page.window.start)) {
    bounded += ' AND timestamp >= ?';
    bounds.push(page.window.start);
  }
  if (page.window?.end != null) {
    bounded += ' AND timestamp < ?';
    bounds.push(page.window.end);
  }
  const columns = 'SELECT project_id, event_id, group_id, timestamp FROM events';
  const ordered = 'ORDER BY timestamp DESC, event_id DESC LIMIT ? OFFSET ?';
  const pageOf = (sql: string, params: unknown[]) =>
    db.prepare<unknown[], EventRow>(`${sql} ${ordered}`).all(...params, page.limit, page.offset);
  const countOf = (sql: string, params: unknown[]) =>
    db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${sql})`).get(...params)?.n ?? 0;
  const byGroup = `${columns} WHERE group_id = ?${bounded}`;
  if (!page.eventIds) {
    const params = [groupId, ...bounds];
    return eventList(db, pageOf(byGroup, params), countOf(byGroup, params), page.offset);
  }
  const ids = JSON.stringify(page.eventIds);
  // `+group_id`: SQLite would otherwise walk events_group.
  const byKey = `${columns} WHERE project_id = (SELECT project_id FROM groups WHERE id = ?)
    AND event_id IN (SELECT value FROM json_each(?)) AND +group_id = ?${bounded}`;
  const keyParams = [groupId, ids, groupId, ...bounds];
  const timesSeen =
    db.prepare<[number], { n: number }>('SELECT times_seen AS n FROM groups WHERE id = ?').get(groupId)?.n ??
    0;
  const rows =
    page.eventIds.length < timesSeen * KEY_READ_SHARE
      ? pageOf(byKey, keyParams)
      : pageOf(`${byGroup} AND event_id IN (SELECT value FROM json_each(?))`, [groupId, ...bounds, ids]);
  return eventList(db, rows, countOf(byKey, keyParams), page.offset);
}

function eventList(db: SqliteDb, rows: EventRow[], total: number, offset: number): EventList {
  const nodestore = new Nodestore(db);
  return {
    events: rows.map((row) =>
      summarize(row, (nodestore.get(row.project_id, row.event_id) ?? {}) as Record<string, unknown>),
    ),
    total,
    offset,
  };
}

/** A page of a project's events, newest first (Sentry's project events list), with their total. */
export function projectEventRows(
  db: SqliteDb,
  projectId: number,
  page: { offset: number; limit: number },
): { rows: EventRow[]; total: number } {
  const rows = db
    .prepare<[number, number, number], EventRow>(
      `SELECT project_id, event_id, group_id, timestamp FROM events WHERE project_id = ?
       ORDER BY timestamp DESC, event_id DESC LIMIT ? OFFSET ?`,
    )
    .all(projectId, page.limit, page.offset);
  const total =
    db
      .prepare<[number], { n: number }>('SELECT count(*) AS n FROM events WHERE project_id = ?')
      .get(projectId)?.n ?? 0;
  return { rows, total };
}

export function findEvent(
  db: SqliteDb,
  params: { projectId?: number; groupId?: number; eventId: string },
): EventRow {
  let eventId = params.eventId.replaceAll('-', '').toLowerCase();
  if ((eventId === 'latest' || eventId === 'oldest') && params.groupId !== undefined)
    eventId = edgeEventId(db, params.groupId, eventId) ?? '';
  // By group, the event is still found by its key (`+group_id` keeps SQLite off `events_group`): through
  // that index it walked the issue's events in time order, ~150 ms to the latest of 60k.
  const row =
    params.projectId === undefined
      ? db
          .prepare<[number, string, number], EventRow>(
            `SELECT project_id, event_id, group_id, timestamp FROM events
             WHERE project_id = (SELECT project_id FROM groups WHERE id = ?) AND event_id = ? AND +group_id = ?`,
          )
          .get(params.groupId ?? 0, eventId, params.groupId ?? 0)
      : db
          .prepare<[number, string], EventRow>(
            'SELECT project_id, event_id, group_id, timestamp FROM events WHERE project_id = ? AND event_id = ?',
          )
          .get(params.projectId, eventId);
  if (!row) throw new FaultlineError('not_found', `event ${params.eventId} does not exist`);
  return row;
}

const EDGES: readonly string[] = ['latest', 'oldest', 'recommended'] satisfies Edge[];
const isEdge = (eventId: string): eventId is Edge => EDGES.includes(eventId);

/**
 * One event in full with its issue's navigation. `navigator` finds the issue's latest, oldest and
 * recommended event and the event's neighbours (every event of the issue by default; the page
 * filter's else): `latest` / `oldest` / `recommended` are found by it, an event named by its id is
 * shown even outside it.
 */
export async function getEvent(
  db: SqliteDb,
  dataDir: string,
  params: { projectId?: number; groupId?: number; eventId: string },
  navigator: Navigator = sqliteNavigator(db),
): Promise<EventDetail> {
  if (params.projectId === undefined && params.groupId === undefined)
    throw new FaultlineError('invalid_params', 'events.get needs projectId or groupId');
  const edge = isEdge(params.eventId) ? params.eventId : null;
  let eventId = params.eventId;
  if (edge !== null && params.groupId !== undefined) {
    const found = await navigator.edge(params.groupId, edge);
    if (found === null)
      throw new FaultlineError('not_found', `issue ${params.groupId} has no event that matches the filter`);
    eventId = found;
  }
  const row = findEvent(db, { ...params, eventId });
  const event = new Nodestore(db).get(row.project_id, row.event_id) as Record<string, unknown> | undefined;
  if (!event) throw new FaultlineError('not_found', `event ${row.event_id} has no stored payload`);
  const shortId =
    row.group_id === null
      ? undefined
      : db
          .prepare<[number], { slug: string; short_id: number }>(
            'SELECT p.slug, g.short_id FROM groups g JOIN projects p ON p.id = g.project_id WHERE g.id = ?',
          )
          .get(row.group_id);
  const attachments = new AttachmentStore(db, dataDir).listForEvent(row.project_id, row.event_id);
  // Source maps first (display time only; the stored event and its grouping keep the minified frames).
  await applySourceMaps(event, row.timestamp);
  return {
    eventId: row.event_id,
    projectId: row.project_id,
    groupId: row.group_id,
    shortId: shortId ? formatShortId(shortId.slug, shortId.short_id) : null,
    timestamp: new Date(row.timestamp).toISOString(),
    event,
    tags: [...materializeTags(event as JsonObject)].sort(([a], [b]) => a.localeCompare(b)),
    ...(await navigator.around(row)),
    attachments: attachments.map(attachmentInfo),
    sourceFromDisk: addSourceFromDisk(event),
    userFeedback: eventFeedback(db, row.project_id, row.event_id),
  };
}

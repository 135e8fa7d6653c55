/**
 * `feedback.list`: a project's User Feedback inbox, newest first, as Sentry's User Feedback page
 * lists it. Every `feedback` item is one entry, whether or not it names an error event (Sentry
 * makes each a feedback issue; the widget's feedback usually names none, and no issue's tab shows
 * it). `user_report` items (older SDKs, always about an event) become entries by the rules the
 * issue's User Feedback tab applies (one per event, the update window, the event's age:
 * issues/queries/feedback.ts). Items are read from `item_store` on the main thread, the newest
 * MAX_FEEDBACK_ITEMS at most, with the event they name and its issue when that event is stored.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  type FeedbackEntry,
  type FeedbackList,
  MAX_FEEDBACK_ITEMS,
} from '../../../src-shared/feedback-api.ts';
import { collapse, type FeedbackRow, readReport } from '../issues/queries/feedback.ts';
import { formatShortId } from '../issues/short-id.ts';
import type { JsonObject } from '../pipeline/normalize/json.ts';
import { parseBrowser, parseOs, requestUserAgent } from '../pipeline/normalize/user_agent.ts';
import { type AttachmentStore, attachmentInfo } from '../store/attachments.ts';
import { epochMillis, type Json, obj, storedBody, text } from '../store/item-json.ts';
import { Nodestore } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

interface Row extends Omit<FeedbackRow, 'event_id'> {
  /** The event it is about: always there for a report, often absent for a feedback item. */
  event_id: string | null;
  feedback_event_id: string | null;
  short_id: number | null;
  slug: string;
}

const ROWS = `SELECT i.id, i.type, i.received, i.event_id AS feedback_event_id, i.associated_event_id AS event_id,
    i.data, e.group_id, e.timestamp AS event_timestamp, e.received AS event_received, g.short_id, p.slug
  FROM item_store i
  JOIN projects p ON p.id = i.project_id
  LEFT JOIN events e ON e.project_id = i.project_id AND e.event_id = i.associated_event_id
  LEFT JOIN groups g ON g.id = e.group_id
  WHERE i.project_id = ? AND i.type IN ('feedback', 'user_report')
  ORDER BY i.received DESC, i.id DESC
  LIMIT ${MAX_FEEDBACK_ITEMS + 1}`;

/** "Chrome 120.0" from a context with `name` and `version`. */
function named(context: Json | undefined): string | null {
  const name = text(context?.name);
  if (name === null) return null;
  const version = text(context?.version);
  return version === null ? name : `${name} ${version}`;
}

function userOf(user: Json | undefined): string | null {
  return text(user?.email) ?? text(user?.username) ?? text(user?.id) ?? text(user?.ip_address);
}

function entryOf(
  row: Row,
  fields: Omit<
    FeedbackEntry,
    'id' | 'source' | 'eventId' | 'groupId' | 'shortId' | 'feedbackEventId' | 'attachments'
  >,
): FeedbackEntry {
  return {
    id: row.id,
    source: row.type,
    feedbackEventId: row.type === 'feedback' ? row.feedback_event_id : null,
    eventId: row.event_id,
    groupId: row.group_id,
    shortId: row.short_id === null ? null : formatShortId(row.slug, row.short_id),
    attachments: [],
    ...fields,
  };
}

/**
 * Where an event says it was sent from: the fields a feedback entry shows besides the report. A
 * feedback item is kept as the SDK sent it, so the browser and OS come from its User-Agent when it
 * names none, as Relay's normalization fills them in (the OS only for a browser's event).
 */
function sentFrom(
  event: Json,
): Pick<FeedbackEntry, 'url' | 'environment' | 'release' | 'browser' | 'os' | 'user'> {
  const contexts = obj(event.contexts);
  // Parsed from the stored JSON: it is JSON throughout.
  const agent = requestUserAgent(event as JsonObject);
  const fromAgent = (parse: typeof parseBrowser) => {
    const parsed = agent === undefined ? undefined : parse(agent);
    return parsed
      ? named({ name: parsed.name, ...(parsed.version ? { version: parsed.version } : {}) })
      : null;
  };
  return {
    url: text(obj(event.request)?.url),
    environment: text(event.environment),
    release: text(event.release),
    browser: named(obj(contexts?.browser)) ?? fromAgent(parseBrowser),
    os: named(obj(contexts?.os)) ?? (event.platform === 'javascript' ? fromAgent(parseOs) : null),
    user: userOf(obj(event.user)),
  };
}

/** A `feedback` item: its own entry, with what its event says about where it was sent from. */
function feedbackEntry(row: Row): FeedbackEntry | undefined {
  const body = storedBody(row.data) ?? {};
  const report = readReport(row, body);
  if (!report) return undefined;
  const from = sentFrom(body);
  return entryOf(row, {
    ...from,
    name: report.name,
    email: report.email,
    message: report.comments,
    url: report.url ?? from.url,
    dateCreated: new Date(epochMillis(body.timestamp) ?? row.received).toISOString(),
  });
}

/**
 * The `user_report` items (each names its event), one entry per event as the tab keeps them.
 * A report says only who wrote what; as Sentry's `shim_to_feedback` makes a feedback of it, the rest
 * comes from its event once that is stored (environment, release, browser, OS, user, page; the name
 * and email too when the report has none).
 */
function reportEntries(
  nodestore: Nodestore,
  projectId: number,
  rows: readonly (Row & { event_id: string })[],
): FeedbackEntry[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return collapse(rows).flatMap((report) => {
    const row = byId.get(report.id);
    if (!row) return [];
    const event = row.event_timestamp === null ? undefined : obj(nodestore.get(projectId, row.event_id));
    const from = event
      ? sentFrom(event)
      : { url: null, environment: null, release: null, browser: null, os: null, user: null };
    const user = obj(event?.user);
    return [
      entryOf(row, {
        ...from,
        name: report.name || (text(user?.name) ?? text(user?.username)),
        email: report.email || text(user?.email),
        message: report.comments,
        url: report.url ?? from.url,
        dateCreated: report.dateCreated,
      }),
    ];
  });
}

function matches(entry: FeedbackEntry, words: string): boolean {
  if (words === '') return true;
  return [entry.message, entry.name, entry.email, entry.url].some(
    (field) => field?.toLowerCase().includes(words) === true,
  );
}

/** The attachments sent with a page's feedback events (the widget's screenshot), read for that page only. */
function withAttachments(
  store: AttachmentStore,
  projectId: number,
  entries: FeedbackEntry[],
): FeedbackEntry[] {
  return entries.map((entry) =>
    entry.feedbackEventId === null
      ? entry
      : { ...entry, attachments: store.listForEvent(projectId, entry.feedbackEventId).map(attachmentInfo) },
  );
}

export function listFeedback(
  db: SqliteDb,
  attachments: AttachmentStore,
  params: ApiParsedParams<'feedback.list'>,
): FeedbackList {
  const rows = stmt<[number], Row>(db, ROWS).all(params.projectId);
  const partial = rows.length > MAX_FEEDBACK_ITEMS;
  const read = rows.slice(0, MAX_FEEDBACK_ITEMS);
  const words = (params.query ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  const entries = [
    ...read.flatMap((row) => (row.type === 'feedback' ? (feedbackEntry(row) ?? []) : [])),
    ...reportEntries(
      new Nodestore(db),
      params.projectId,
      read.filter(
        (row): row is Row & { event_id: string } => row.type === 'user_report' && row.event_id !== null,
      ),
    ),
  ]
    .filter((entry) => matches(entry, words))
    .sort((a, b) => b.dateCreated.localeCompare(a.dateCreated) || b.id - a.id);
  return {
    feedback: withAttachments(
      attachments,
      params.projectId,
      entries.slice(params.offset, params.offset + params.limit),
    ),
    total: entries.length,
    offset: params.offset,
    partial,
  };
}

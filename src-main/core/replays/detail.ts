/**
 * `replays.get`: one replay as Sentry's replay details show it — the consolidated replay, its
 * recording (every `replay_recording` segment decoded, `recording.ts`, in segment order and
 * concatenated; a segment that cannot be read is named in `problems`, never dropped silently), the
 * breadcrumbs the SDK recorded into it (rrweb custom events tagged `breadcrumb`), and its errors, each
 * with its issue when Faultline has the event.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type {
  ReplayBreadcrumb,
  ReplayDetail,
  ReplayError,
  ReplayRecording,
} from '../../../src-shared/replays-api.ts';
import { formatShortId } from '../issues/short-id.ts';
import { type Json, obj, storedBody, text } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { readReplay, replayItems } from './read.ts';
import { decodeRecordingSegment, RecordingError, type RecordingSegment } from './recording.ts';

/** rrweb's event type of the SDK's own events (breadcrumbs, performance spans, options). */
const RRWEB_CUSTOM = 5;

function payloadOf(body: Json | undefined): Buffer {
  const base64 = text(body?.payload_base64);
  if (base64 === null) throw new RecordingError('the recording item holds no payload');
  return Buffer.from(base64, 'base64');
}

/** Seconds or milliseconds since the epoch, in milliseconds (the SDK's own rule: beyond 10^10 is ms). */
function millis(value: number): number {
  return value > 9_999_999_999 ? value : value * 1000;
}

/**
 * The events as rrweb's player takes them: each stamped in milliseconds (the SDK stamps its
 * performance spans in seconds, which the player would take for 1970) and in time order (segments
 * are flushed one after another, but a span is added when it ends), stable for equal times.
 */
export function playable(events: readonly unknown[]): unknown[] {
  return events
    .map((event) => {
      const json = obj(event);
      return json && typeof json.timestamp === 'number'
        ? { ...json, timestamp: millis(json.timestamp) }
        : event;
    })
    .map((event, index) => ({ event, index, at: (obj(event)?.timestamp as number | undefined) ?? 0 }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ event }) => event);
}

export function readRecording(db: SqliteDb, projectId: number, replayId: string): ReplayRecording {
  const bySegment = new Map<number, RecordingSegment>();
  const problems: string[] = [];
  for (const [index, data] of replayItems(db, projectId, replayId, 'replay_recording').entries()) {
    try {
      const segment = decodeRecordingSegment(payloadOf(storedBody(data)));
      // An SDK that retried sends a segment again: the later copy replaces it.
      bySegment.set(segment.segmentId, segment);
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      problems.push(`recording item ${index + 1}: ${error.message}`);
    }
  }
  const segments = [...bySegment.values()].sort((a, b) => a.segmentId - b.segmentId);
  return {
    events: playable(segments.flatMap((segment) => segment.events)),
    segments: segments.map((segment) => segment.segmentId),
    problems,
  };
}

/** The breadcrumbs among a recording's events, in time order. */
export function replayBreadcrumbs(events: readonly unknown[]): ReplayBreadcrumb[] {
  const crumbs: ReplayBreadcrumb[] = [];
  for (const event of events) {
    const json = obj(event);
    const data = obj(json?.data);
    if (json?.type !== RRWEB_CUSTOM || data?.tag !== 'breadcrumb') continue;
    const payload = obj(data.payload);
    const category = text(payload?.category);
    if (!payload || category === null) continue;
    const seconds = payload.timestamp;
    const timestamp =
      typeof seconds === 'number'
        ? seconds * 1000
        : typeof json.timestamp === 'number'
          ? json.timestamp
          : null;
    if (timestamp === null) continue;
    crumbs.push({
      timestamp,
      category,
      message: text(payload.message),
      type: text(payload.type),
      level: text(payload.level),
    });
  }
  return crumbs.sort((a, b) => a.timestamp - b.timestamp);
}

interface ErrorRow {
  group_id: number | null;
  timestamp: number;
  short_id: number | null;
  slug: string;
  title: string | null;
}

function replayErrors(db: SqliteDb, projectId: number, errorIds: readonly string[]): ReplayError[] {
  const row = stmt<[number, string], ErrorRow>(
    db,
    `SELECT e.group_id, e.timestamp, g.short_id, p.slug, g.title
     FROM events e JOIN projects p ON p.id = e.project_id LEFT JOIN groups g ON g.id = e.group_id
     WHERE e.project_id = ? AND e.event_id = ?`,
  );
  return errorIds
    .map((eventId): ReplayError => {
      const found = row.get(projectId, eventId);
      return {
        eventId,
        groupId: found?.group_id ?? null,
        shortId: found && found.short_id !== null ? formatShortId(found.slug, found.short_id) : null,
        title: found?.title ?? null,
        timestamp: found?.timestamp ?? null,
      };
    })
    .sort((a, b) => (a.timestamp ?? Number.MAX_SAFE_INTEGER) - (b.timestamp ?? Number.MAX_SAFE_INTEGER));
}

export function replayDetail(db: SqliteDb, projectId: number, replayId: string): ReplayDetail {
  const replay = readReplay(db, projectId, replayId);
  if (!replay)
    throw new FaultlineError(
      'not_found',
      `replay ${replayId} is not in project ${projectId} (or its first segment was not received)`,
    );
  const recording = readRecording(db, projectId, replayId);
  return {
    replay,
    errors: replayErrors(db, projectId, replay.errorIds),
    breadcrumbs: replayBreadcrumbs(recording.events),
    recording,
  };
}

/**
 * Session Replay (`Sentry.replayIntegration()` in the browser SDK), as Sentry's Replays page and
 * replay details show it: a replay is the `replay_event` items (one per segment) that share a
 * `replay_id`, consolidated as Sentry's replay index aggregates them, and the rrweb events of its
 * `replay_recording` segments. Params schemas and result types of `replays.list` and `replays.get`.
 */
import { z } from 'zod';

/** Replay events read for one list at most (the read runs on the main thread, which also answers SDKs). */
export const MAX_REPLAY_EVENTS_SCANNED = 2_000;

/** A browser, OS or SDK as Sentry's replay index has it. */
export interface NameVersion {
  name: string | null;
  version: string | null;
}

/** The replay's user, as Sentry's replay serializer gives it (`display_name`: email, username, id, IP). */
export interface ReplayUser {
  id: string | null;
  username: string | null;
  email: string | null;
  ip: string | null;
  displayName: string | null;
}

/** "Chrome 120.0", or null without a name. */
export function nameAndVersion(value: NameVersion): string | null {
  if (value.name === null) return null;
  return value.version ? `${value.name} ${value.version}` : value.name;
}

/** One replay, its segments consolidated as Sentry's replay index does. */
export interface ReplaySummary {
  /** 32 hex digits. */
  id: string;
  projectId: number;
  /** The earliest segment's `replay_start_timestamp` (ISO 8601). */
  startedAt: string;
  /** The latest segment's `timestamp` (ISO 8601). */
  finishedAt: string;
  /** Whole seconds between the two, as Sentry's `dateDiff('second', …)`. */
  duration: number;
  /** Every segment's URLs in segment order (repeats kept, as Sentry keeps them). */
  urls: string[];
  /** The distinct error event ids the segments name (32 hex digits). */
  errorIds: string[];
  /** The distinct trace ids the segments name. */
  traceIds: string[];
  countSegments: number;
  user: ReplayUser;
  /** The browser context, else read from the User-Agent as Relay reads it. */
  browser: NameVersion;
  os: NameVersion;
  environment: string | null;
  releases: string[];
  replayType: string | null;
  platform: string | null;
  dist: string | null;
  sdk: NameVersion;
}

export interface ReplayList {
  replays: ReplaySummary[];
  /** The read stopped at `MAX_REPLAY_EVENTS_SCANNED` replay events: older replays were not read. */
  partial: boolean;
}

/**
 * The replays an issue's events belong to (Sentry's issue Replays tab), newest first. `total` counts
 * every one Faultline has (at most `MAX_ISSUE_REPLAYS`), `replays` the first of them asked for.
 */
export interface IssueReplayList {
  replays: ReplaySummary[];
  total: number;
}

/** The replays of one issue looked at, at most (the newest by their events). */
export const MAX_ISSUE_REPLAYS = 1_000;

/** A breadcrumb the SDK recorded into the replay (an rrweb custom event tagged `breadcrumb`). */
export interface ReplayBreadcrumb {
  /** Milliseconds since the epoch. */
  timestamp: number;
  category: string;
  message: string | null;
  type: string | null;
  level: string | null;
}

/** An error event of the replay, linked to its issue when Faultline has it. */
export interface ReplayError {
  eventId: string;
  /** Null when the event was not received (or was deleted). */
  groupId: number | null;
  shortId: string | null;
  title: string | null;
  /** Milliseconds since the epoch, null when the event is not stored. */
  timestamp: number | null;
}

export interface ReplayRecording {
  /** The rrweb events of every segment, in segment order. */
  events: unknown[];
  /** Segment ids decoded, ascending. */
  segments: number[];
  /** Why a segment could not be read ("segment 2: …"), one entry per segment refused. */
  problems: string[];
}

export interface ReplayDetail {
  replay: ReplaySummary;
  errors: ReplayError[];
  breadcrumbs: ReplayBreadcrumb[];
  recording: ReplayRecording;
}

const projectId = z.number().int().positive();
const replayId = z
  .string()
  .transform((value) => value.replaceAll('-', '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{32}$/, 'a replay id is 32 hex digits'));

export const replayParams = {
  list: z
    .object({
      projectId,
      limit: z.number().int().min(1).max(1_000).default(100),
    })
    .strict(),
  get: z.object({ projectId, replayId }).strict(),
};

/**
 * One replay from its `replay_event` segments, as Sentry's replay index aggregates the rows of a
 * replay (`sentry/replays/query.py`): started at the earliest `replay_start_timestamp`, finished at
 * the latest `timestamp`, duration the whole seconds between; the URLs of every segment in segment
 * order, repeats kept; error and trace ids distinct, the nil UUID left out; user, browser, OS,
 * environment and SDK the first non-empty value; releases distinct. Sentry lists a replay only
 * once it has its segment 0 (older replays lose it to retention first): `consolidateReplay` answers
 * undefined without it. Replay events are stored as received (Relay has not normalized them), so
 * the browser and OS come from the `User-Agent` header when the contexts have none, as Relay fills them.
 */
import type { NameVersion, ReplaySummary, ReplayUser } from '../../../src-shared/replays-api.ts';
import { parseBrowser, parseOs } from '../pipeline/normalize/user_agent.ts';
import { epochMillis, type Json, obj, text } from '../store/item-json.ts';

const NIL_ID = '00000000000000000000000000000000';

function hexId(value: unknown): string | null {
  const id = text(value)?.replaceAll('-', '').toLowerCase();
  return id && /^[0-9a-f]{32}$/.test(id) && id !== NIL_ID ? id : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function ids(segments: readonly Json[], key: string): string[] {
  const seen = new Set<string>();
  for (const segment of segments)
    for (const value of Array.isArray(segment[key]) ? (segment[key] as unknown[]) : []) {
      const id = hexId(value);
      if (id) seen.add(id);
    }
  return [...seen];
}

function firstOf<T>(segments: readonly Json[], pick: (segment: Json) => T | null): T | null {
  for (const segment of segments) {
    const value = pick(segment);
    if (value !== null) return value;
  }
  return null;
}

function nameVersion(value: unknown): NameVersion | null {
  const context = obj(value);
  const name = text(context?.name);
  return name ? { name, version: text(context?.version) } : null;
}

function userAgent(segment: Json): string | null {
  const headers = obj(obj(segment.request)?.headers);
  if (!headers) return null;
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'user-agent');
  return key === undefined ? null : text(headers[key]);
}

/** The segment's browser or OS context, else what the User-Agent says, as Relay fills them. */
function fromAgent(segment: Json, key: 'browser' | 'os'): NameVersion | null {
  const context = nameVersion(obj(segment.contexts)?.[key]);
  if (context) return context;
  const ua = userAgent(segment);
  const parsed = ua ? (key === 'browser' ? parseBrowser(ua) : parseOs(ua)) : undefined;
  return parsed ? { name: parsed.name, version: parsed.version ?? null } : null;
}

function userField(segment: Json, key: string): string | null {
  const value = obj(segment.user)?.[key];
  return typeof value === 'number' ? String(value) : text(value);
}

/** Each user field the first segment with one has; Sentry's display name is email, username, id, then IP. */
function userOf(segments: readonly Json[]): ReplayUser {
  const field = (key: string) => firstOf(segments, (segment) => userField(segment, key));
  const user = {
    id: field('id'),
    username: field('username'),
    email: field('email'),
    ip: field('ip_address'),
  };
  return { ...user, displayName: user.email ?? user.username ?? user.id ?? user.ip };
}

const NONE: NameVersion = { name: null, version: null };

function segmentIdOf(segment: Json): number | null {
  const id = segment.segment_id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/**
 * The replay of these segments (all with the same `replay_id`, in any order); undefined when none is
 * its segment 0 or no segment has a valid time.
 */
export function consolidateReplay(
  projectId: number,
  replayId: string,
  segments: readonly Json[],
): ReplaySummary | undefined {
  const ordered = segments
    .filter((segment) => segmentIdOf(segment) !== null)
    .sort((a, b) => (segmentIdOf(a) ?? 0) - (segmentIdOf(b) ?? 0));
  if (ordered.length === 0 || segmentIdOf(ordered[0] as Json) !== 0) return undefined;
  const starts = ordered.map((segment) => epochMillis(segment.replay_start_timestamp)).filter(isTime);
  const ends = ordered.map((segment) => epochMillis(segment.timestamp)).filter(isTime);
  if (ends.length === 0) return undefined;
  const finished = Math.max(...ends);
  const started = starts.length > 0 ? Math.min(...starts) : Math.min(...ends);
  return {
    id: replayId,
    projectId,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    duration: Math.max(0, Math.floor(finished / 1000) - Math.floor(started / 1000)),
    urls: ordered.flatMap((segment) => strings(segment.urls)),
    errorIds: ids(ordered, 'error_ids'),
    traceIds: ids(ordered, 'trace_ids'),
    countSegments: ordered.length,
    user: userOf(ordered),
    browser: firstOf(ordered, (segment) => fromAgent(segment, 'browser')) ?? NONE,
    os: firstOf(ordered, (segment) => fromAgent(segment, 'os')) ?? NONE,
    environment: firstOf(ordered, (segment) => text(segment.environment)),
    releases: [...new Set(ordered.map((segment) => text(segment.release)).filter((r) => r !== null))],
    replayType: firstOf(ordered, (segment) => text(segment.replay_type)),
    platform: firstOf(ordered, (segment) => text(segment.platform)),
    dist: firstOf(ordered, (segment) => text(segment.dist)),
    sdk: firstOf(ordered, (segment) => nameVersion(segment.sdk)) ?? NONE,
  };
}

function isTime(value: number | null): value is number {
  return value !== null;
}

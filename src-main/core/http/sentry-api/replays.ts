/**
 * Session replays through Sentry's web API, in the JSON its replay serializer writes
 * (`replays/post_process.py`): `GET /organizations/{org}/replays/` (the replays of the `project`s
 * asked for — all when none — seen in the period: `statsPeriod`, or `start`/`end`, 14 days when
 * absent; `sort` one of the fields below with `-` for descending, `-started_at` by default;
 * `per_page`/`cursor` with Sentry's `Link` header; `field` keeps only those fields) and
 * `GET /organizations/{org}/replays/{replay_id}/` (`{"data": …}`), over the core's `replays.list` and
 * `replays.get`. Sentry's replay search (`query`) is refused with 400 rather than ignored.
 */

import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { ReplaySummary } from '../../../../src-shared/replays-api.ts';
import { streamProjects } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { pageHeaders, pageOf } from './pagination.ts';
import {
  type ApiReply,
  type ApiRequest,
  callCore,
  type Endpoint,
  NOT_FOUND,
  ok,
  SentryApiError,
} from './request.ts';
import { timeRangeOf } from './time-range.ts';

/** Sentry's `activity`: (errors × 25 + URLs × 5) / 10, between 1 and 10. */
function activity(errors: number, urls: number): number {
  return Math.max(1, Math.min(10, Math.floor((errors * 25 + urls * 5) / 10)));
}

function replayJson(replay: ReplaySummary): Record<string, unknown> {
  return {
    id: replay.id,
    project_id: String(replay.projectId),
    trace_ids: replay.traceIds,
    error_ids: replay.errorIds,
    environment: replay.environment,
    tags: {},
    user: {
      id: replay.user.id,
      username: replay.user.username,
      email: replay.user.email,
      ip: replay.user.ip,
      display_name: replay.user.displayName,
    },
    sdk: replay.sdk,
    os: replay.os,
    browser: replay.browser,
    device: { name: null, brand: null, model: null, family: null },
    is_archived: false,
    urls: replay.urls,
    clicks: [],
    count_dead_clicks: 0,
    count_rage_clicks: 0,
    count_errors: replay.errorIds.length,
    duration: replay.duration,
    finished_at: replay.finishedAt,
    started_at: replay.startedAt,
    activity: activity(replay.errorIds.length, replay.urls.length),
    count_urls: replay.urls.length,
    replay_type: replay.replayType,
    count_segments: replay.countSegments,
    platform: replay.platform,
    releases: replay.releases,
    dist: replay.dist,
    warning_ids: [],
    info_ids: [],
    count_warnings: 0,
    count_infos: 0,
    has_viewed: false,
  };
}

const SORTS: Record<string, (replay: ReplaySummary) => number | string> = {
  started_at: (replay) => replay.startedAt,
  finished_at: (replay) => replay.finishedAt,
  duration: (replay) => replay.duration,
  count_errors: (replay) => replay.errorIds.length,
  count_urls: (replay) => replay.urls.length,
  count_segments: (replay) => replay.countSegments,
  activity: (replay) => activity(replay.errorIds.length, replay.urls.length),
};

function sorter(text: string | null): (a: ReplaySummary, b: ReplaySummary) => number {
  const sort = text || '-started_at';
  const descending = sort.startsWith('-');
  const key = SORTS[descending ? sort.slice(1) : sort];
  if (!key) throw new SentryApiError(400, `The field \`${sort.replace(/^-/, '')}\` is not a sortable field.`);
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return (descending ? -order : order) || a.id.localeCompare(b.id);
  };
}

/** Only the `field`s asked for, as Sentry's serializer keeps them (all without any). */
function withFields(json: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  if (fields.length === 0) return json;
  return Object.fromEntries(Object.entries(json).filter(([key]) => fields.includes(key)));
}

async function replayIndex(request: ApiRequest): Promise<ApiReply> {
  const { ctx, params, query } = request;
  assertOrganization(params.org);
  if ((query.get('query') ?? '').trim() !== '')
    throw new SentryApiError(400, 'Faultline does not search replays: list them without a query.');
  const { start, end } = timeRangeOf(query);
  const compare = sorter(query.get('sort') ?? query.get('sortBy') ?? query.get('orderBy'));
  const replays: ReplaySummary[] = [];
  for (const project of streamProjects(ctx, query)) {
    const list = await callCore(ctx, 'replays.list', { projectId: project.id, limit: 1_000 });
    // Sentry finds a replay by any of its segments in the period.
    replays.push(
      ...list.replays.filter((r) => Date.parse(r.finishedAt) >= start && Date.parse(r.startedAt) < end),
    );
  }
  replays.sort(compare);
  const page = pageOf(query, 100, 10);
  const fields = query.getAll('field');
  const data = replays
    .slice(page.offset, page.offset + page.limit)
    .map((r) => withFields(replayJson(r), fields));
  return ok({ data }, pageHeaders(request.url, page, replays.length));
}

async function replayDetails({ ctx, params, query }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  const replayId = (params.replay ?? '').replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(replayId)) throw new SentryApiError(404, NOT_FOUND);
  for (const project of streamProjects(ctx, query)) {
    try {
      const detail = await callCore(ctx, 'replays.get', { projectId: project.id, replayId });
      return ok({ data: withFields(replayJson(detail.replay), query.getAll('field')) });
    } catch (error) {
      if (!(error instanceof FaultlineError && error.type === 'not_found')) throw error;
    }
  }
  throw new SentryApiError(404, NOT_FOUND);
}

export const replayEndpoints: Record<string, Endpoint> = { replayIndex, replayDetails };

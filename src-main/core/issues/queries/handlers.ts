/**
 * The API handlers of the issue pages: SQLite reads on the main thread, event-index reads and
 * every change to groups through the pipeline worker.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { TagValuePage } from '../../../../src-shared/tag-values-api.ts';
import type { Handlers } from '../../api/handlers.ts';
import { type AttachmentRow, AttachmentStore } from '../../store/attachments.ts';
import { getIssue, groupRow } from './detail.ts';
import { findDirectHit } from './direct-hit.ts';
import { environmentFilter, inEnvironments } from './environments.ts';
import { clipWindow, eventFilters, parseSearch } from './event-search.ts';
import { eventWindow, isEmptyWindow } from './event-window.ts';
import { groupEventSpan, listIssueEvents } from './events.ts';
import { addFilteredStats, type FilteredSeriesLookup, matchingSeries } from './filtered-series.ts';
import { eventGroupingInfo } from './grouping-info.ts';
import { type EventFilter, eventFiltersOf, type MatchingGroup } from './index-conditions.ts';
import { listIssues } from './list.ts';
import type { MatchGroupsArgs } from './match-groups.ts';
import { matchingStats } from './matching-stats.ts';
import { bucketsOf, CHART_BUCKET_MS, SPARKLINE_BUCKET_MS, spanOf, timeFilterOf } from './periods.ts';
import { listReleases } from './releases.ts';
import { resolveSearchKeys } from './search-keys.ts';
import { issueStats } from './series.ts';
import { markUnhandled, type UnhandledLookup } from './unhandled.ts';

type IssueMethods =
  | 'issues.list'
  | 'issues.get'
  | 'issues.stats'
  | 'issues.tags'
  | 'issues.tagValues'
  | 'issues.events'
  | 'issues.update'
  | 'issues.merge'
  | 'issues.unmerge'
  | 'issues.delete'
  | 'releases.list'
  | 'events.grouping'
  | 'attachments.get'
  | 'attachments.delete';

const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

function matchGroupsOf(
  ctx: Parameters<Handlers['issues.list']>[1],
  args: MatchGroupsArgs,
): Promise<MatchingGroup[]> {
  return ctx.pipeline.call<{ groups: MatchingGroup[] }>('issues.matchGroups', args).then((a) => a.groups);
}

const byId = (groups: readonly MatchingGroup[]) => new Map(groups.map((group) => [group.id, group]));

function unhandledLookup(ctx: Parameters<Handlers['issues.list']>[1]): UnhandledLookup {
  return (args) => ctx.pipeline.call('issues.unhandled', args);
}

function attachmentRow(ctx: Parameters<Handlers['attachments.get']>[1], id: number): AttachmentRow {
  const row = ctx.db.prepare<[number], AttachmentRow>('SELECT * FROM attachments WHERE id = ?').get(id);
  if (!row) throw new FaultlineError('not_found', `attachment ${id} does not exist`);
  if (row.size > MAX_ATTACHMENT_BYTES)
    throw new FaultlineError('invalid_params', `attachment ${id} is too large to send (${row.size} bytes)`);
  return row;
}

export const issueHandlers: Pick<Handlers, IssueMethods> = {
  'issues.list': async (params, ctx) => {
    // Only on the first page: a later page of the same search is a list's, not a lookup's.
    const hit = params.offset ? null : findDirectHit(ctx.db, params.query ?? '');
    if (hit) {
      const now = Date.now();
      const issues = await markUnhandled(
        [getIssue(ctx.db, hit.groupId, params.period, now)],
        now,
        unhandledLookup(ctx),
      );
      return { issues, total: 1, offset: 0, directHit: hit };
    }
    const { search, matchesNothing } = resolveSearchKeys(
      ctx.db,
      params.projectId,
      parseSearch(params.query),
      params.query,
    );
    const now = Date.now();
    // Sentry's event conditions, free text among them (a substring of an event's `message`, as
    // Sentry's issue search sends it to Snuba): they select the issues and give each its `filtered`
    // events and users. `level:` is one of them: an issue is found by the level of its events, not
    // by its own (its latest event's). `date:` narrows the time range the issues are found and sorted by.
    const { since, until } = spanOf(params, now);
    const filters = eventFiltersOf(search);
    const environment = environmentFilter(params.environments);
    // The environments narrow the events everything is counted on, as a search's `environment:[…]`.
    const eventConditions = environment ? [environment, ...filters] : filters;
    const window = clipWindow(eventWindow(search, since, now), until);
    const matchGroups = (args: Omit<MatchGroupsArgs, 'projectId'>) =>
      matchGroupsOf(ctx, { projectId: params.projectId, ...args });
    const matching =
      matchesNothing || isEmptyWindow(window)
        ? []
        : eventConditions.length === 0 && window === null
          ? undefined
          : await matchGroups({ since, until, window, filters: eventConditions });
    const list = listIssues(ctx.db, {
      ...params,
      search,
      now,
      ...(matching ? { matchingGroups: matching, filteredCounts: filters.length > 0 } : {}),
    });
    const marked = await markUnhandled(list.issues, now, unhandledLookup(ctx));
    const seriesArgs = {
      projectId: params.projectId,
      period: params.period,
      start: params.start,
      end: params.end,
      now,
    };
    const seriesLookup: FilteredSeriesLookup = (args) => ctx.pipeline.call('issues.filteredSeries', args);
    const narrowed = environment
      ? inEnvironments(marked, {
          period: byId(
            filters.length === 0 && window === null && matching
              ? matching
              : await matchGroups({ since, until, window: null, filters: [environment] }),
          ),
          lifetime: byId(
            await matchGroups({ since: null, until: null, window: null, filters: [environment] }),
          ),
          stats: await matchingSeries(
            marked.map((issue) => issue.id),
            {
              projectId: params.projectId,
              buckets: bucketsOf(
                params.graphPeriod ? { period: params.graphPeriod } : params,
                SPARKLINE_BUCKET_MS,
                now,
              ),
              filters: [environment],
            },
            seriesLookup,
          ),
        })
      : marked;
    const issues = params.filteredStats
      ? await addFilteredStats(narrowed, { ...seriesArgs, filters: eventConditions }, seriesLookup)
      : narrowed;
    return { ...list, issues };
  },
  'issues.get': async ({ groupId, period, environments }, ctx) => {
    const now = Date.now();
    const issue = getIssue(ctx.db, groupId, period, now);
    const [marked = issue] = await markUnhandled([issue], now, unhandledLookup(ctx));
    const environment = environmentFilter(environments);
    if (!environment) return marked;
    const { projectId } = marked;
    // The environments' numbers, as Sentry's group details read them with `environment`.
    const group = { id: groupId, span: groupEventSpan(ctx.db, groupId) };
    const [seen] = await matchGroupsOf(ctx, {
      projectId,
      since: null,
      until: null,
      window: null,
      filters: [environment],
      group,
    });
    const series = await matchingSeries(
      [groupId],
      { projectId, buckets: bucketsOf({ period }, SPARKLINE_BUCKET_MS, now), filters: [environment] },
      (args) => ctx.pipeline.call('issues.filteredSeries', args),
    );
    return {
      ...marked,
      count: seen?.events ?? 0,
      userCount: seen?.users ?? 0,
      stats: series.get(groupId) ?? marked.stats,
      ...(seen
        ? {
            firstSeen: new Date(seen.firstSeen).toISOString(),
            lastSeen: new Date(seen.lastSeen).toISOString(),
          }
        : {}),
    };
  },
  'issues.stats': async ({ groupId, environments, query, ...input }, ctx) => {
    const group = groupRow(ctx.db, groupId);
    const now = Date.now();
    const stats = issueStats(ctx.db, groupId, input, now);
    const environment = environmentFilter(environments);
    const buckets = bucketsOf(input, CHART_BUCKET_MS, now);
    const span = spanOf(input, now);
    const issue = { id: groupId, span: groupEventSpan(ctx.db, groupId) };
    const seriesLookup: FilteredSeriesLookup = (args) => ctx.pipeline.call('issues.filteredSeries', args);
    const matching =
      query.trim() === ''
        ? undefined
        : await matchingStats(
            ctx.db,
            { projectId: group.project_id, group: issue, query, environment, span, buckets, now },
            { series: seriesLookup, groups: (args) => matchGroupsOf(ctx, args) },
          );
    if (!environment) return matching ? { ...stats, matching } : stats;
    // The chart of the environments' events: the same buckets, counted on the event index.
    const series = await matchingSeries(
      [groupId],
      { projectId: group.project_id, buckets, filters: [environment] },
      seriesLookup,
    );
    const [inSpan] = await matchGroupsOf(ctx, {
      projectId: group.project_id,
      since: span.since,
      until: span.until,
      window: null,
      filters: [environment],
      group: issue,
    });
    const counts = series.get(groupId) ?? [];
    return {
      ...stats,
      total: inSpan?.events ?? 0,
      points: stats.points.map((point, index) => ({ ...point, count: counts[index] ?? 0 })),
      ...(matching ? { matching } : {}),
    };
  },
  'issues.tags': ({ groupId, limit, environments, ...time }, ctx) => {
    const group = groupRow(ctx.db, groupId);
    const environment = environmentFilter(environments);
    const span = timeFilterOf(time, Date.now());
    return ctx.pipeline.call('issues.tags', {
      projectId: group.project_id,
      groupId,
      span: groupEventSpan(ctx.db, groupId),
      limit,
      filters: environment ? [environment] : [],
      ...(span ? { time: span } : {}),
    });
  },
  'issues.tagValues': async ({ groupId, key, sort, offset, limit, environments }, ctx) => {
    const group = groupRow(ctx.db, groupId);
    const environment = environmentFilter(environments);
    const read = (filters: EventFilter[], page: { offset: number; limit: number }) =>
      ctx.pipeline.call<TagValuePage>('issues.tagValues', {
        projectId: group.project_id,
        groupId,
        span: groupEventSpan(ctx.db, groupId),
        key,
        sort,
        ...page,
        filters,
      });
    const page = await read(environment ? [environment] : [], { offset, limit });
    // As Sentry's endpoint: a key none of the issue's events carries does not exist on it; one the
    // issue has, but not in the chosen environments, has no values there.
    const exists =
      page.uniqueValues > 0 ||
      (environment !== null && (await read([], { offset: 0, limit: 1 })).uniqueValues > 0);
    if (!exists) throw new FaultlineError('not_found', `no event of issue ${groupId} has the tag '${key}'`);
    return page;
  },
  'issues.events': async ({ groupId, query, offset, limit, ...time }, ctx) => {
    const group = groupRow(ctx.db, groupId);
    const { search, matchesNothing } = resolveSearchKeys(ctx.db, group.project_id, parseSearch(query), query);
    const filters = eventFilters(search);
    const now = Date.now();
    // The page's time filter bounds the search's `date:` window, as Sentry's `start`/`end` bound its events.
    const span = timeFilterOf(time, now);
    const window = span
      ? clipWindow(eventWindow(search, span.since, now) ?? { start: span.since, end: null }, span.until)
      : eventWindow(search, Number.NEGATIVE_INFINITY, now);
    if (isEmptyWindow(window)) return { events: [], total: 0, offset: offset ?? 0 };
    const eventIds = matchesNothing
      ? []
      : filters.length === 0
        ? undefined
        : (
            await ctx.pipeline.call<{ eventIds: string[] }>('issues.matchEvents', {
              projectId: group.project_id,
              groupId,
              span: groupEventSpan(ctx.db, groupId),
              filters,
            })
          ).eventIds;
    return listIssueEvents(ctx.db, groupId, {
      offset,
      limit,
      ...(eventIds ? { eventIds } : {}),
      ...(window ? { window } : {}),
    });
  },
  'issues.update': (params, ctx) => ctx.pipeline.call('issues.update', params),
  'issues.merge': (params, ctx) => ctx.pipeline.call('issues.merge', params),
  'issues.unmerge': (params, ctx) => ctx.pipeline.call('issues.unmerge', params),
  'issues.delete': (params, ctx) => ctx.pipeline.call('issues.delete', params),
  'releases.list': ({ projectId, query, limit }, ctx) => {
    if (!ctx.projects.get(projectId))
      throw new FaultlineError('not_found', `project ${projectId} does not exist`);
    return listReleases(ctx.db, projectId, { query, limit });
  },
  'events.grouping': ({ projectId, eventId }, ctx) => eventGroupingInfo(ctx.db, projectId, eventId),
  'attachments.get': ({ attachmentId }, ctx) => {
    const row = attachmentRow(ctx, attachmentId);
    const data = new AttachmentStore(ctx.db, ctx.dataDir).read(row);
    return { name: row.name, contentType: row.content_type, size: row.size, base64: data.toString('base64') };
  },
  'attachments.delete': (params, ctx) => ctx.pipeline.call('attachments.delete', params),
};

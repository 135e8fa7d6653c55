/**
 * The API handlers of the issue page's parts that follow its filter (environments, a period or a
 * range) through the event index: the event shown with its Older/Newer, the User Feedback,
 * Attachments and Replays tabs. SQLite reads on the main thread; the environments, which only the
 * event index has, are asked of the pipeline worker.
 */
import type { Handlers } from '../../api/handlers.ts';
import type { CoreContext } from '../../context.ts';
import { issueReplays, type ReplayIdsLookup } from '../../replays/issue-replays.ts';
import { storedReplayIds } from '../../replays/read.ts';
import { attachmentEventIds, issueAttachments } from './attachments.ts';
import { groupRow } from './detail.ts';
import {
  indexNavigator,
  type NavigationLookup,
  type Navigator,
  recommendingNavigator,
  sqliteNavigator,
} from './event-navigation.ts';
import {
  eventsInEnvironments,
  type IssueEventScope,
  issueEventScope,
  type MatchEventsLookup,
  type PageFilterInput,
} from './event-scope.ts';
import { searchScope } from './event-search.ts';
import { getEvent, groupEventSpan } from './events.ts';
import { feedbackPage, issueFeedback } from './feedback.ts';
import type { MatchingGroup } from './index-conditions.ts';
import type { MatchGroupsArgs } from './match-groups.ts';

type PageFilterMethods =
  | 'events.get'
  | 'issues.feedback'
  | 'issues.attachments'
  | 'issues.replays'
  | 'issues.counts';

const matchEvents =
  (ctx: CoreContext): MatchEventsLookup =>
  (args) =>
    ctx.pipeline.call('issues.matchEvents', args);

/** The group with the span of its events, which keeps the event index's reads to that time. */
function issueOf(ctx: CoreContext, groupId: number) {
  const row = groupRow(ctx.db, groupId);
  return { projectId: row.project_id, groupId, span: groupEventSpan(ctx.db, groupId) };
}

/** The event index's navigation of the issue in the scope, its recommended event's replay checked in the replay store. */
function issueIndexNavigator(ctx: CoreContext, groupId: number, scope: IssueEventScope | null) {
  const lookup: NavigationLookup = (args) => ctx.pipeline.call('issues.eventNavigation', args);
  const issue = issueOf(ctx, groupId);
  return indexNavigator(lookup, issue, scope, (ids) => storedReplayIds(ctx.db, issue.projectId, ids));
}

/** The feedback on the issue's events in the scope, newest first. */
async function scopedFeedback(ctx: CoreContext, groupId: number, scope: IssueEventScope | null) {
  const issue = issueOf(ctx, groupId);
  const all = issueFeedback(ctx.db, { id: groupId, projectId: issue.projectId }, scope?.time ?? null);
  if (!scope || scope.filters.length === 0) return all;
  const ids = all.map((entry) => entry.eventId);
  const kept = await eventsInEnvironments(matchEvents(ctx), issue, scope, ids);
  return all.filter((entry) => kept.has(entry.eventId));
}

const scopeOf = (input: PageFilterInput) => issueEventScope(input, Date.now());

/** The navigation of a search no event can match: no edges, no neighbours. */
const NO_EVENTS: Navigator = {
  edge: async () => null,
  around: async () => ({ previousEventId: null, nextEventId: null }),
};

export const pageFilterHandlers: Pick<Handlers, PageFilterMethods> = {
  'events.get': ({ environments, period, start, end, query, ...params }, ctx) => {
    let scope = scopeOf({ environments, period, start, end });
    // The filter is the issue page's: an event looked up by project alone has no issue to narrow.
    if (params.groupId === undefined) return getEvent(ctx.db, ctx.dataDir, params);
    if (query.trim() !== '') {
      const projectId = groupRow(ctx.db, params.groupId).project_id;
      const searched = searchScope(ctx.db, projectId, query, scope, Date.now());
      if (!searched) return getEvent(ctx.db, ctx.dataDir, params, NO_EVENTS);
      scope = searched;
    }
    if (scope && scope.filters.length > 0)
      return getEvent(ctx.db, ctx.dataDir, params, issueIndexNavigator(ctx, params.groupId, scope));
    const base = sqliteNavigator(ctx.db, scope?.time ?? null);
    if (params.eventId !== 'recommended') return getEvent(ctx.db, ctx.dataDir, params, base);
    // The recommended event's ordering keys (replay, trace, processing errors, profile) are the index's.
    const index = issueIndexNavigator(ctx, params.groupId, scope);
    return getEvent(ctx.db, ctx.dataDir, params, recommendingNavigator(base, index));
  },
  'issues.feedback': async ({ groupId, offset, limit, ...filter }, ctx) =>
    feedbackPage(await scopedFeedback(ctx, groupId, scopeOf(filter)), { offset, limit }),
  'issues.attachments': async ({ groupId, filter, offset, limit, query, ...pageFilter }, ctx) => {
    const issue = issueOf(ctx, groupId);
    const group = { id: groupId, projectId: issue.projectId };
    const filtered = scopeOf(pageFilter);
    const scope =
      query.trim() === '' ? filtered : searchScope(ctx.db, issue.projectId, query, filtered, Date.now());
    // A search no event can match (a key none has, a window with no time in it): no attachments.
    if (query.trim() !== '' && !scope) return { attachments: [], total: 0, offset };
    const time = scope?.time ?? null;
    if (!scope || scope.filters.length === 0)
      return issueAttachments(ctx.db, group, { filter, offset, limit }, { time });
    const ids = attachmentEventIds(ctx.db, group, filter, time);
    const kept = await eventsInEnvironments(matchEvents(ctx), issue, scope, ids);
    return issueAttachments(ctx.db, group, { filter, offset, limit }, { time, eventIds: [...kept] });
  },
  'issues.counts': async ({ groupId, query, ...filter }, ctx) => {
    const issue = issueOf(ctx, groupId);
    let scope = scopeOf(filter);
    if (query.trim() !== '') {
      const searched = searchScope(ctx.db, issue.projectId, query, scope, Date.now());
      if (!searched) return { count: 0, userCount: 0 };
      scope = searched;
    }
    // Nothing narrows: the issue's own numbers, which SQLite keeps as each event is stored.
    if (!scope) {
      const row = groupRow(ctx.db, groupId);
      return { count: row.times_seen, userCount: row.users_seen };
    }
    const args: MatchGroupsArgs = {
      projectId: issue.projectId,
      since: scope.time?.since ?? null,
      until: scope.time?.until ?? null,
      window: null,
      filters: scope.filters,
      group: { id: groupId, span: issue.span },
    };
    const { groups } = await ctx.pipeline.call<{ groups: MatchingGroup[] }>('issues.matchGroups', args);
    const [seen] = groups;
    return { count: seen?.events ?? 0, userCount: seen?.users ?? 0 };
  },
  'issues.replays': ({ groupId, limit, ...filter }, ctx) => {
    const lookup: ReplayIdsLookup = (args) => ctx.pipeline.call('issues.replayIds', args);
    return issueReplays(ctx.db, lookup, issueOf(ctx, groupId), scopeOf(filter), limit);
  },
};

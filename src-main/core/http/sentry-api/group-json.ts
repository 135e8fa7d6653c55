/**
 * An issue as Sentry's group serializers write it: the stream's (`StreamGroupSerializer`: the base
 * fields, `stats`, `lifetime`, `filtered`) and the details' (`GroupDetailsEndpoint`: releases,
 * activity, `userReportCount`). Ids and `count` are strings, as in Sentry.
 */
import type { IssueDetail, IssueSummary, StatsPeriod } from '../../../../src-shared/issues-api.ts';
import type { CoreContext } from '../../context.ts';
import { bucketsFor, SPARKLINE_BUCKET_MS } from '../../issues/queries/periods.ts';
import { sparklines } from '../../issues/queries/series.ts';

/** Sentry's stats: `[unix seconds, events]` per bucket (hours over 24h, days over 14d), oldest first. */
export type GroupStats = Record<string, Array<[number, number]>>;

/** The list's own graphs (`IssueSummary.stats`, in `period`'s sparkline buckets) as Sentry's stats. */
export function listStats(issues: readonly IssueSummary[], period: StatsPeriod): Map<number, GroupStats> {
  const buckets = bucketsFor(period, SPARKLINE_BUCKET_MS[period], Date.now());
  const at = (i: number) => Math.floor((buckets.start + i * buckets.bucketMs) / 1000);
  return new Map(
    issues.map((issue) => [issue.id, { [period]: issue.stats.map((n, i): [number, number] => [at(i), n]) }]),
  );
}

export function groupStats(
  ctx: CoreContext,
  groupIds: readonly number[],
  periods: readonly StatsPeriod[],
): Map<number, GroupStats> {
  const now = Date.now();
  const out = new Map<number, GroupStats>(groupIds.map((id) => [id, {}]));
  for (const period of periods) {
    const buckets = bucketsFor(period, SPARKLINE_BUCKET_MS[period], now);
    for (const [id, counts] of sparklines(ctx.db, groupIds, buckets)) {
      const stats = out.get(id);
      if (stats)
        stats[period] = counts.map((n, i): [number, number] => [
          Math.floor((buckets.start + i * buckets.bucketMs) / 1000),
          n,
        ]);
    }
  }
  return out;
}

function counts(value: { count: number; userCount: number }) {
  return { count: String(value.count), userCount: value.userCount };
}

export function groupJson(ctx: CoreContext, issue: IssueSummary, stats: GroupStats | undefined) {
  const project = ctx.projects.get(issue.projectId);
  return {
    id: String(issue.id),
    shareId: null,
    shortId: issue.shortId,
    title: issue.title,
    culprit: issue.culprit,
    permalink: `${ctx.ingestUrl()}/#/issues/${issue.id}`,
    logger: issue.logger,
    level: issue.level,
    status: issue.status,
    statusDetails: {},
    substatus: issue.substatus,
    isPublic: false,
    platform: issue.platform,
    priority: issue.priority,
    priorityLockedAt: issue.priorityLockedAt,
    project: {
      id: String(issue.projectId),
      name: project?.name ?? issue.projectSlug,
      slug: issue.projectSlug,
      platform: null,
    },
    // Sentry's `Group.get_event_type()`: an error, a default (message) event, or a transaction's occurrence.
    type:
      issue.issueCategory === 'performance' ? 'transaction' : issue.type === 'error' ? 'error' : 'default',
    issueType: issue.issueType,
    issueCategory: issue.issueCategory,
    metadata: issue.metadata,
    numComments: 0,
    assignedTo: null,
    isBookmarked: issue.isBookmarked,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: false,
    annotations: [],
    isUnhandled: issue.isUnhandled ?? false,
    // The stream's count and first seen are the period's with the all-time ones as `lifetime`, as
    // Sentry's (`_execute_seen_stats_query` over the period; its last seen is the issue's, in it, or
    // of a range that ended before it the range's last event).
    ...counts(issue),
    firstSeen: (issue.lifetime && issue.periodFirstSeen) || issue.firstSeen,
    lastSeen: (issue.lifetime && issue.periodLastSeen) || issue.lastSeen,
    ...(stats ? { stats } : {}),
    ...(issue.lifetime
      ? { lifetime: { ...counts(issue.lifetime), firstSeen: issue.firstSeen, lastSeen: issue.lastSeen } }
      : {}),
    ...(issue.filtered !== undefined ? { filtered: issue.filtered ? counts(issue.filtered) : null } : {}),
  };
}

function releaseJson(version: string | null) {
  return version === null ? null : { version, shortVersion: version };
}

/**
 * `GET /issues/{id}/`: the group with what its page shows; `userReportCount` is its User Feedback's
 * total (`issues.feedback`), which the issue itself does not carry.
 */
export function groupDetailsJson(
  ctx: CoreContext,
  issue: IssueDetail,
  userReportCount: number,
  environmentStats?: GroupStats,
) {
  const stats = environmentStats ?? groupStats(ctx, [issue.id], ['24h', '30d']).get(issue.id);
  return {
    ...groupJson(ctx, issue, stats),
    statusDetails: issue.statusDetails,
    firstRelease: releaseJson(issue.firstRelease),
    lastRelease: releaseJson(issue.lastRelease),
    activity: issue.activity.map((entry) => ({
      id: String(entry.id),
      type: entry.type,
      data: entry.data,
      dateCreated: entry.createdAt,
      user: null,
    })),
    userReportCount,
    seenBy: [],
    participants: [],
    pluginActions: [],
    pluginIssues: [],
    pluginContexts: [],
    tags: [],
  };
}

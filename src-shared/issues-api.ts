/**
 * What the issue pages read and send through the API contract (`issues.*`, `events.*`,
 * `attachments.*`): params schemas and result types, kept here so `api.ts` stays a list of methods.
 */
import { z } from 'zod';
import { PRIORITY_VALUES, type PriorityValue } from './issue-search/types.ts';

export const ISSUE_SORTS = ['date', 'new', 'freq', 'user'] as const;
/** Sentry's sort names: last seen, first seen, events, users. */
export type IssueSort = (typeof ISSUE_SORTS)[number];

/** Sentry's page periods, up to its `MAX_STATS_PERIOD` (90 days). */
export const STATS_PERIODS = ['1h', '24h', '7d', '14d', '30d', '90d'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';
export type IssueSubstatus =
  | 'new'
  | 'regressed'
  | 'escalating'
  | 'ongoing'
  | 'archived_until_escalating'
  | 'archived_until_condition_met'
  | 'archived_forever'
  | null;

import type { IssueCategory } from './performance-issues.ts';

export interface IssueSummary {
  id: number;
  projectId: number;
  projectSlug: string;
  /** `PROJECT-1A`. */
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: IssueStatus;
  substatus: IssueSubstatus;
  type: string;
  /** Sentry's group type slug (`error`, `performance_n_plus_one_db_queries` …) and its category. */
  issueType: string;
  issueCategory: IssueCategory;
  platform: string | null;
  /** The logger of the event that created the issue (Sentry's `Group.logger`). */
  logger: string | null;
  /**
   * Sentry's group metadata, as the last event wrote it: an error's type, value, filename, function
   * and in-app frame mix, a message's title, the SDK's name … (`group.data["metadata"]`).
   */
  metadata: { type?: string; value?: string; filename?: string; function?: string; [key: string]: unknown };
  firstSeen: string;
  lastSeen: string;
  /**
   * Events and users (Sentry's `count`, `userCount`): in the issue list, those of the chosen period,
   * as Sentry's stream shows them, with the all-time totals in `lifetime`; elsewhere all time.
   */
  count: number;
  userCount: number;
  /** All time, in the issue list (where `count` and `userCount` are the period's). */
  lifetime?: { count: number; userCount: number };
  /**
   * In the issue list, the time of the period's first event (Sentry's stream `firstSeen`, with the
   * issue's own in `lifetime`); `firstSeen` stays the issue's. Absent when the period has none.
   */
  periodFirstSeen?: string;
  /**
   * In the issue list of an absolute range, the time of its last event (Sentry's stream `lastSeen`
   * of a range, by which it sorts); `lastSeen` stays the issue's.
   */
  periodLastSeen?: string;
  /**
   * In the issue list under a search with event filters (tags, `has:`, `level:` …), the period's
   * events that match them and their users (Sentry's `filtered`); null without such filters. `stats`
   * is the matching events per bucket of `stats` (Sentry's `filtered.stats`), the graph's second series.
   */
  filtered?: { count: number; userCount: number; stats?: number[] } | null;
  /**
   * Sentry's "Unhandled" mark: the issue's latest recent event has an exception its SDK reported
   * as not handled (`mechanism.handled: false`). Set in the issue list and on the issue page.
   */
  isUnhandled?: boolean;
  /** Sentry's priority: from the first event's level, raised when it escalates, or as a user set it. */
  priority: PriorityValue;
  /** When a user set the priority (Sentry's `priorityLockedAt`): escalation leaves it alone since. */
  priorityLockedAt: string | null;
  /** Sentry's bookmark star (one user here). */
  isBookmarked: boolean;
  /** Events per bucket over the chosen period, oldest first: the sparkline. */
  stats: number[];
}

export interface IssueList {
  issues: IssueSummary[];
  /** Issues matching the search (Sentry's `X-Hits`). */
  total: number;
  offset: number;
  /**
   * The search was an event id or a short id naming one issue (Sentry's `X-Sentry-Direct-Hit`),
   * perhaps of another project: the UI opens it.
   */
  directHit?: DirectHit;
}

export interface DirectHit {
  groupId: number;
  projectId: number;
  /** When the search was this event's id. */
  eventId?: string;
}

export interface IssueHash {
  hash: string;
  events: number;
  latestEventId: string | null;
}

/** One entry of an issue's Activity (`activity-api.ts` lists the types and their data). */
export interface IssueActivity {
  /** The note's id for `issues.notes.update` / `delete`; 0 for `first_seen`, which is not stored. */
  id: number;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface IssueDetail extends IssueSummary {
  firstRelease: string | null;
  lastRelease: string | null;
  /** Why it is resolved or archived: the release it waits for, the event count it waits for. */
  statusDetails: {
    /** Resolved until a release newer than this one. */
    inNextRelease?: string;
    /** Resolved in this release: its events and those of newer releases regress it. */
    inRelease?: string;
    ignoreCount?: number;
    ignoreUntilEscalating?: boolean;
  };
  hashes: IssueHash[];
  activity: IssueActivity[];
}

export interface IssueStats {
  bucketMs: number;
  /** The issue's events in the period (its first bucket may also hold some from before it). */
  total: number;
  /** Bucket starts (ms) with their event counts, oldest first. */
  points: Array<{ t: number; count: number }>;
  /**
   * Under an event search (`query`), Sentry's "Matching events" drawn over the total: the events of
   * the period that match it, and per bucket of `points`. Absent without a search.
   */
  matching?: { total: number; counts: number[] };
}

/** The issue's events and users under the issue page's filter (`issues.counts`). */
export interface IssueCounts {
  count: number;
  userCount: number;
}

export interface TagDistribution {
  key: string;
  /** Events of the issue carrying this tag. */
  totalValues: number;
  uniqueValues: number;
  topValues: Array<{ value: string; count: number }>;
}

export interface EventSummary {
  eventId: string;
  groupId: number;
  timestamp: string;
  title: string;
  message: string;
  level: string | null;
  release: string | null;
  environment: string | null;
  user: string | null;
}

export interface EventList {
  events: EventSummary[];
  total: number;
  offset: number;
}

export interface AttachmentInfo {
  id: number;
  name: string;
  contentType: string;
  attachmentType: string;
  size: number;
}

export interface EventDetail {
  eventId: string;
  projectId: number;
  groupId: number | null;
  shortId: string | null;
  timestamp: string;
  /** The stored (normalized) event as nodestore keeps it. */
  event: Record<string, unknown>;
  /** Its tags as Sentry's tagstore has them: the event's own plus release, environment, user, os … */
  tags: Array<[string, string]>;
  previousEventId: string | null;
  nextEventId: string | null;
  attachments: AttachmentInfo[];
  /** Frames whose source context was read from the file on disk (`exceptionIndex:frameIndex`). */
  sourceFromDisk: string[];
  /** What users said about this event (Sentry's User Feedback), newest first. */
  userFeedback: UserFeedback[];
}

/**
 * One piece of user feedback about an event, as Sentry's User Feedback shows it: from the `feedback`
 * item of current SDKs (`captureFeedback`) or the older `user_report` item.
 */
export interface UserFeedback {
  id: number;
  /** The event it is about. */
  eventId: string;
  /** That event's issue. */
  groupId: number | null;
  name: string | null;
  email: string | null;
  comments: string;
  /** The page the user was on (feedback items only). */
  url: string | null;
  /** When it was sent (a feedback item's own timestamp) or received (a user report). */
  dateCreated: string;
  source: 'feedback' | 'user_report';
}

export interface UserFeedbackList {
  feedback: UserFeedback[];
  total: number;
  offset: number;
}

/** A release of a project, as Sentry's release pickers list them. */
export interface ProjectRelease {
  version: string;
  /** When an event first named it (Sentry's `dateCreated`). */
  dateCreated: string;
}

export interface AttachmentContent {
  name: string;
  contentType: string;
  size: number;
  base64: string;
}

export interface GroupingComponentView {
  id: string;
  name: string | null;
  contributes: boolean;
  hint: string | null;
  values: Array<GroupingComponentView | string | number>;
}

export interface GroupingVariantView {
  type: string;
  hash: string | null;
  contributes: boolean;
  hint: string | null;
  description: string;
  component: GroupingComponentView | null;
  /** Fingerprint values (fingerprint and salted variants). */
  values?: string[];
  /** The fingerprint rule that set them (the project's, or Sentry's built-in one), as Sentry's page names it. */
  matchedRule?: { text: string; isBuiltin: boolean };
}

/** Grouping info of one event, recomputed with the config that grouped it. */
export interface EventGroupingInfo {
  config: string;
  hashes: string[];
  contributingVariant: string | null;
  variants: Record<string, GroupingVariantView>;
  /** The issue each hash belongs to now (a hash may have been merged elsewhere). */
  hashGroups: Array<{ hash: string; groupId: number | null }>;
}

const projectId = z.number().int().positive();
const groupId = z.number().int().positive();
const groupIds = z.array(groupId).min(1).max(10_000);
const period = z.enum(STATS_PERIODS);

/**
 * An absolute range (Sentry's page filter "from … to …", its `start` and `end`): ISO 8601 instants,
 * both or neither, start before end, as Sentry's `get_date_range_from_params` takes them. Given, it
 * is the range counted and graphed instead of the period (events at `start` in, at `end` out).
 */
export const rangeFields = {
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
};
export interface TimeRange {
  start: string;
  end: string;
}
export function checkRange(
  value: { start?: string | undefined; end?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.start === undefined && value.end === undefined) return;
  if (value.start === undefined || value.end === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [value.start ? 'end' : 'start'],
      message: 'start and end are both required',
    });
    return;
  }
  if (Date.parse(value.start) >= Date.parse(value.end))
    ctx.addIssue({ code: 'custom', path: ['end'], message: 'start must be before end' });
}

/** A plain union: zod 4's discriminatedUnion refuses two members with the same `status`. */
export const statusUpdateSchema = z.union([
  /** Sentry's `statusDetails.inRelease`: a release of the project, or `latest` (before plain resolved, which would strip it). */
  z.object({ status: z.literal('resolved'), inRelease: z.string().min(1).max(250) }),
  z.object({ status: z.literal('resolved') }),
  z.object({ status: z.literal('resolvedInNextRelease') }),
  z.object({ status: z.literal('unresolved') }),
  z.object({ status: z.literal('ignored'), until: z.literal('forever') }),
  z.object({ status: z.literal('ignored'), until: z.literal('count'), count: z.number().int().positive() }),
  z.object({ status: z.literal('ignored'), until: z.literal('escalating') }),
]);
export type IssueStatusUpdate = z.infer<typeof statusUpdateSchema>;

/**
 * What `issues.update` changes on its issues, as Sentry's bulk update: the status, the priority
 * (which locks it against escalation), the bookmark, or Mark Reviewed (Sentry's `inbox: false`:
 * out of For Review).
 */
export const issueUpdateSchema = z.union([
  statusUpdateSchema,
  z.object({ priority: z.enum(PRIORITY_VALUES) }).strict(),
  z.object({ isBookmarked: z.boolean() }).strict(),
  z.object({ inbox: z.literal(false) }).strict(),
]);
export type IssueUpdate = z.infer<typeof issueUpdateSchema>;

/** Environment names, as events carry them (Relay allows up to 64 characters). */
export const environmentNames = z.array(z.string().min(1).max(64)).max(100).default([]);
const environments = environmentNames;

export const issueParams = {
  /** The environments the project's events name. */
  environments: z.object({ projectId }).strict(),
  list: z
    .object({
      projectId,
      query: z.string().max(4000).default('is:unresolved'),
      sort: z.enum(ISSUE_SORTS).default('date'),
      period: period.default('14d'),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      /**
       * Each filtered row's series of matching events (`filtered.stats`, the stream's second graph):
       * one DuckDB query for the page, which a caller that shows no graph (Sentry's web API) skips.
       */
      filteredStats: z.boolean().default(true),
      /**
       * Sentry's environment page filter: only issues with events in these environments, each with
       * those events' counts, users, first and last seen and graph (all environments when empty).
       */
      environments,
      /** The period of the rows' graphs (`stats`) when not the list's (Sentry's `groupStatsPeriod`). */
      graphPeriod: period.optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /** With environments, the issue's events, users, first and last seen and graph are theirs (Sentry's page filter). */
  get: z.object({ groupId, period: period.default('24h'), environments }).strict(),
  /**
   * `query`: an event search (tags, level, `has:`, text, `date:`) whose matching events the chart
   * draws over the total (`matching`), as Sentry's issue details graph under its search.
   */
  stats: z
    .object({
      groupId,
      period: period.default('24h'),
      environments,
      query: z.string().max(4000).default(''),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /**
   * With environments, the tags of those environments' events only; with a period or a range (the
   * page's time filter, as Sentry's group tags take `statsPeriod` or `start`/`end`), of its events.
   */
  tags: z
    .object({
      groupId,
      limit: z.number().int().min(1).max(100).default(10),
      environments,
      period: period.optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /**
   * The issue's events, newest first; with a period or a range (the page's time filter, as Sentry's
   * group events take `statsPeriod` or `start`/`end`) only those of that time, the range winning.
   */
  events: z
    .object({
      groupId,
      query: z.string().max(4000).default(''),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(500).default(50),
      period: period.optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /**
   * With environments, a period or a range (the issue page's filter, as Sentry's group event details
   * take `environment` and `statsPeriod` or `start`/`end`), `latest` / `oldest` and the neighbours are
   * those of the filter's events; an event named by its id is shown even outside it.
   */
  eventGet: z
    .object({
      projectId: projectId.optional(),
      groupId: groupId.optional(),
      /** 32 hex digits, or `latest` / `oldest` / `recommended` of `groupId`. */
      eventId: z.string().min(1).max(64),
      /**
       * An event search (tags, level, text, `date:`) that, as Sentry's group event details `query`,
       * narrows the issue's latest, oldest and recommended event and an event's previous and next.
       */
      query: z.string().max(4000).default(''),
      environments,
      period: period.optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /** With environments, a period or a range: the feedback on the events of the page's filter. */
  feedback: z
    .object({
      groupId,
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(500).default(50),
      environments,
      period: period.optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /**
   * The issue's events and users under the whole page filter (environments, the period or range —
   * none is all time — and the event search), the numbers Sentry's issue details show beside its
   * graph (`count()` and `count_unique(user)` of its event view).
   */
  counts: z
    .object({
      groupId,
      environments,
      period: period.optional(),
      ...rangeFields,
      query: z.string().max(4000).default(''),
    })
    .strict()
    .superRefine(checkRange),
  /**
   * The replays the issue's events belong to (Sentry's issue Replays tab), of the page's filter;
   * `limit: 0` counts them only.
   */
  replays: z
    .object({
      groupId,
      limit: z.number().int().min(0).max(100).default(50),
      environments,
      period: period.optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  /** The project's releases, newest first (the first is Sentry's `latestRelease`); `query` filters by version. */
  releases: z
    .object({
      projectId,
      query: z.string().max(250).default(''),
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  grouping: z.object({ projectId, eventId: z.string().min(1).max(64) }).strict(),
  attachment: z.object({ attachmentId: z.number().int().positive() }).strict(),
  update: z.object({ projectId, groupIds, update: issueUpdateSchema }).strict(),
  merge: z.object({ projectId, groupIds: groupIds.min(2) }).strict(),
  unmerge: z.object({ projectId, groupId, hashes: z.array(z.string().min(1)).min(1) }).strict(),
  delete: z.object({ projectId, groupIds, discard: z.boolean().default(false) }).strict(),
};

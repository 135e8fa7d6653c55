/**
 * The parsed form of Sentry's issue search (`sentry.api.event_search` as the issue stream uses
 * it): a list of filters, all of which must hold, plus free-text terms. Every filter keeps the
 * span of text it came from, so the UI can mark it, and errors carry the span that is wrong.
 */

export interface Span {
  /** Offset of the first character, in UTF-16 code units. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** `status:` values (Sentry's `STATUS_QUERY_CHOICES` that an issue here can have). */
export const STATUS_VALUES = ['unresolved', 'resolved', 'ignored', 'archived'] as const;

/** `substatus:` values (Sentry's `SUBSTATUS_UPDATE_CHOICES`). */
export const SUBSTATUS_VALUES = [
  'new',
  'regressed',
  'escalating',
  'ongoing',
  'archived_until_escalating',
  'archived_until_condition_met',
  'archived_forever',
] as const;

/**
 * `is:` values the issue stream understands: status, substatus, and Sentry's `assigned`,
 * `unassigned`, `for_review`, `linked`, `unlinked` (Faultline has no assignees or linked issues).
 */
export const IS_VALUES = [
  ...STATUS_VALUES,
  ...SUBSTATUS_VALUES,
  'assigned',
  'unassigned',
  'for_review',
  'linked',
  'unlinked',
] as const;
export type IsValue = (typeof IS_VALUES)[number];

export const LEVEL_VALUES = ['fatal', 'error', 'warning', 'info', 'debug', 'sample'] as const;
export type LevelValue = (typeof LEVEL_VALUES)[number];

/** Sentry's `issue.priority` values. */
export const PRIORITY_VALUES = ['high', 'medium', 'low'] as const;
export type PriorityValue = (typeof PRIORITY_VALUES)[number];

/**
 * Keys about people (Sentry's `assigned_to`, `assigned_or_suggested`, `bookmarked_by`,
 * `subscribed_by`): Faultline has one user, "me", who can bookmark issues; none is assigned or
 * subscribed to.
 */
export type ActorField = 'assigned' | 'bookmarked' | 'subscribed';

/**
 * A date bound: relative to "now" (resolved by whoever runs the query), or absolute (ms). An
 * absolute value compared with `=` means the whole unit written: a day, or a second.
 */
export type DateValue =
  | { type: 'relative'; ms: number }
  | { type: 'absolute'; ms: number; durationMs: number };

/** The issue's first or last seen, or (`date`) the time of the events the search looks at. */
export type DateField = 'firstSeen' | 'lastSeen' | 'date';

export type SearchFilter =
  | { kind: 'is'; negated: boolean; values: IsValue[]; span: Span }
  | { kind: 'level'; negated: boolean; values: LevelValue[]; span: Span }
  | { kind: 'date'; field: DateField; op: CompareOp; value: DateValue; span: Span }
  | { kind: 'number'; field: 'timesSeen'; op: CompareOp; value: number; span: Span }
  | { kind: 'issue'; negated: boolean; shortIds: string[]; span: Span }
  /** `first_release:` (also `firstRelease:`, `first-release:`): the release of the issue's first event; `latest` allowed. */
  | { kind: 'firstRelease'; negated: boolean; values: string[]; span: Span }
  /** `regressed_in_release:`: issues an event of one of these releases regressed; `latest` allowed. */
  | { kind: 'regressedInRelease'; negated: boolean; values: string[]; span: Span }
  | { kind: 'priority'; negated: boolean; values: PriorityValue[]; span: Span }
  /** `assigned:me`, `assigned:none`, `bookmarks:me` …: the values as written (`none` means nobody). */
  | { kind: 'actor'; field: ActorField; negated: boolean; values: string[]; span: Span }
  | { kind: 'has'; negated: boolean; key: string; span: Span }
  /** `issue.category:`/`issue.type:` once resolved: the group type ids named (Sentry's `Group.type`). */
  | { kind: 'groupType'; negated: boolean; typeIds: number[]; span: Span }
  /** Any tag, including `release`, `environment`, `user.email` …; values may hold `*` wildcards. */
  | { kind: 'tag'; negated: boolean; key: string; values: string[]; span: Span };

export interface FreeText {
  text: string;
  span: Span;
  /** Written without quotes: the next unquoted word continues it. */
  unquoted?: boolean;
}

export interface ParsedSearch {
  filters: SearchFilter[];
  /**
   * Free-text terms, each a case-insensitive substring of an event's message (which holds its
   * title and culprit too); an issue matches when one of its events has them all: a quoted phrase,
   * or consecutive unquoted words as written, spaces included, as Sentry reads them.
   */
  text: FreeText[];
}

/** A search that cannot be run, with the span the user has to fix. */
export class IssueSearchError extends Error {
  readonly type = 'invalid_search';
  readonly span: Span;

  constructor(message: string, span: Span) {
    super(message);
    this.name = 'IssueSearchError';
    this.span = span;
  }
}

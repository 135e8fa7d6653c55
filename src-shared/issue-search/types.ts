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

/** `is:` values the issue stream understands (status, substatus). */
export const IS_VALUES = [
  'unresolved',
  'resolved',
  'ignored',
  'archived',
  'new',
  'regressed',
  'escalating',
  'ongoing',
  'archived_until_escalating',
  'archived_until_condition_met',
  'archived_forever',
] as const;
export type IsValue = (typeof IS_VALUES)[number];

export const LEVEL_VALUES = ['fatal', 'error', 'warning', 'info', 'debug', 'sample'] as const;
export type LevelValue = (typeof LEVEL_VALUES)[number];

/**
 * A date bound: relative to "now" (resolved by whoever runs the query), or absolute (ms). An
 * absolute value compared with `=` means the whole unit written: a day, or a second.
 */
export type DateValue =
  | { type: 'relative'; ms: number }
  | { type: 'absolute'; ms: number; durationMs: number };

export type DateField = 'firstSeen' | 'lastSeen';

export type SearchFilter =
  | { kind: 'is'; negated: boolean; values: IsValue[]; span: Span }
  | { kind: 'level'; negated: boolean; values: LevelValue[]; span: Span }
  | { kind: 'date'; field: DateField; op: CompareOp; value: DateValue; span: Span }
  | { kind: 'number'; field: 'timesSeen'; op: CompareOp; value: number; span: Span }
  | { kind: 'issue'; negated: boolean; shortIds: string[]; span: Span }
  | { kind: 'has'; negated: boolean; key: string; span: Span }
  /** Any tag, including `release`, `environment`, `user.email` …; values may hold `*` wildcards. */
  | { kind: 'tag'; negated: boolean; key: string; values: string[]; span: Span };

export interface FreeText {
  text: string;
  span: Span;
}

export interface ParsedSearch {
  filters: SearchFilter[];
  /** Free-text terms, matched (all of them) against title, culprit and message. */
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

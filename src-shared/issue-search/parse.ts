/**
 * Sentry's issue search, from text to filters: the scanner's terms are checked against what each
 * key accepts (`is:` values, levels, dates, numbers, short ids) and everything else is a tag.
 */
import { type RawTerm, type RawValueItem, scan } from './tokenize.ts';
import { mapTree, parseSearchTree, type SearchTree } from './tree.ts';
import {
  type ActorField,
  type CompareOp,
  type DateField,
  type DateValue,
  type FreeText,
  IS_VALUES,
  IssueSearchError,
  type IsValue,
  LEVEL_VALUES,
  type LevelValue,
  type ParsedSearch,
  PRIORITY_VALUES,
  type PriorityValue,
  type SearchFilter,
  type Span,
  STATUS_VALUES,
  SUBSTATUS_VALUES,
} from './types.ts';

type FilterTerm = Extract<RawTerm, { kind: 'filter' }>;

/** Keys with the names Sentry's issue search maps to them (`issue_search_config.key_mappings`). */
const DATE_KEYS: Record<string, DateField> = {
  first_seen: 'firstSeen',
  firstseen: 'firstSeen',
  age: 'firstSeen',
  last_seen: 'lastSeen',
  lastseen: 'lastSeen',
  // Sentry's `date` (alias `event.timestamp`) and `timestamp` bound the time of the events searched.
  date: 'date',
  'event.timestamp': 'date',
  timestamp: 'date',
};
const NUMBER_KEYS: Record<string, 'timesSeen'> = { timesseen: 'timesSeen', times_seen: 'timesSeen' };
const FIRST_RELEASE_KEYS = new Set(['first_release', 'firstrelease', 'first-release']);
const REGRESSED_IN_RELEASE = 'regressed_in_release';
const ACTOR_KEYS: Record<string, ActorField> = {
  assigned: 'assigned',
  assigned_to: 'assigned',
  assigned_or_suggested: 'assigned',
  bookmarks: 'bookmarked',
  bookmarked_by: 'bookmarked',
  subscribed: 'subscribed',
  subscribed_by: 'subscribed',
};
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const NUMBER_SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

function only(term: FilterTerm, what: string): RawValueItem {
  const [first] = term.values;
  if (term.isList || !first)
    throw new IssueSearchError(`${term.key}: takes one ${what}, not a list`, term.valueSpan);
  return first;
}

function noOp(term: FilterTerm): void {
  if (term.op !== null && term.op !== '=')
    throw new IssueSearchError(`${term.key}: does not support the operator ${term.op}`, term.valueSpan);
}

function oneOf<T extends string>(term: FilterTerm, allowed: readonly T[], what: string): T[] {
  noOp(term);
  return term.values.map((item) => {
    const value = item.text.toLowerCase();
    if (!(allowed as readonly string[]).includes(value))
      throw new IssueSearchError(
        `Invalid ${what} '${item.text}'; expected one of ${allowed.join(', ')}`,
        item.span,
      );
    return value as T;
  });
}

/** `-24h` (within the last 24 hours), `+7d` (older than 7 days), an ISO date or datetime. */
function dateFilter(term: FilterTerm, field: DateField): SearchFilter {
  const item = only(term, 'date');
  const relative = /^([+-])(\d+)([smhdw])$/.exec(item.text);
  if (relative) {
    if (term.op !== null)
      throw new IssueSearchError('A relative date takes no operator: use -24h or +24h', term.valueSpan);
    const ms = Number(relative[2]) * (UNIT_MS[relative[3] ?? 'h'] ?? 0);
    // `-24h`: after 24 hours ago; `+24h`: before then.
    return {
      kind: 'date',
      field,
      op: relative[1] === '-' ? '>=' : '<=',
      value: { type: 'relative', ms: -ms },
      span: term.span,
    };
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(item.text);
  const iso = dateOnly
    ? `${item.text}T00:00:00Z`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(item.text)
      ? item.text
      : `${item.text}Z`;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(item.text) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms))
    throw new IssueSearchError(
      `Invalid date '${item.text}'; use -24h, +7d, 2024-01-31 or 2024-01-31T12:00:00`,
      item.span,
    );
  if (term.op === '!=') throw new IssueSearchError(`${term.key}: does not support !=`, term.valueSpan);
  const value: DateValue = { type: 'absolute', ms, durationMs: dateOnly ? (UNIT_MS.d ?? 0) : 1000 };
  return { kind: 'date', field, op: term.op ?? '=', value, span: term.span };
}

function numberFilter(term: FilterTerm, field: 'timesSeen'): SearchFilter {
  const item = only(term, 'number');
  const match = /^(\d+(?:\.\d+)?)([kmb]?)$/i.exec(item.text);
  if (!match) throw new IssueSearchError(`Invalid number '${item.text}' for ${term.key}:`, item.span);
  const value = Number(match[1]) * (NUMBER_SUFFIX[(match[2] ?? '').toLowerCase()] ?? 1);
  const op: CompareOp = term.negated ? negate(term.op ?? '=') : (term.op ?? '=');
  return { kind: 'number', field, op, value, span: term.span };
}

/** Whether a filter that compares only for equality is negated, by `!key:` or by `key:!=`. */
function equalityNegation(term: FilterTerm): boolean {
  if (term.op !== null && term.op !== '=' && term.op !== '!=')
    throw new IssueSearchError(`${term.key}: compares with : or :!= only, not ${term.op}`, term.valueSpan);
  return term.op === '!=' ? !term.negated : term.negated;
}

function negate(op: CompareOp): CompareOp {
  const opposite: Record<CompareOp, CompareOp> = {
    '=': '!=',
    '!=': '=',
    '>': '<=',
    '>=': '<',
    '<': '>=',
    '<=': '>',
  };
  return opposite[op];
}

function tagKey(key: string): string {
  const explicit = /^tags\[(.+)\]$/.exec(key);
  return explicit?.[1] ?? key;
}

/** Filters on the issue itself whose values are one of a known set; `status:`/`substatus:` are `is:`. */
function choiceFilter(term: FilterTerm, key: string): SearchFilter | null {
  const { negated, span } = term;
  switch (key) {
    case 'is':
      return { kind: 'is', negated, values: oneOf<IsValue>(term, IS_VALUES, 'status'), span };
    case 'status':
      return { kind: 'is', negated, values: oneOf<IsValue>(term, STATUS_VALUES, 'status'), span };
    case 'substatus':
      return { kind: 'is', negated, values: oneOf<IsValue>(term, SUBSTATUS_VALUES, 'substatus'), span };
    case 'level':
      return { kind: 'level', negated, values: oneOf<LevelValue>(term, LEVEL_VALUES, 'level'), span };
    case 'issue.priority':
      return {
        kind: 'priority',
        negated,
        values: oneOf<PriorityValue>(term, PRIORITY_VALUES, 'priority'),
        span,
      };
    default:
      return null;
  }
}

function filterOf(term: FilterTerm): SearchFilter {
  const key = term.key.toLowerCase();
  const { negated, span } = term;
  const choice = choiceFilter(term, key);
  if (choice) return choice;
  const actor = ACTOR_KEYS[key];
  const values = term.values.map((v) => v.text);
  if (actor) return { kind: 'actor', field: actor, negated: equalityNegation(term), values, span };
  if (FIRST_RELEASE_KEYS.has(key))
    return { kind: 'firstRelease', negated: equalityNegation(term), values, span };
  if (key === REGRESSED_IN_RELEASE)
    return { kind: 'regressedInRelease', negated: equalityNegation(term), values, span };
  if (key === 'has') {
    noOp(term);
    const item = only(term, 'tag key');
    return { kind: 'has', negated, key: tagKey(item.text), span };
  }
  if (key === 'issue') {
    noOp(term);
    const shortIds = term.values.map((item) => {
      if (!/^[A-Za-z0-9_-]+-[0-9A-Za-z]+$/.test(item.text))
        throw new IssueSearchError(`Invalid short id '${item.text}'; expected e.g. PROJECT-1A`, item.span);
      return item.text.toUpperCase();
    });
    return { kind: 'issue', negated, shortIds, span };
  }
  const dateField = DATE_KEYS[key];
  if (dateField) {
    if (negated) throw new IssueSearchError(`${term.key}: cannot be negated; use + or -`, term.keySpan);
    return dateFilter(term, dateField);
  }
  const numberField = NUMBER_KEYS[key];
  if (numberField) return numberFilter(term, numberField);
  return { kind: 'tag', negated: equalityNegation(term), key: tagKey(term.key), values, span };
}

/**
 * Sentry reads consecutive unquoted words as one free-text term (`card declined` is the phrase, not
 * two words anywhere); a quoted phrase, a filter or a mistake between them ends it.
 */
function addFreeText(out: FreeText[], term: Extract<RawTerm, { kind: 'text' }>, text: string): void {
  const last = out.at(-1);
  if (last && !term.quoted && last.unquoted && text.slice(last.span.end, term.span.start).trim() === '') {
    const span = { start: last.span.start, end: term.span.end };
    out[out.length - 1] = { text: text.slice(span.start, span.end), span, unquoted: true };
    return;
  }
  out.push({ text: term.text, span: term.span, unquoted: !term.quoted });
}

/** A search read as far as it goes: the filters it makes and every mistake in it, in text order. */
export interface SearchAnalysis {
  search: ParsedSearch;
  errors: IssueSearchError[];
}

/** Reads the whole search, collecting every error instead of stopping at the first. */
export function analyzeIssueSearch(text: string): SearchAnalysis {
  const { terms, errors } = scan(text);
  const filters: SearchFilter[] = [];
  const freeText: FreeText[] = [];
  for (const term of terms) {
    if (term.kind === 'text') {
      addFreeText(freeText, term, text);
      continue;
    }
    try {
      filters.push(filterOf(term));
    } catch (error) {
      if (!(error instanceof IssueSearchError)) throw error;
      errors.push(error);
    }
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  return { search: { filters, text: freeText }, errors };
}

/** Parses an issue search; throws the first `IssueSearchError`, with the span to fix. */
export function parseIssueSearch(text: string): ParsedSearch {
  const { search, errors } = analyzeIssueSearch(text);
  if (errors[0]) throw errors[0];
  return search;
}

export type SearchResult =
  | { ok: true; search: ParsedSearch }
  /** `error` is the first of `errors` (all of them, in text order). */
  | { ok: false; error: IssueSearchError; errors: IssueSearchError[] };

/** The same, as a value: what the search box uses to mark every error while the user types. */
export function tryParseIssueSearch(text: string): SearchResult {
  const { search, errors } = analyzeIssueSearch(text);
  const [first] = errors;
  return first ? { ok: false, error: first, errors } : { ok: true, search };
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** A term of an event search's tree: a filter, or free text. */
export type SearchLeaf = { kind: 'filter'; filter: SearchFilter } | { kind: 'text'; text: FreeText };

/**
 * Parses an event search (Discover's, where Sentry allows `AND`, `OR` and parentheses) into its
 * tree of filters and free text, or null when empty; throws the first `IssueSearchError`.
 */
export function parseEventSearch(text: string): SearchTree<SearchLeaf> | null {
  const tree = parseSearchTree(text);
  return (
    tree &&
    mapTree(tree, (term): SearchLeaf => {
      if (term.kind === 'filter') return { kind: 'filter', filter: filterOf(term) };
      return { kind: 'text', text: { text: term.text, span: term.span, unquoted: !term.quoted } };
    })
  );
}

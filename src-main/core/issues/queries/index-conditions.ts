/**
 * Tag filters of the issue search as conditions on the event index (`errors`), the way Sentry's
 * issue search sends them to Snuba: an issue matches when one of its events matches them all.
 * Search keys map to Snuba columns (`release` → `tags[sentry:release]`, `user.email` →
 * `user_email`, `error.type` → `exception_stacks.type` …); any other key is a tag, missing = ''.
 * Values only ever travel as parameters.
 */
import { z } from 'zod';
import type { ParsedSearch } from '../../../../src-shared/issue-search/index.ts';
import { fnv1a64, tagHashText } from '../../store/duckdb/hash.ts';

/** The filters the event index answers (plain data: they cross to the pipeline worker). */
export const eventFilterSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tag'),
    negated: z.boolean(),
    key: z.string(),
    values: z.array(z.string()).min(1),
  }),
  z.object({ kind: z.literal('has'), negated: z.boolean(), key: z.string() }),
  z.object({ kind: z.literal('level'), negated: z.boolean(), values: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type EventFilter = z.infer<typeof eventFilterSchema>;

/** The search's tag and `has:` filters, checked on each event (as Sentry's issue search does). */
export function tagFiltersOf(search: ParsedSearch): EventFilter[] {
  return search.filters.flatMap((filter): EventFilter[] => {
    if (filter.kind === 'tag')
      return [{ kind: 'tag', negated: filter.negated, key: filter.key, values: filter.values }];
    if (filter.kind === 'has') return [{ kind: 'has', negated: filter.negated, key: filter.key }];
    return [];
  });
}

/** Free text: a case-insensitive substring of an event's `message` (Sentry's `search_message`), `*` a wildcard. */
export function textFiltersOf(search: ParsedSearch): EventFilter[] {
  return search.text.map((term): EventFilter => ({ kind: 'text', text: term.text }));
}

/**
 * `level:` is a condition on each event, not on the level (Sentry sends it to Snuba): an
 * issue whose latest event is a warning is found by `level:error` through its earlier errors.
 */
function levelFiltersOf(search: ParsedSearch): EventFilter[] {
  return search.filters.flatMap((f): EventFilter[] =>
    f.kind === 'level' ? [{ kind: 'level', negated: f.negated, values: f.values }] : [],
  );
}

/** Every condition of a search that the event index answers: tags, `has:`, `level:` and free text. */
export function eventFiltersOf(search: ParsedSearch): EventFilter[] {
  return [...tagFiltersOf(search), ...levelFiltersOf(search), ...textFiltersOf(search)];
}

/**
 * A group with events that match a search's event filters: how many of the period's, and their users;
 * and those in the search's date window (`date:`), by which the list sorts (the period's without one).
 * A search with a window and no event filters counts the window's only (match-groups.ts).
 */
export interface MatchingGroup {
  id: number;
  events: number;
  users: number;
  windowEvents: number;
  windowUsers: number;
  /** The first and last matching event of the period (ms). */
  firstSeen: number;
  lastSeen: number;
}

type Target =
  | { kind: 'tag'; key: string }
  | { kind: 'column'; sql: string }
  | { kind: 'list'; sql: string }
  /** Matched as a case-insensitive substring, as Sentry matches `message:` (`positionCaseInsensitive`). */
  | { kind: 'substring'; sql: string }
  /** A boolean of the event (values `1`/`0`, checked by search-keys.ts), as Snuba's `isHandled()`. */
  | { kind: 'boolean'; sql: string };

const MECHANISM_HANDLED = '"exception_stacks.mechanism_handled"';
/** Snuba's `isHandled()` / `notHandled()`: some exception is (not) marked handled. */
const IS_HANDLED = `coalesce(list_bool_or(list_transform(${MECHANISM_HANDLED}, lambda x: x IS NULL OR x = 1)), false)`;
const NOT_HANDLED = `coalesce(list_bool_or(list_transform(${MECHANISM_HANDLED}, lambda x: x IS NOT NULL AND x = 0)), false)`;

const TAG_ALIASES: Record<string, string> = {
  release: 'sentry:release',
  dist: 'sentry:dist',
  user: 'sentry:user',
};

const COLUMNS: Record<string, Target> = {
  'user.id': { kind: 'column', sql: 'user_id' },
  'user.email': { kind: 'column', sql: 'user_email' },
  'user.username': { kind: 'column', sql: 'user_name' },
  'user.ip': { kind: 'column', sql: 'coalesce(ip_address_v4, ip_address_v6)' },
  message: { kind: 'substring', sql: 'message' },
  'event.type': { kind: 'column', sql: 'type' },
  'error.handled': { kind: 'boolean', sql: IS_HANDLED },
  'error.unhandled': { kind: 'boolean', sql: NOT_HANDLED },
  title: { kind: 'column', sql: 'title' },
  platform: { kind: 'column', sql: 'platform' },
  location: { kind: 'column', sql: 'location' },
  'sdk.name': { kind: 'column', sql: 'sdk_name' },
  'sdk.version': { kind: 'column', sql: 'sdk_version' },
  'http.method': { kind: 'column', sql: 'http_method' },
  'http.referer': { kind: 'column', sql: 'http_referer' },
  'error.type': { kind: 'list', sql: '"exception_stacks.type"' },
  'error.value': { kind: 'list', sql: '"exception_stacks.value"' },
  'error.mechanism': { kind: 'list', sql: '"exception_stacks.mechanism_type"' },
  'stack.filename': { kind: 'list', sql: '"exception_frames.filename"' },
  'stack.abs_path': { kind: 'list', sql: '"exception_frames.abs_path"' },
  'stack.function': { kind: 'list', sql: '"exception_frames.function"' },
  'stack.module': { kind: 'list', sql: '"exception_frames.module"' },
  'stack.package': { kind: 'list', sql: '"exception_frames.package"' },
};

function targetOf(key: string): Target {
  return COLUMNS[key] ?? { kind: 'tag', key: TAG_ALIASES[key] ?? key };
}

export class IndexParams {
  readonly values: Record<string, string | number> = {};
  /** The parameter holding the project id (for subqueries). */
  readonly project: string;
  #next = 0;

  constructor(projectId: number) {
    this.project = this.add(projectId);
  }

  add(value: string | number): string {
    const name = `p${this.#next++}`;
    this.values[name] = value;
    return `$${name}`;
  }
}

function escapeLike(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_');
}

/** `a*b` → `a%b` for LIKE, with the LIKE metacharacters of the value escaped. */
function likeOf(value: string): string {
  return escapeLike(value).replaceAll('*', '%');
}

/**
 * `text` anywhere in `expr`, case-insensitive, a `*` in it a wildcard. Without one it is `contains` of the
 * lowered strings: DuckDB runs ILIKE several times slower (~290 against ~60 ms over 200k messages here),
 * and slower still with an ESCAPE clause, which is written only when the pattern has something escaped.
 */
function containsText(expr: string, text: string, params: IndexParams): string {
  if (!text.includes('*')) return `contains(lower(${expr}), lower(${params.add(text)}))`;
  const pattern = `%${likeOf(text)}%`;
  return `${expr} ILIKE ${params.add(pattern)}${pattern.includes('\\') ? " ESCAPE '\\'" : ''}`;
}

function valueSql(target: Target, params: IndexParams): string {
  switch (target.kind) {
    case 'tag': {
      const key = params.add(target.key);
      return `coalesce("tags.value"[list_position("tags.key", ${key})], '')`;
    }
    case 'column':
    case 'substring':
      return `coalesce(${target.sql}, '')`;
    case 'list':
    case 'boolean':
      return target.sql;
  }
}

/**
 * `key:value` as Snuba's errors storage matches it (its tags hash map optimizer): the event's hash
 * of `key=value` is among those of its tags. Tag keys are unique on an event, so this is the value
 * lookup's answer, without reading the tags' strings (~10× faster on the event index).
 */
function tagEquals(key: string, value: string, params: IndexParams): string {
  const hash = params.add(fnv1a64(tagHashText(key, value)).toString());
  return `list_contains("_tags_hash_map", CAST(${hash} AS UBIGINT))`;
}

/** `value()` gives the target's value expression, its parameters added when first asked for. */
function matchOne(target: Target, value: () => string, wanted: string, params: IndexParams): string {
  if (target.kind === 'boolean') return wanted === '1' ? value() : `NOT ${value()}`;
  // Sentry's `message:` wildcard is an unanchored case-insensitive regex: `*` inside a substring.
  if (target.kind === 'substring') return containsText(value(), wanted, params);
  const wildcard = wanted.includes('*');
  if (target.kind === 'tag' && !wildcard && wanted !== '') return tagEquals(target.key, wanted, params);
  const expr = value();
  const param = params.add(wildcard ? likeOf(wanted) : wanted);
  if (target.kind === 'list')
    return wildcard
      ? `coalesce(list_bool_or(list_transform(${expr}, lambda x: x LIKE ${param} ESCAPE '\\')), false)`
      : `list_contains(${expr}, ${param})`;
  return wildcard ? `${expr} LIKE ${param} ESCAPE '\\'` : `${expr} = ${param}`;
}

function hasSql(target: Target, params: IndexParams): string {
  switch (target.kind) {
    case 'tag':
      return `list_contains("tags.key", ${params.add(target.key)})`;
    case 'column':
    case 'substring':
      return `coalesce(${target.sql}, '') != ''`;
    case 'list':
      return `len(${target.sql}) > 0`;
    case 'boolean':
      return `len(${MECHANISM_HANDLED}) > 0`;
  }
}

function conditionOf(filter: EventFilter, params: IndexParams): string {
  switch (filter.kind) {
    case 'text':
      // Free text is Sentry's `message` filter: a `*` in it is a wildcard, matched anywhere.
      return containsText('message', filter.text, params);
    case 'level': {
      const any = filter.values
        .map((level) => `coalesce(level, 'error') = ${params.add(level)}`)
        .join(' OR ');
      return filter.negated ? `NOT (${any})` : `(${any})`;
    }
    case 'has': {
      const sql = hasSql(targetOf(filter.key), params);
      return filter.negated ? `NOT (${sql})` : sql;
    }
    case 'tag': {
      const target = targetOf(filter.key);
      let expr: string | undefined;
      const value = () => {
        expr ??= valueSql(target, params);
        return expr;
      };
      const any = filter.values.map((wanted) => matchOne(target, value, wanted, params)).join(' OR ');
      return filter.negated ? `NOT (${any})` : `(${any})`;
    }
  }
}

/** The times (ms) of a group's first and last events, as SQLite's `events` has them. */
export const eventSpanSchema = z.object({ first: z.number(), last: z.number() });
export type EventSpan = z.infer<typeof eventSpanSchema>;

/** One group's events, within the span of their times when it is known. */
export interface GroupScope {
  id: number;
  span: EventSpan | null;
}

/**
 * The WHERE clause (project, not deleted, since, the group, every filter) and its parameters.
 * A group's events are looked for in their time span only: the event index is in arrival order, so
 * DuckDB then skips the data of other times (zone maps) instead of reading the whole project's.
 * The span is widened by a second each way: the index keeps whole seconds.
 */
export function indexWhere(
  projectId: number,
  since: number | null,
  filters: readonly EventFilter[],
  group?: GroupScope,
): { sql: string; params: Record<string, string | number> } {
  const params = new IndexParams(projectId);
  const parts = [`project_id = ${params.project}`, 'deleted = 0'];
  if (since !== null) parts.push(`"timestamp" >= epoch_ms(${params.add(since)}::BIGINT)`);
  if (group) {
    parts.push(`group_id = ${params.add(group.id)}`);
    if (group.span)
      parts.push(
        `"timestamp" BETWEEN epoch_ms(${params.add(Math.floor(group.span.first) - 1000)}::BIGINT)
          AND epoch_ms(${params.add(Math.ceil(group.span.last) + 1000)}::BIGINT)`,
      );
  }
  for (const filter of filters) parts.push(conditionOf(filter, params));
  return { sql: parts.join(' AND '), params: params.values };
}

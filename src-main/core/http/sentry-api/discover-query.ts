/**
 * The `query` of Discover's events endpoint: Sentry's search syntax, parsed by the issue search's
 * parser and resolved by its special keys (`release:latest`, boolean `error.handled:` …), then
 * written as SnQL conditions on the `events` entity — the issue search's event filters (tags,
 * `has:`, `level:`, free text) as Sentry's errors query builder sends them to Snuba. `project:`
 * narrows the projects; `issue:` the issues; an issue-only filter (`is:`, `firstSeen:` …) is refused.
 */
import type { Project } from '../../../../src-shared/api.ts';
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { ParsedSearch, SearchFilter } from '../../../../src-shared/issue-search/index.ts';
import type { CoreContext } from '../../context.ts';
import { resolveIssue } from '../../export/selection.ts';
import { parseSearch } from '../../issues/queries/handlers.ts';
import { type EventFilter, tagFiltersOf, textFiltersOf } from '../../issues/queries/index-conditions.ts';
import { resolveSearchKeys } from '../../issues/queries/search-keys.ts';
import { SentryApiError } from './request.ts';
import { snqlString } from './snql-text.ts';

/** Search keys that are columns of the event (Sentry's names → the entity's), the rest are tags. */
const COLUMNS: Record<string, string> = {
  'user.id': 'user_id',
  'user.email': 'user_email',
  'user.username': 'user_name',
  'user.ip': 'ip_address',
  'event.type': 'type',
  title: 'title',
  platform: 'platform',
  location: 'location',
  culprit: 'culprit',
  transaction: 'transaction',
  'sdk.name': 'sdk_name',
  'sdk.version': 'sdk_version',
  'http.method': 'http_method',
  'http.referer': 'http_referer',
};
const LISTS: Record<string, string> = {
  'error.type': 'exception_stacks.type',
  'error.value': 'exception_stacks.value',
  'error.mechanism': 'exception_stacks.mechanism_type',
  'stack.filename': 'exception_frames.filename',
  'stack.abs_path': 'exception_frames.abs_path',
  'stack.function': 'exception_frames.function',
  'stack.module': 'exception_frames.module',
  'stack.package': 'exception_frames.package',
};
const TAG_ALIASES: Record<string, string> = {
  release: 'sentry:release',
  dist: 'sentry:dist',
  user: 'sentry:user',
};

/** `a*b` → a LIKE pattern `a%b`, LIKE's own `%`, `_` and `\` escaped. */
function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll('*', '%');
}

/** A boolean SnQL expression in function form (SnQL takes no comparison inside a function's arguments). */
function valueCondition(key: string, wanted: string): string {
  const wildcard = wanted.includes('*');
  if (key === 'message')
    return `greater(positionCaseInsensitive(message, ${snqlString(wanted.replaceAll('*', ''))}), 0)`;
  if (key === 'error.handled' || key === 'error.unhandled')
    return (key === 'error.handled') === (wanted === '1') ? 'isHandled()' : 'notHandled()';
  const list = LISTS[key];
  if (list)
    return wildcard
      ? `arrayExists(x -> like(x, ${snqlString(likePattern(wanted))}), ${list})`
      : `has(${list}, ${snqlString(wanted)})`;
  const expr = COLUMNS[key] ? `ifNull(${COLUMNS[key]}, '')` : `tags[${TAG_ALIASES[key] ?? key}]`;
  return wildcard
    ? `like(${expr}, ${snqlString(likePattern(wanted))})`
    : `equals(${expr}, ${snqlString(wanted)})`;
}

function hasCondition(key: string): string {
  const list = LISTS[key];
  if (list) return `notEmpty(${list})`;
  if (COLUMNS[key]) return `notEquals(ifNull(${COLUMNS[key]}, ''), '')`;
  return `has(tags.key, ${snqlString(TAG_ALIASES[key] ?? key)})`;
}

function anyOf(parts: string[]): string {
  return parts.reduce((all, part) => (all === '' ? part : `or(${all}, ${part})`), '');
}

const negate = (negated: boolean, expr: string) => (negated ? `not(${expr})` : expr);

/** An event filter of the issue search as a SnQL condition. */
function conditionOf(filter: EventFilter): string {
  switch (filter.kind) {
    case 'text':
      return `greater(positionCaseInsensitive(message, ${snqlString(filter.text)}), 0) = 1`;
    case 'level': {
      const any = anyOf(filter.values.map((level) => `equals(ifNull(level, 'error'), ${snqlString(level)})`));
      return `${negate(filter.negated, any)} = 1`;
    }
    case 'has':
      return `${negate(filter.negated, hasCondition(filter.key))} = 1`;
    case 'tag': {
      const any = anyOf(filter.values.map((wanted) => valueCondition(filter.key, wanted)));
      return `${negate(filter.negated, any)} = 1`;
    }
  }
}

export interface DiscoverQuery {
  projects: Project[];
  conditions: string[];
  /** Nothing can match (an `issue:` of another project, `!event.type:error` …). */
  matchesNothing: boolean;
}

/** `project:` (slugs or ids) narrows the projects the request selected; others are Sentry's 400. */
function narrowProjects(selected: Project[], search: ParsedSearch): Project[] {
  let projects = selected;
  for (const filter of search.filters) {
    if (filter.kind !== 'tag' || (filter.key !== 'project' && filter.key !== 'project.id')) continue;
    const named = (p: Project) => filter.values.includes(p.slug) || filter.values.includes(String(p.id));
    const unknown = filter.values.filter((v) => !selected.some((p) => p.slug === v || String(p.id) === v));
    if (!filter.negated && unknown.length > 0)
      throw new SentryApiError(
        400,
        `Invalid query. Project(s) ${unknown.join(', ')} do not exist or are not actively selected.`,
      );
    projects = projects.filter((p) => named(p) !== filter.negated);
  }
  return projects;
}

const isProjectFilter = (f: SearchFilter) =>
  f.kind === 'tag' && (f.key === 'project' || f.key === 'project.id');

function issueConditions(ctx: CoreContext, filter: Extract<SearchFilter, { kind: 'issue' }>): string {
  const ids = filter.shortIds.map((shortId) => {
    try {
      return resolveIssue(ctx.db, shortId).groupId;
    } catch (error) {
      if (error instanceof FaultlineError) return 0;
      throw error;
    }
  });
  return `group_id ${filter.negated ? 'NOT IN' : 'IN'} tuple(${ids.join(', ')})`;
}

function parsed(query: string): ParsedSearch {
  try {
    return parseSearch(query);
  } catch (error) {
    if (error instanceof FaultlineError) throw new SentryApiError(400, error.message);
    throw error;
  }
}

export function discoverQuery(ctx: CoreContext, selected: Project[], query: string): DiscoverQuery {
  const search = parsed(query);
  const projects = narrowProjects(selected, search);
  const rest: ParsedSearch = { ...search, filters: search.filters.filter((f) => !isProjectFilter(f)) };
  const [first] = projects;
  if (!first) return { projects, conditions: [], matchesNothing: true };
  let resolved: ReturnType<typeof resolveSearchKeys>;
  try {
    resolved = resolveSearchKeys(ctx.db, first.id, rest, query);
  } catch (error) {
    if (error instanceof FaultlineError) throw new SentryApiError(400, error.message);
    throw error;
  }
  const conditions: string[] = [];
  for (const filter of resolved.search.filters) {
    if (filter.kind === 'issue') conditions.push(issueConditions(ctx, filter));
    else if (filter.kind === 'level')
      conditions.push(conditionOf({ kind: 'level', negated: filter.negated, values: filter.values }));
    else if (filter.kind !== 'tag' && filter.kind !== 'has')
      throw new SentryApiError(
        400,
        `Invalid query. '${filter.kind}' filters apply to issues, not to events.`,
      );
  }
  for (const filter of [...tagFiltersOf(resolved.search), ...textFiltersOf(resolved.search)])
    conditions.push(conditionOf(filter));
  return { projects, conditions, matchesNothing: resolved.matchesNothing };
}

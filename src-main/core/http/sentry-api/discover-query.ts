/**
 * The `query` of Discover's events endpoint: Sentry's event search, `AND`, `OR` and parentheses
 * allowed (`parseEventSearch`), each term resolved by the issue search's special keys
 * (`release:latest`, boolean `error.handled:` …), then written as one SnQL condition on the
 * `events` entity — the issue search's event filters (tags, `has:`, `level:`, free text) as
 * Sentry's errors query builder sends them to Snuba, joined as the tree joins them. `project:`
 * narrows the projects (inside an `OR`, it is a condition on the project); `issue:` the issues;
 * an issue-only filter (`is:`, `firstSeen:` …) is refused.
 */
import type { Project } from '../../../../src-shared/api.ts';
import { FaultlineError } from '../../../../src-shared/errors.ts';
import {
  IssueSearchError,
  parseEventSearch,
  type SearchFilter,
  type SearchLeaf,
  type SearchTree,
} from '../../../../src-shared/issue-search/index.ts';
import type { CoreContext } from '../../context.ts';
import { resolveIssue } from '../../export/selection.ts';
import { type EventFilter, tagFiltersOf } from '../../issues/queries/index-conditions.ts';
import { mistakeAt, resolveSearchKeys } from '../../issues/queries/search-keys.ts';
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
  /** SnQL conditions, all of which must hold. */
  conditions: string[];
  /** Nothing can match (an `issue:` of another project, `!event.type:error` …). */
  matchesNothing: boolean;
}

type TagFilter = Extract<SearchFilter, { kind: 'tag' }>;

const isProjectFilter = (f: SearchFilter): f is TagFilter =>
  f.kind === 'tag' && (f.key === 'project' || f.key === 'project.id');

/** The selected projects a `project:` filter (slugs or ids) names; others are Sentry's 400. */
function namedProjects(selected: Project[], filter: TagFilter): Project[] {
  const named = (p: Project) => filter.values.includes(p.slug) || filter.values.includes(String(p.id));
  const unknown = filter.values.filter((v) => !selected.some((p) => p.slug === v || String(p.id) === v));
  if (!filter.negated && unknown.length > 0)
    throw new SentryApiError(
      400,
      `Invalid query. Project(s) ${unknown.join(', ')} do not exist or are not actively selected.`,
    );
  return selected.filter(named);
}

/** `project:` filters joined by AND at the top narrow the projects the request selected. */
function narrowProjects(selected: Project[], tree: SearchTree<SearchLeaf> | null): Project[] {
  const top = tree === null ? [] : tree.kind === 'and' ? tree.children : [tree];
  let projects = selected;
  for (const node of top) {
    if (node.kind !== 'term' || node.term.kind !== 'filter' || !isProjectFilter(node.term.filter)) continue;
    const { filter } = node.term;
    const named = namedProjects(selected, filter);
    projects = projects.filter((p) => named.includes(p) !== filter.negated);
  }
  return projects;
}

/**
 * `issue:` (short ids) or `issue.id:` (resolved to short ids, `-` for an id of no issue) as a
 * condition on the group. A short id of no issue is Sentry's 400 (its `issue:` filter looks the
 * issues up and refuses one it cannot find); an `issue.id:` of none matches nothing, as a number does.
 */
function issueConditions(
  ctx: CoreContext,
  filter: Extract<SearchFilter, { kind: 'issue' }>,
  strict: boolean,
): string {
  const unknown: string[] = [];
  const ids = filter.shortIds.map((shortId) => {
    try {
      return resolveIssue(ctx.db, shortId).groupId;
    } catch (error) {
      if (!(error instanceof FaultlineError)) throw error;
      unknown.push(shortId);
      return 0;
    }
  });
  if (strict && unknown.length > 0)
    throw new SentryApiError(
      400,
      `Invalid value '${unknown.join(', ')}' for 'issue:' filter: no such issue.`,
    );
  return `group_id ${filter.negated ? 'NOT IN' : 'IN'} tuple(${ids.join(', ')})`;
}

/** A SnQL condition, or what it reduces to when a term holds always (true) or never (false). */
type Condition = string | boolean;

function joinConditions(kind: 'and' | 'or', parts: Condition[]): Condition {
  const absorbing = kind === 'or';
  if (parts.includes(absorbing)) return absorbing;
  const rest = parts.filter((part): part is string => typeof part === 'string');
  if (rest.length === 0) return !absorbing;
  return rest.length === 1 ? (rest[0] ?? !absorbing) : `(${rest.join(kind === 'and' ? ' AND ' : ' OR ')})`;
}

interface Scope {
  ctx: CoreContext;
  selected: Project[];
  /** The project special keys (`release:latest` …) are resolved against. */
  projectId: number;
  query: string;
}

function filterCondition(scope: Scope, filter: SearchFilter): Condition {
  if (isProjectFilter(filter)) {
    const ids = namedProjects(scope.selected, filter).map((p) => p.id);
    // Naming none of the selected projects: `project:` holds never, `!project:` always.
    if (ids.length === 0) return filter.negated;
    return `project_id ${filter.negated ? 'NOT IN' : 'IN'} tuple(${ids.join(', ')})`;
  }
  const resolved = resolveSearchKeys(
    scope.ctx.db,
    scope.projectId,
    { filters: [filter], text: [] },
    scope.query,
  );
  if (resolved.matchesNothing) return false;
  const [only] = resolved.search.filters;
  if (!only) return true;
  if (only.kind === 'issue') return issueConditions(scope.ctx, only, filter.kind === 'issue');
  if (only.kind === 'level')
    return conditionOf({ kind: 'level', negated: only.negated, values: only.values });
  const [event] = tagFiltersOf(resolved.search);
  if (!event)
    throw new SentryApiError(400, `Invalid query. '${only.kind}' filters apply to issues, not to events.`);
  return conditionOf(event);
}

/** The tree as one condition; every refused value of its terms is reported at once. */
function treeCondition(scope: Scope, tree: SearchTree<SearchLeaf>, refused: string[]): Condition {
  if (tree.kind !== 'term')
    return joinConditions(
      tree.kind,
      tree.children.map((child) => treeCondition(scope, child, refused)),
    );
  const leaf = tree.term;
  // Free text: a case-insensitive substring of the event's message, as in the issue search.
  if (leaf.kind === 'text') return conditionOf({ kind: 'text', text: leaf.text.text });
  try {
    return filterCondition(scope, leaf.filter);
  } catch (error) {
    if (!(error instanceof FaultlineError)) throw error;
    refused.push(error.message);
    return true;
  }
}

function parsed(query: string): SearchTree<SearchLeaf> | null {
  try {
    return parseEventSearch(query);
  } catch (error) {
    if (error instanceof IssueSearchError)
      throw new SentryApiError(400, mistakeAt(query, error.span, error.message));
    throw error;
  }
}

export function discoverQuery(ctx: CoreContext, selected: Project[], query: string): DiscoverQuery {
  const tree = parsed(query);
  const projects = narrowProjects(selected, tree);
  const [first] = projects;
  if (!first) return { projects, conditions: [], matchesNothing: true };
  if (!tree) return { projects, conditions: [], matchesNothing: false };
  const refused: string[] = [];
  const condition = treeCondition({ ctx, selected, projectId: first.id, query }, tree, refused);
  if (refused.length > 0) throw new SentryApiError(400, refused.join('; '));
  if (typeof condition === 'boolean') return { projects, conditions: [], matchesNothing: !condition };
  return { projects, conditions: [condition], matchesNothing: false };
}

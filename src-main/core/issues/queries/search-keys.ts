/**
 * Sentry's issue-search keys that are not tags of the event (`project:`, `issue.category:`,
 * `issue.type:`) and
 * the values a key must check (`error.handled:`/`error.unhandled:` take a boolean), resolved before
 * the search runs. A value Sentry would refuse is an `invalid_query` naming its place; a key that
 * is not one of these stays a tag lookup.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import type { ParsedSearch, SearchFilter, Span } from '../../../../src-shared/issue-search/index.ts';
import { typeIdsOf } from '../../../../src-shared/performance-issues.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { stmt } from '../../store/statements.ts';
import { mostRecentRelease } from '../releases.ts';
import { formatShortId } from '../short-id.ts';

/** Sentry's `GroupCategory` names; Faultline's issues are errors or performance issues. */
const ISSUE_CATEGORIES = new Set([
  'error',
  'performance',
  'profile',
  'cron',
  'replay',
  'feedback',
  'uptime',
  'metric_alert',
  'test_notification',
  'outage',
  'metric',
  'db_query',
  'http_client',
  'frontend',
  'mobile',
  'ai_detected',
]);

/** Sentry's group type slugs (`GroupType.slug`); Faultline creates `error` and eight performance types. */
const ISSUE_TYPES = new Set([
  'error',
  'performance_slow_db_query',
  'performance_render_blocking_asset_span',
  'performance_n_plus_one_db_queries',
  'performance_consecutive_db_queries',
  'performance_file_io_main_thread',
  'performance_consecutive_http',
  'performance_n_plus_one_api_calls',
  'performance_m_n_plus_one_db_queries',
  'performance_uncompressed_assets',
  'performance_db_main_thread',
  'performance_large_http_payload',
  'performance_http_overhead',
  'performance_p95_endpoint_regression',
  'profile_file_io_main_thread',
  'profile_image_decode_main_thread',
  'profile_json_decode_main_thread',
  'profile_regex_main_thread',
  'profile_frame_drop',
  'profile_function_regression',
  'replay_click_rage',
  'replay_hydration_error',
  'monitor_check_in_failure',
  'uptime_domain_failure',
  'feedback',
  'web_vitals',
]);

/**
 * What `release:latest` becomes in a project without releases: a version no event has, so that,
 * as in Sentry, `release:latest` matches nothing there and `!release:latest` everything.
 */
const NO_LATEST_RELEASE = '\u0000no release';

/** A short id no issue has (its counter is not base32), for an `issue.id:` of no issue here. */
const NO_ISSUE = '-';

/** Sentry parses boolean search values `true`/`false`/`1`/`0`, case-insensitively. */
const BOOLEANS: Record<string, '1' | '0'> = { true: '1', '1': '1', false: '0', '0': '0' };

export interface ResolvedSearch {
  search: ParsedSearch;
  /** A filter that no issue of this project can match (`!issue.category:error`, …). */
  matchesNothing: boolean;
}

/** A mistake in the search, with its place and the text there. */
export function mistakeAt(query: string, span: Span, message: string): string {
  return `${message} (at ${span.start}–${span.end}: '${query.slice(span.start, span.end)}')`;
}

function invalidAt(query: string, span: Span, message: string): FaultlineError {
  return new FaultlineError('invalid_query', mistakeAt(query, span, message));
}

type TagFilter = Extract<SearchFilter, { kind: 'tag' }>;

/** Whether the project of the search is among the filter's values (slugs or ids). */
function projectMatches(db: SqliteDb, projectId: number, filter: TagFilter, query: string): boolean {
  const project = stmt<[number], { slug: string }>(db, 'SELECT slug FROM projects WHERE id = ?').get(
    projectId,
  );
  const others = filter.values.filter((value) => value !== project?.slug && value !== String(projectId));
  // Sentry refuses projects that do not exist or are not the ones the search runs over.
  if (others.length > 0)
    throw invalidAt(
      query,
      filter.span,
      `Invalid query. Project(s) ${others.join(', ')} do not exist or are not actively selected.`,
    );
  return true;
}

/**
 * `issue.category:` and `issue.type:`: the group type ids they name (`groups.type_id`), every value
 * checked as Sentry does. A value Sentry knows but no issue here can have names none.
 */
function groupTypeFilter(filter: TagFilter, query: string): SearchFilter {
  const category = filter.key === 'issue.category';
  const known = category ? ISSUE_CATEGORIES : ISSUE_TYPES;
  // Sentry's category names are case-insensitive (`GroupCategory[value.upper()]`); type slugs are not.
  const normal = (value: string) => (category ? value.toLowerCase() : value);
  const unknown = filter.values.find((value) => !known.has(normal(value)));
  if (unknown !== undefined)
    throw invalidAt(query, filter.span, `Invalid ${category ? 'category' : 'type'} value of '${unknown}'`);
  const typeIds = filter.values.flatMap((value) =>
    typeIdsOf(category ? 'issue.category' : 'issue.type', normal(value)),
  );
  return { kind: 'groupType', negated: filter.negated, typeIds: [...new Set(typeIds)], span: filter.span };
}

function booleanValues(filter: TagFilter, query: string): string[] {
  return filter.values.map((value) => {
    const bool = BOOLEANS[value.toLowerCase()];
    if (!bool)
      throw invalidAt(
        query,
        filter.span,
        `Invalid value for ${filter.key} condition. Accepted values are true, false, 1, 0`,
      );
    return bool;
  });
}

/**
 * `issue.id:` (Snuba's `group_id`, a numeric key in Sentry's search) as the short ids of those
 * groups in this project, so it is the `issue:` filter; an id of no issue here names none.
 */
function issueIdFilter(db: SqliteDb, projectId: number, filter: TagFilter, query: string): SearchFilter {
  const shortIds = filter.values.map((value) => {
    if (!/^\d+$/.test(value))
      throw invalidAt(
        query,
        filter.span,
        `issue.id: Invalid number: ${value}. Expected number then optional k, m, or b suffix (e.g. 500k).`,
      );
    const row = stmt<[number, number], { slug: string; short_id: number }>(
      db,
      'SELECT p.slug, g.short_id FROM groups g JOIN projects p ON p.id = g.project_id WHERE g.id = ? AND g.project_id = ?',
    ).get(Number(value), projectId);
    return row ? formatShortId(row.slug, row.short_id) : NO_ISSUE;
  });
  return { kind: 'issue', negated: filter.negated, shortIds, span: filter.span };
}

/** The search with Sentry's special keys resolved against the project it runs over. */
export function resolveSearchKeys(
  db: SqliteDb,
  projectId: number,
  search: ParsedSearch,
  query: string,
): ResolvedSearch {
  let matchesNothing = false;
  const filters: SearchFilter[] = [];
  // Every refused value is reported at once, not one per attempt.
  const refused: string[] = [];
  for (const filter of search.filters) {
    if (filter.kind !== 'tag') {
      filters.push(filter);
      continue;
    }
    try {
      switch (filter.key) {
        case 'project':
          // A filter every issue passes is dropped; one none passes empties the result.
          if (projectMatches(db, projectId, filter, query) === filter.negated) matchesNothing = true;
          break;
        case 'issue.category':
        case 'issue.type':
          filters.push(groupTypeFilter(filter, query));
          break;
        case 'release':
        case 'sentry:release': {
          // Sentry's `latest`: the project's release first seen last (as `first_release:latest`),
          // read from its releases here rather than from every event in the index.
          const latest = () => mostRecentRelease(db, projectId)?.version ?? NO_LATEST_RELEASE;
          filters.push({ ...filter, values: filter.values.map((v) => (v === 'latest' ? latest() : v)) });
          break;
        }
        case 'issue.id':
          filters.push(issueIdFilter(db, projectId, filter, query));
          break;
        case 'error.handled':
        case 'error.unhandled':
          filters.push({ ...filter, values: booleanValues(filter, query) });
          break;
        default:
          filters.push(filter);
      }
    } catch (error) {
      if (!(error instanceof FaultlineError)) throw error;
      refused.push(error.message);
    }
  }
  if (refused.length > 0) throw new FaultlineError('invalid_query', refused.join('; '));
  return { search: { ...search, filters }, matchesNothing };
}

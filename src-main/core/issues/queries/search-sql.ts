/**
 * The issue search's filters that live on the group (status, first/last seen, times seen,
 * short id, first release, regressed in release, priority, bookmarks) as SQLite conditions on `groups g JOIN projects p`.
 * Tag filters (`key:value`, `has:`), `level:` and free text concern events and run against the event
 * index instead (see index-conditions.ts): Sentry matches them on each event, so `level:error` finds
 * an issue by its error events even when its latest event (its own level) is a warning.
 */
import type {
  CompareOp,
  DateValue,
  IsValue,
  ParsedSearch,
  SearchFilter,
} from '../../../../src-shared/issue-search/index.ts';
import { priorityNumber } from '../priority.ts';
import { FOR_REVIEW_SQL } from '../reviewed.ts';
import { parseShortId } from '../short-id.ts';
import { GroupStatus, GroupSubStatus } from '../types.ts';

export type IndexFilter = Extract<SearchFilter, { kind: 'tag' | 'has' }>;

export interface SqlConditions {
  sql: string[];
  params: Array<string | number>;
}

export function indexFilters(search: ParsedSearch): IndexFilter[] {
  return search.filters.filter((f): f is IndexFilter => f.kind === 'tag' || f.kind === 'has');
}

const IS_SQL: Record<IsValue, string> = {
  unresolved: `g.status = ${GroupStatus.UNRESOLVED}`,
  resolved: `g.status = ${GroupStatus.RESOLVED}`,
  ignored: `g.status = ${GroupStatus.IGNORED}`,
  archived: `g.status = ${GroupStatus.IGNORED}`,
  new: `(g.status = ${GroupStatus.UNRESOLVED} AND g.substatus = ${GroupSubStatus.NEW})`,
  regressed: `(g.status = ${GroupStatus.UNRESOLVED} AND g.substatus = ${GroupSubStatus.REGRESSED})`,
  escalating: `(g.status = ${GroupStatus.UNRESOLVED} AND g.substatus = ${GroupSubStatus.ESCALATING})`,
  ongoing: `(g.status = ${GroupStatus.UNRESOLVED} AND g.substatus = ${GroupSubStatus.ONGOING})`,
  archived_until_escalating: `(g.status = ${GroupStatus.IGNORED} AND g.substatus = ${GroupSubStatus.UNTIL_ESCALATING})`,
  archived_until_condition_met: `(g.status = ${GroupStatus.IGNORED} AND g.substatus = ${GroupSubStatus.UNTIL_CONDITION_MET})`,
  archived_forever: `(g.status = ${GroupStatus.IGNORED} AND g.substatus = ${GroupSubStatus.FOREVER})`,
  // Faultline has no assignees and no links to external issue trackers.
  assigned: '0',
  unassigned: '1',
  linked: '0',
  unlinked: '1',
  // Sentry's inbox: unresolved issues that are new, regressed or escalating, for 7 days (after
  // which their substatus becomes ongoing) or until marked reviewed.
  for_review: FOR_REVIEW_SQL,
};

/** The project's newest release, as the Resolve menu's "current release" (releases.ts). */
const LATEST_RELEASE =
  '(SELECT r.version FROM releases r WHERE r.project_id = g.project_id ORDER BY r.date_added DESC, r.id DESC LIMIT 1)';

const SQL_OP: Record<CompareOp, string> = {
  '=': '=',
  '!=': '!=',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

function dateCondition(column: string, op: CompareOp, value: DateValue, now: number, out: SqlConditions) {
  const ms = value.type === 'relative' ? now + value.ms : value.ms;
  if (op === '=' && value.type === 'absolute') {
    out.sql.push(`(${column} >= ? AND ${column} < ?)`);
    out.params.push(ms, ms + value.durationMs);
    return;
  }
  out.sql.push(`${column} ${SQL_OP[op]} ?`);
  out.params.push(ms);
}

function shortIdCondition(shortIds: string[], out: SqlConditions): string {
  const parts: string[] = [];
  for (const text of shortIds) {
    try {
      const { projectSlug, shortId } = parseShortId(text);
      parts.push('(p.slug = ? AND g.short_id = ?)');
      out.params.push(projectSlug, shortId);
    } catch {
      // Not a valid base32 counter: it names no issue.
    }
  }
  return parts.length > 0 ? `(${parts.join(' OR ')})` : '0';
}

/**
 * `bookmarks:` (`bookmarked_by:`) for the one user there is: `me` finds the bookmarked issues, `none`
 * the others; any other person has bookmarked nothing.
 */
function bookmarkCondition(values: readonly string[]): string {
  const names = new Set(values.map((value) => value.toLowerCase()));
  const parts: string[] = [];
  if (names.has('me')) parts.push('g.bookmarked_at IS NOT NULL');
  if (names.has('none')) parts.push('g.bookmarked_at IS NULL');
  return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
}

function addFilter(filter: SearchFilter, now: number, timesSeen: string, out: SqlConditions): void {
  switch (filter.kind) {
    case 'is': {
      const any = `(${filter.values.map((value) => IS_SQL[value]).join(' OR ')})`;
      out.sql.push(filter.negated ? `NOT ${any}` : any);
      return;
    }
    case 'date':
      // `date:` bounds the events an issue is found by, on the event index (see eventWindow).
      if (filter.field === 'date') return;
      dateCondition(
        filter.field === 'firstSeen' ? 'g.first_seen' : 'g.last_seen',
        filter.op,
        filter.value,
        now,
        out,
      );
      return;
    case 'number':
      out.sql.push(`${timesSeen} ${SQL_OP[filter.op]} ?`);
      out.params.push(filter.value);
      return;
    case 'issue': {
      const condition = shortIdCondition(filter.shortIds, out);
      out.sql.push(filter.negated ? `NOT ${condition}` : condition);
      return;
    }
    case 'priority': {
      // The stored priority (priority.ts): set from the first event's level, raised by escalation, or chosen.
      const marks = filter.values.map(() => '?').join(', ');
      out.sql.push(`coalesce(g.priority IN (${marks}), 0) = ${filter.negated ? 0 : 1}`);
      out.params.push(...filter.values.map(priorityNumber));
      return;
    }
    case 'firstRelease': {
      const any = filter.values.map((value) => (value === 'latest' ? LATEST_RELEASE : '?')).join(', ');
      out.params.push(...filter.values.filter((value) => value !== 'latest'));
      const matches = `coalesce(g.first_release IN (${any}), 0)`;
      out.sql.push(filter.negated ? `NOT ${matches}` : matches);
      return;
    }
    case 'regressedInRelease': {
      // Sentry's GroupHistory "regressed" entries with their release: here the set_regression activity,
      // which names the release of the event that regressed the issue.
      const any = filter.values.map((value) => (value === 'latest' ? LATEST_RELEASE : '?')).join(', ');
      out.params.push(...filter.values.filter((value) => value !== 'latest'));
      const matches = `EXISTS (SELECT 1 FROM activity a WHERE a.group_id = g.id AND a.type = 'set_regression'
        AND a.data ->> '$.version' IN (${any}))`;
      out.sql.push(filter.negated ? `NOT ${matches}` : matches);
      return;
    }
    case 'actor': {
      if (filter.field === 'bookmarked') {
        const matches = bookmarkCondition(filter.values);
        out.sql.push(filter.negated ? `NOT ${matches}` : matches);
        return;
      }
      // Nobody is assigned or subscribes: only `assigned:none` holds, for every issue.
      const holds = filter.field === 'assigned' && filter.values.some((v) => v.toLowerCase() === 'none');
      out.sql.push(holds === filter.negated ? '0' : '1');
      return;
    }
    case 'groupType': {
      const matches =
        filter.typeIds.length === 0 ? '0' : `g.type_id IN (${filter.typeIds.map(Math.trunc).join(', ')})`;
      out.sql.push(filter.negated ? `NOT ${matches}` : matches);
      return;
    }
    case 'level':
    case 'tag':
    case 'has':
      return;
  }
}

/**
 * Conditions for every group-level filter of a search. `timesSeen` is what `times_seen:` compares:
 * the issue list gives the events it shows (Sentry's `count()` over the search's period and
 * conditions), elsewhere it is the lifetime count.
 */
export function groupConditions(
  search: ParsedSearch,
  now: number,
  timesSeen = 'g.times_seen',
): SqlConditions {
  const out: SqlConditions = { sql: [], params: [] };
  for (const filter of search.filters) addFilter(filter, now, timesSeen, out);
  return out;
}

/**
 * An export's selection → the relation its rows come from. Events selections (a project and time
 * range, one issue, an issue search) read the `errors` table; a SnQL selection reads the query's
 * own result. Every value travels as a parameter; group lookups (short ids, the group-level part
 * of an issue search) read SQLite.
 */
import {
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  TIMESTAMP_MS,
  timestampMillisValue,
  UBIGINT,
} from '@duckdb/node-api';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ExportSelection } from '../../../src-shared/export-api.ts';
import {
  IssueSearchError,
  type ParsedSearch,
  parseIssueSearch,
} from '../../../src-shared/issue-search/index.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';
import { eventWindow } from '../issues/queries/event-window.ts';
import { type EventFilter, eventFiltersOf, indexWhere } from '../issues/queries/index-conditions.ts';
import { resolveSearchKeys } from '../issues/queries/search-keys.ts';
import { groupConditions } from '../issues/queries/search-sql.ts';
import { parseShortId } from '../issues/short-id.ts';
import { GroupStatus } from '../issues/types.ts';
import { duckdbDialect } from '../snql/duckdb-dialect.ts';
import { duckdbParams } from '../snql/execute.ts';
import { type Translation, translate } from '../snql/translate.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export interface SqlParams {
  values: Record<string, DuckDBValue> | DuckDBValue[];
  types: Record<string, DuckDBType | undefined> | DuckDBType[];
}

/** Where the rows come from: `select(columns)` is a complete SELECT over the selection. */
export interface RowSource {
  kind: 'events' | 'snql';
  select(columns: string): string;
  params: SqlParams;
  /** Output column names (SnQL) or null (events: the errors columns). */
  columns: readonly string[] | null;
  /** Both `project_id` and `event_id` are among the rows' columns (needed for event JSON). */
  hasEventKeys: boolean;
  /** The SnQL translation, when the source is a query (its storages may need preparing). */
  translation?: Translation;
}

const ident = duckdbDialect.ident;

/** Epoch ms of a bound given as epoch ms or ISO 8601. */
export function boundMs(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new FaultlineError('invalid_params', `not a date-time: ${value}`);
  return ms;
}

function parseSearch(query: string): ParsedSearch {
  try {
    return parseIssueSearch(query);
  } catch (error) {
    if (error instanceof IssueSearchError) throw new FaultlineError('invalid_query', error.message);
    throw error;
  }
}

/** A short id (`PROJ-1A`) or a numeric group id → the group's id and project. */
export function resolveIssue(db: SqliteDb, issue: string): { groupId: number; projectId: number } {
  let row: { id: number; project_id: number } | undefined;
  if (/^[0-9]+$/.test(issue)) {
    row = db
      .prepare<[number], { id: number; project_id: number }>('SELECT id, project_id FROM groups WHERE id = ?')
      .get(Number(issue));
  } else {
    let parsed: { projectSlug: string; shortId: number };
    try {
      parsed = parseShortId(issue);
    } catch {
      throw new FaultlineError('invalid_params', `'${issue}' is not a short id (PROJ-1A) or an issue id`);
    }
    row = db
      .prepare<[string, number], { id: number; project_id: number }>(
        'SELECT g.id, g.project_id FROM groups g JOIN projects p ON p.id = g.project_id WHERE p.slug = ? AND g.short_id = ?',
      )
      .get(parsed.projectSlug, parsed.shortId);
  }
  if (!row) throw new FaultlineError('not_found', `no issue '${issue}'`);
  return { groupId: row.id, projectId: row.project_id };
}

/** The groups whose group-level attributes match a search (status, dates, times seen …). */
function searchGroups(db: SqliteDb, projectId: number, search: ParsedSearch, now: number): number[] {
  const conditions = groupConditions(search, now);
  const visible = `g.status IN (${GroupStatus.UNRESOLVED}, ${GroupStatus.RESOLVED}, ${GroupStatus.IGNORED})`;
  const where = ['g.project_id = ?', visible, ...conditions.sql].join(' AND ');
  return db
    .prepare<unknown[], { id: number }>(
      `SELECT g.id FROM groups g JOIN projects p ON p.id = g.project_id WHERE ${where}`,
    )
    .all(projectId, ...conditions.params)
    .map((row) => row.id);
}

function eventsSource(db: SqliteDb, selection: ExportSelection, now: number): RowSource {
  let since = boundMs(selection.since);
  let until = boundMs(selection.until);
  // Either would select nothing, and an empty file looked like a project without events.
  if (since !== undefined && until !== undefined && since >= until)
    throw new FaultlineError('invalid_params', 'the time range is empty: until must be after since');
  if (
    selection.projectId !== undefined &&
    !stmt(db, 'SELECT 1 FROM projects WHERE id = ?').get(selection.projectId)
  )
    throw new FaultlineError('not_found', `no project ${selection.projectId}`);
  let projectId = selection.projectId;
  let groupIds: number[] | undefined;
  let filters: EventFilter[] = [];
  if (selection.issue !== undefined) {
    const issue = resolveIssue(db, selection.issue);
    if (projectId !== undefined && projectId !== issue.projectId)
      throw new FaultlineError('invalid_params', `issue ${selection.issue} is not in project ${projectId}`);
    projectId = issue.projectId;
    groupIds = [issue.groupId];
  } else if (selection.search !== undefined && selection.search.trim() !== '') {
    projectId ??= 1;
    // Sentry's special keys (`project:`, `issue.category:`, `release:latest` …) as the list reads them.
    const resolved = resolveSearchKeys(db, projectId, parseSearch(selection.search), selection.search);
    const { search } = resolved;
    groupIds = resolved.matchesNothing ? [] : searchGroups(db, projectId, search, now);
    filters = eventFiltersOf(search);
    // `date:` bounds the time of the events searched (see event-window.ts).
    const window = eventWindow(search, since ?? Number.NEGATIVE_INFINITY, now);
    if (window && Number.isFinite(window.start)) since = window.start;
    if (window?.end != null) until = until === undefined ? window.end : Math.min(until, window.end);
  }

  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType | undefined> = {};
  const parts: string[] = [];
  if (projectId !== undefined) {
    const where = indexWhere(projectId, null, filters);
    parts.push(where.sql);
    Object.assign(values, where.params);
  } else parts.push('deleted = 0');
  if (groupIds !== undefined) {
    parts.push('list_contains($export_groups, group_id)');
    values.export_groups = listValue(groupIds.map((id) => BigInt(id)));
    types.export_groups = LIST(UBIGINT);
  }
  // `timestamp` holds whole seconds (Snuba's DateTime), rounded down: compared with a sub-second
  // bound it left out events at or after it and took in events before it. The event's own time is
  // `timestamp_ms`; the whole-second bounds still let DuckDB skip row groups by `timestamp`, as the
  // issue pages' queries do.
  const exactTime = 'coalesce(timestamp_ms, "timestamp")';
  if (since !== undefined) {
    parts.push(`"timestamp" >= $export_since_second AND ${exactTime} >= $export_since`);
    values.export_since_second = timestampMillisValue(BigInt(Math.floor(since / 1000) * 1000));
    types.export_since_second = TIMESTAMP_MS;
    values.export_since = timestampMillisValue(BigInt(Math.ceil(since)));
    types.export_since = TIMESTAMP_MS;
  }
  if (until !== undefined) {
    parts.push(`"timestamp" < $export_until AND ${exactTime} < $export_until`);
    values.export_until = timestampMillisValue(BigInt(Math.ceil(until)));
    types.export_until = TIMESTAMP_MS;
  }
  const where = parts.join(' AND ');
  return {
    kind: 'events',
    select: (columns) => `SELECT ${columns} FROM errors WHERE ${where}`,
    params: { values, types },
    columns: null,
    hasEventKeys: true,
  };
}

function snqlSource(text: string): RowSource {
  const translation = translate(parseAndValidate(text));
  const names = translation.columns.map((c) => c.name);
  const renamed = translation.columns.map((c) => `${ident(c.sqlName)} AS ${ident(c.name)}`).join(', ');
  const inner = `SELECT ${renamed} FROM (${translation.sql})`;
  return {
    kind: 'snql',
    select: (columns) => `SELECT ${columns} FROM (${inner})`,
    params: duckdbParams(translation.params),
    columns: names,
    hasEventKeys: names.includes('event_id') && names.includes('project_id'),
    translation,
  };
}

export function rowSource(db: SqliteDb, selection: ExportSelection, now = Date.now()): RowSource {
  if (selection.snql !== undefined) {
    if (selection.projectId !== undefined || selection.since !== undefined || selection.until !== undefined)
      throw new FaultlineError(
        'invalid_params',
        'a SnQL export takes its project and time range from the query (its WHERE clause)',
      );
    return snqlSource(selection.snql);
  }
  return eventsSource(db, selection, now);
}

/**
 * The issue list's saved views, as Sentry keeps its issue views (`GroupSearchView`): a name, the
 * search, its sort, the projects, environments and time filters; starred views in the order the
 * user gave them (Sentry's `GroupSearchViewStarred.position`), and when each was last opened
 * (`GroupSearchViewLastVisited`). Faultline has one user, so a star and a visit are columns of the
 * view. Read and written on the main thread by the RPC (`issues.views.*`) and the web API
 * (`/organizations/{org}/group-search-views/`) alike.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { type IssueView, MAX_VIEWS, type ViewListSort } from '../../../src-shared/issue-views-api.ts';
import type { CoreContext } from '../context.ts';
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { checkIssueViewBody, IssueViewInvalid } from './view-body.ts';

export const ISSUE_VIEWS_MIGRATION: Migration = {
  name: '0125_group_search_views',
  sql: `
    CREATE TABLE group_search_views (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      query TEXT NOT NULL,
      query_sort TEXT NOT NULL,
      -- JSON ids; [] with is_all_projects = 1 for "All projects".
      projects TEXT NOT NULL,
      is_all_projects INTEGER NOT NULL,
      environments TEXT NOT NULL,
      time_filters TEXT NOT NULL,
      -- The place among the starred views (0 first); NULL when not starred.
      starred_position INTEGER,
      last_visited INTEGER,
      date_created INTEGER NOT NULL,
      date_updated INTEGER NOT NULL
    );
  `,
};

interface Row {
  id: number;
  name: string;
  query: string;
  query_sort: string;
  projects: string;
  is_all_projects: number;
  environments: string;
  time_filters: string;
  starred_position: number | null;
  last_visited: number | null;
  date_created: number;
  date_updated: number;
}

function toJson(row: Row): IssueView {
  return {
    id: String(row.id),
    createdBy: null,
    name: row.name,
    query: row.query,
    querySort: row.query_sort,
    projects: row.is_all_projects ? [-1] : (JSON.parse(row.projects) as number[]),
    environments: JSON.parse(row.environments) as string[],
    timeFilters: JSON.parse(row.time_filters) as IssueView['timeFilters'],
    lastVisited: row.last_visited === null ? null : new Date(row.last_visited).toISOString(),
    starred: row.starred_position !== null,
    stars: row.starred_position !== null ? 1 : 0,
    dateCreated: new Date(row.date_created).toISOString(),
    dateUpdated: new Date(row.date_updated).toISOString(),
  };
}

const notFound = (id: number) => new FaultlineError('not_found', `issue view ${id} does not exist`);

/** Sentry's `SORT_MAP` as ORDER BY terms. */
const ORDER: Record<ViewListSort, string> = {
  visited: 'last_visited IS NOT NULL, last_visited ASC',
  '-visited': 'last_visited IS NULL, last_visited DESC',
  popularity: '(starred_position IS NOT NULL) ASC',
  '-popularity': '(starred_position IS NOT NULL) DESC',
  name: 'lower(name) ASC',
  '-name': 'lower(name) DESC',
  created: 'date_created ASC',
  '-created': 'date_created DESC',
};

/**
 * Sentry's list: `query` narrows to views whose name or search holds it (any case); the starred
 * views come first, then the others, each part in `sort`'s order (`-visited` when none is given).
 */
export function listIssueViews(db: SqliteDb, search: { query?: string; sort?: ViewListSort[] }): IssueView[] {
  const text = search.query?.trim() ?? '';
  const sorts = search.sort?.length ? search.sort : (['-visited'] as const);
  const order = [...sorts.map((sort) => ORDER[sort]), 'id ASC'].join(', ');
  const where =
    text === '' ? '' : 'WHERE instr(lower(name), lower(?)) > 0 OR instr(lower(query), lower(?)) > 0';
  const sql = `SELECT * FROM group_search_views ${where}
    ORDER BY (starred_position IS NULL), ${order}`;
  return db
    .prepare<string[], Row>(sql)
    .all(...(text === '' ? [] : [text, text]))
    .map(toJson);
}

/** Sentry's `group-search-views/starred/`: the starred views in their order. */
export function starredIssueViews(db: SqliteDb): IssueView[] {
  return stmt<[], Row>(
    db,
    'SELECT * FROM group_search_views WHERE starred_position IS NOT NULL ORDER BY starred_position, id',
  )
    .all()
    .map(toJson);
}

function row(db: SqliteDb, id: number): Row {
  const found = stmt<[number], Row>(db, 'SELECT * FROM group_search_views WHERE id = ?').get(id);
  if (!found) throw notFound(id);
  return found;
}

export const getIssueView = (db: SqliteDb, id: number): IssueView => toJson(row(db, id));

const starredCount = (db: SqliteDb): number =>
  (
    stmt<[], { n: number }>(
      db,
      'SELECT count(*) AS n FROM group_search_views WHERE starred_position IS NOT NULL',
    ).get() ?? {
      n: 0,
    }
  ).n;

/**
 * A new view (Sentry's POST; starred last when the body says `starred`), or view `id` replaced by
 * the body (its PUT: the star and the visit stay).
 */
export function saveIssueView(
  ctx: CoreContext,
  args: { id?: number; body: unknown },
  now = Date.now(),
): IssueView {
  const { db } = ctx;
  const { id } = args;
  if (id !== undefined) row(db, id);
  const input = checkIssueViewBody(args.body, new Set(ctx.projects.list().map((project) => project.id)));
  const values = [
    input.name,
    input.query,
    input.querySort,
    JSON.stringify(input.projects),
    input.allProjects ? 1 : 0,
    JSON.stringify(input.environments),
    JSON.stringify(input.timeFilters),
    now,
  ];
  if (id !== undefined) {
    stmt(
      db,
      `UPDATE group_search_views SET name = ?, query = ?, query_sort = ?, projects = ?, is_all_projects = ?,
         environments = ?, time_filters = ?, date_updated = ? WHERE id = ?`,
    ).run(...values, id);
    return getIssueView(db, id);
  }
  const count = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM group_search_views').get()?.n ?? 0;
  if (count >= MAX_VIEWS)
    throw new IssueViewInvalid({
      non_field_errors: [`You can keep at most ${MAX_VIEWS} views: delete one before saving another.`],
    });
  const created = db.transaction(() =>
    stmt(
      db,
      `INSERT INTO group_search_views (name, query, query_sort, projects, is_all_projects, environments,
         time_filters, date_updated, starred_position, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...values, input.starred ? starredCount(db) : null, now),
  )();
  return getIssueView(db, Number(created.lastInsertRowid));
}

/** Closes the gap a view leaves among the starred ones. */
function unstar(db: SqliteDb, found: Row): void {
  if (found.starred_position === null) return;
  stmt(db, 'UPDATE group_search_views SET starred_position = NULL WHERE id = ?').run(found.id);
  stmt(
    db,
    'UPDATE group_search_views SET starred_position = starred_position - 1 WHERE starred_position > ?',
  ).run(found.starred_position);
}

export function deleteIssueView(db: SqliteDb, id: number): { deleted: true } {
  db.transaction(() => {
    unstar(db, row(db, id));
    stmt(db, 'DELETE FROM group_search_views WHERE id = ?').run(id);
  })();
  return { deleted: true };
}

/**
 * Sentry's `starred/` of one view: starred at `position` (the others from there move down; last
 * when none or past the end), or unstarred. Answers whether anything changed (Sentry's 200, else 204).
 */
export function starIssueView(
  db: SqliteDb,
  args: { id: number; starred: boolean; position?: number },
): boolean {
  if (!args.starred && args.position !== undefined)
    throw new IssueViewInvalid({ non_field_errors: ['Position is only allowed when starring a view.'] });
  return db.transaction(() => {
    const found = row(db, args.id);
    if (!args.starred) {
      unstar(db, found);
      return found.starred_position !== null;
    }
    if (found.starred_position !== null) return false;
    const position = Math.min(args.position ?? Number.POSITIVE_INFINITY, starredCount(db));
    stmt(
      db,
      'UPDATE group_search_views SET starred_position = starred_position + 1 WHERE starred_position >= ?',
    ).run(position);
    stmt(db, 'UPDATE group_search_views SET starred_position = ? WHERE id = ?').run(position, args.id);
    return true;
  })();
}

/** Sentry's `starred-order/`: the starred views in the order of `viewIds`, which names each of them once. */
export function reorderStarredIssueViews(db: SqliteDb, viewIds: readonly number[]): void {
  if (new Set(viewIds).size !== viewIds.length)
    throw new IssueViewInvalid({ view_ids: ['Single view cannot take up multiple positions'] });
  db.transaction(() => {
    const starred = starredIssueViews(db).map((view) => Number(view.id));
    if (starred.length !== viewIds.length || starred.some((id) => !viewIds.includes(id)))
      throw new FaultlineError(
        'invalid_params',
        'Mismatch between existing and provided starred views: name every starred view once, and no other.',
      );
    const place = stmt(db, 'UPDATE group_search_views SET starred_position = ? WHERE id = ?');
    for (const [position, id] of viewIds.entries()) place.run(position, id);
  })();
}

/** Sentry's `visit/`: the view was opened at `now`. */
export function visitIssueView(db: SqliteDb, id: number, now = Date.now()): void {
  if (stmt(db, 'UPDATE group_search_views SET last_visited = ? WHERE id = ?').run(now, id).changes === 0)
    throw notFound(id);
}

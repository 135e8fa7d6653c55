/**
 * Explore's saved queries, as Sentry keeps its `ExploreSavedQuery`: a name, the dataset (`spans`,
 * `logs`), the projects, and the query as JSON (its list of `{mode, fields, groupby, visualize …}`
 * and the range); and, as its `ExploreSavedQueryStarred`, whether it is starred and where among the
 * starred (one user here, so a column). One table (migration `0127_explore_saved_queries`), read and
 * written on the main thread by the RPC (`explore.saved.*`) and the web API
 * (`/organizations/{org}/explore/saved/`) alike. Not Discover's (`discover/saved-queries.ts`).
 */

import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ExploreSavedDataset, ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import type { CoreContext } from '../context.ts';
import { booleanField, integerField, SavedQueryInvalid } from '../discover/drf-fields.ts';
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { checkExploreSavedBody } from './saved-query-body.ts';

export const EXPLORE_SAVED_QUERIES_MIGRATION: Migration = {
  name: '0127_explore_saved_queries',
  sql: `
    CREATE TABLE explore_saved_queries (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      dataset TEXT NOT NULL,
      projects TEXT NOT NULL,
      query TEXT NOT NULL,
      -- Sentry's ExploreSavedQueryStarred.position: null when not starred.
      starred_position INTEGER,
      date_added INTEGER NOT NULL,
      date_updated INTEGER NOT NULL
    );
  `,
};

interface Row {
  id: number;
  name: string;
  dataset: string;
  projects: string;
  query: string;
  starred_position: number | null;
  date_added: number;
  date_updated: number;
}

/** Sentry's `ALL_ACCESS_PROJECTS`: the projects of a query saved for all of them. */
const ALL_PROJECTS = [-1];
/** The keys of the stored query Sentry's serializer answers beside the others. */
const ANSWERED_KEYS = ['environment', 'query', 'range', 'start', 'end', 'interval'] as const;

function toJson(row: Row): ExploreSavedQuery {
  const query = JSON.parse(row.query) as Record<string, unknown>;
  const saved: ExploreSavedQuery = {
    id: String(row.id),
    name: row.name,
    projects: query.all_projects ? ALL_PROJECTS : (JSON.parse(row.projects) as number[]),
    dataset: row.dataset as ExploreSavedDataset,
    expired: false,
    dateAdded: new Date(row.date_added).toISOString(),
    dateUpdated: new Date(row.date_updated).toISOString(),
    lastVisited: null,
    createdBy: null,
    starred: row.starred_position !== null,
    position: row.starred_position,
    isPrebuilt: false,
    changedReason: null,
    query: [],
  };
  for (const key of ANSWERED_KEYS) if (query[key] !== undefined) Object.assign(saved, { [key]: query[key] });
  return saved;
}

const notFound = (id: number) => new FaultlineError('not_found', `saved query ${id} does not exist`);

/** Sentry's `tokenize_query`: `key:value` tokens by key, other words under `query`. */
function tokens(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of text.matchAll(/(?:[^\s"]+:)?"[^"]*"|\S+/g)) {
    const token = match[0];
    const colon = /^([^\s":]+):(.*)$/s.exec(token);
    const key = colon ? (colon[1] ?? '') : 'query';
    const value = (colon ? (colon[2] ?? '') : token).replace(/^"(.*)"$/s, '$1');
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

/**
 * Sentry's `sortBy` as ORDER BY terms. Visits, last visits and owners are not kept (one user, no
 * visit endpoint), so those sorts add nothing; starred ones first for `starred` and `mostStarred`.
 */
function orderTerm(sortBy: string): string | null {
  const descending = sortBy.startsWith('-');
  const key = descending ? sortBy.slice(1) : sortBy;
  const direction = descending ? 'DESC' : 'ASC';
  switch (key) {
    case 'name':
      return `lower(name) ${direction}`;
    case 'dateAdded':
      return `date_added ${direction}, id ${direction}`;
    case 'dateUpdated':
      return `date_updated ${direction}`;
    case 'starred':
    case 'mostStarred':
      return '(starred_position IS NOT NULL) DESC';
    default:
      return null;
  }
}

/**
 * Sentry's list: `query` narrows by name (its words, or `name:`, a substring in any case), any other
 * key matches nothing; sorted by each `sortBy` (name when none applies), then newest first; or, with
 * `starred`, only the starred ones in their order.
 */
export function listExploreSavedQueries(
  db: SqliteDb,
  search: { query?: string; sortBy?: string[]; starred?: boolean },
): ExploreSavedQuery[] {
  const where: string[] = [];
  const args: string[] = [];
  for (const [key, values] of tokens(search.query ?? '')) {
    if (key === 'name' || key === 'query') {
      where.push('instr(lower(name), lower(?)) > 0');
      args.push(values.join(' '));
    } else where.push('0');
  }
  const sorts = search.sortBy ?? [];
  let order = sorts.map(orderTerm).filter((term) => term !== null);
  if (order.length === 0) order.push('lower(name) ASC');
  if (!sorts.includes('dateAdded') && !sorts.includes('-dateAdded')) order.push('date_added DESC, id DESC');
  if (search.starred) {
    where.push('starred_position IS NOT NULL');
    order = ['starred_position ASC', 'date_added DESC, id DESC'];
  }
  const sql = `SELECT * FROM explore_saved_queries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order.join(', ')}`;
  return db
    .prepare<string[], Row>(sql)
    .all(...args)
    .map(toJson);
}

export function getExploreSavedQuery(db: SqliteDb, id: number): ExploreSavedQuery {
  const row = stmt(db, 'SELECT * FROM explore_saved_queries WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw notFound(id);
  return toJson(row);
}

/** Starred last, after the others (Sentry's `insert_starred_query`); false when it already was. */
function star(db: SqliteDb, id: number): boolean {
  const row = stmt(db, 'SELECT starred_position FROM explore_saved_queries WHERE id = ?').get(id) as
    | { starred_position: number | null }
    | undefined;
  if (!row) throw notFound(id);
  if (row.starred_position !== null) return false;
  stmt(
    db,
    `UPDATE explore_saved_queries SET starred_position =
       (SELECT coalesce(max(starred_position), 0) + 1 FROM explore_saved_queries) WHERE id = ?`,
  ).run(id);
  return true;
}

/** Unstarred, the ones after it moving up (Sentry's `delete_starred_query`); false when it was not starred. */
function unstar(db: SqliteDb, id: number): boolean {
  const row = stmt(db, 'SELECT starred_position FROM explore_saved_queries WHERE id = ?').get(id) as
    | { starred_position: number | null }
    | undefined;
  if (!row) throw notFound(id);
  const position = row.starred_position;
  if (position === null) return false;
  db.transaction(() => {
    stmt(db, 'UPDATE explore_saved_queries SET starred_position = NULL WHERE id = ?').run(id);
    stmt(
      db,
      'UPDATE explore_saved_queries SET starred_position = starred_position - 1 WHERE starred_position > ?',
    ).run(position);
  })();
  return true;
}

/** The body as Sentry's serializer takes it, its projects being the organization's (else 403). */
const checked = (ctx: CoreContext, body: unknown) =>
  checkExploreSavedBody(body, new Set(ctx.projects.list().map((project) => project.id)));

/** A new saved query (Sentry's POST, starred when the body says `starred`), or query `id` replaced (its PUT). */
export function saveExploreSavedQuery(
  ctx: CoreContext,
  args: { id?: number; body: unknown },
  now = Date.now(),
): ExploreSavedQuery {
  const { id } = args;
  if (id !== undefined) getExploreSavedQuery(ctx.db, id);
  const input = checked(ctx, args.body);
  const values = [
    input.name,
    input.dataset,
    JSON.stringify(input.projects),
    JSON.stringify(input.query),
    now,
  ];
  if (id !== undefined) {
    stmt(
      ctx.db,
      `UPDATE explore_saved_queries SET name = ?, dataset = ?, projects = ?, query = ?, date_updated = ?
       WHERE id = ?`,
    ).run(...values, id);
    return getExploreSavedQuery(ctx.db, id);
  }
  const created = stmt(
    ctx.db,
    `INSERT INTO explore_saved_queries (name, dataset, projects, query, date_updated, date_added)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(...values, now);
  const newId = Number(created.lastInsertRowid);
  const starred = (args.body as { starred?: unknown }).starred;
  if (starred === true) star(ctx.db, newId);
  return getExploreSavedQuery(ctx.db, newId);
}

export function deleteExploreSavedQuery(db: SqliteDb, id: number): { deleted: true } {
  const { starred } = getExploreSavedQuery(db, id);
  if (starred) unstar(db, id);
  stmt(db, 'DELETE FROM explore_saved_queries WHERE id = ?').run(id);
  return { deleted: true };
}

/**
 * Sentry's `starred/` POST: its body `{starred, position?}` checked as `StarQuerySerializer` checks
 * it; `changed` false when the query already was as asked (Sentry's 204 rather than 200).
 */
export function starExploreSavedQuery(db: SqliteDb, id: number, body: unknown): { changed: boolean } {
  const given = (body ?? {}) as Record<string, unknown>;
  if (!Object.hasOwn(given, 'starred')) throw new SavedQueryInvalid({ starred: ['This field is required.'] });
  const read = booleanField(given.starred);
  if ('error' in read) throw new SavedQueryInvalid({ starred: read.error });
  if (Object.hasOwn(given, 'position') && 'error' in integerField()(given.position))
    throw new SavedQueryInvalid({ position: ['A valid integer is required.'] });
  if (!read.value && Object.hasOwn(given, 'position'))
    throw new SavedQueryInvalid({ non_field_errors: ['Position is only allowed when starring a query.'] });
  getExploreSavedQuery(db, id);
  return { changed: read.value ? star(db, id) : unstar(db, id) };
}

/**
 * Discover's saved queries, as Sentry keeps its `DiscoverSavedQuery`: a name, the version, the dataset
 * (`error-events`, `transaction-like`, `discover`), the projects, and the query's own attributes as
 * JSON (fields, orderby, query, range …). One table (migration `0124_discover_saved_queries`), read
 * and written on the main thread by the RPC (`discover.saved.*`) and the web API
 * (`/organizations/{org}/discover/saved/`) alike. Not the console's saved SnQL (`saved_queries`).
 */
import type { DiscoverSavedQuery, SavedQueryDataset } from '../../../src-shared/discover-saved-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { checkSavedQueryBody, QUERY_KEYS, type SavedQueryInput } from './saved-query-body.ts';

export const DISCOVER_SAVED_QUERIES_MIGRATION: Migration = {
  name: '0124_discover_saved_queries',
  sql: `
    CREATE TABLE discover_saved_queries (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      dataset TEXT NOT NULL,
      -- Sentry's dataset_source: 'user' when the body named its dataset, else 'unknown'.
      dataset_source TEXT NOT NULL,
      projects TEXT NOT NULL,
      query TEXT NOT NULL,
      date_created INTEGER NOT NULL,
      date_updated INTEGER NOT NULL
    );
  `,
};

interface Row {
  id: number;
  name: string;
  version: number;
  dataset: string;
  dataset_source: string;
  projects: string;
  query: string;
  date_created: number;
  date_updated: number;
}

/** Sentry's `ALL_ACCESS_PROJECTS`: the projects of a query saved for all of them. */
const ALL_PROJECTS = [-1];

function toJson(row: Row): DiscoverSavedQuery {
  const query = JSON.parse(row.query) as Record<string, unknown>;
  const saved: DiscoverSavedQuery = {
    id: String(row.id),
    name: row.name,
    projects: query.all_projects ? ALL_PROJECTS : (JSON.parse(row.projects) as number[]),
    version: row.version,
    queryDataset: row.dataset as SavedQueryDataset,
    datasetSource: row.dataset_source === 'user' ? 'user' : 'unknown',
    expired: false,
    dateCreated: new Date(row.date_created).toISOString(),
    dateUpdated: new Date(row.date_updated).toISOString(),
    createdBy: null,
  };
  for (const key of QUERY_KEYS) if (query[key] !== undefined) Object.assign(saved, { [key]: query[key] });
  return saved;
}

const notFound = (id: number) => new FaultlineError('not_found', `saved query ${id} does not exist`);

/** Sentry's `sortBy` as ORDER BY; `myqueries` (the asker's first) is by name here, as nobody made any. */
const ORDER: Record<string, string> = {
  name: 'lower(name) ASC, date_created DESC, id DESC',
  '-name': 'lower(name) DESC, date_created DESC, id DESC',
  dateCreated: 'date_created ASC, id ASC',
  '-dateCreated': 'date_created DESC, id DESC',
  dateUpdated: 'date_updated ASC, id ASC',
  '-dateUpdated': 'date_updated DESC, id DESC',
  myqueries: 'lower(name) ASC, date_created DESC, id DESC',
};

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
 * Sentry's list: `query` narrows by name (its words, or `name:`, a substring in any case) and
 * `version:`; any other key matches nothing. Sorted by `sortBy` (name when absent or unknown).
 */
export function listSavedQueries(
  db: SqliteDb,
  search: { query?: string; sortBy?: string },
): DiscoverSavedQuery[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  for (const [key, values] of tokens(search.query ?? '')) {
    const value = values.join(' ');
    if (key === 'name' || key === 'query') {
      where.push('instr(lower(name), lower(?)) > 0');
      args.push(value);
    } else if (key === 'version') {
      where.push('CAST(version AS TEXT) = ?');
      args.push(value);
    } else where.push('0');
  }
  const order = ORDER[search.sortBy ?? ''] ?? ORDER.name;
  const sql = `SELECT * FROM discover_saved_queries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;
  return db
    .prepare<(string | number)[], Row>(sql)
    .all(...args)
    .map(toJson);
}

export function getSavedQuery(db: SqliteDb, id: number): DiscoverSavedQuery {
  const row = stmt(db, 'SELECT * FROM discover_saved_queries WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw notFound(id);
  return toJson(row);
}

/** The body as Sentry's serializer takes it, its projects being the organization's (else 403). */
const checked = (ctx: CoreContext, body: unknown): SavedQueryInput =>
  checkSavedQueryBody(body, new Set(ctx.projects.list().map((project) => project.id)));

/** A new saved query (Sentry's POST), or query `id` replaced by the body (its PUT). */
export function saveSavedQuery(
  ctx: CoreContext,
  args: { id?: number; body: unknown },
  now = Date.now(),
): DiscoverSavedQuery {
  const { id } = args;
  if (id !== undefined) getSavedQuery(ctx.db, id);
  const input = checked(ctx, args.body);
  const values = [
    input.name,
    input.version,
    input.dataset,
    input.dataset === 'discover' ? 'unknown' : 'user',
    JSON.stringify(input.projects),
    JSON.stringify(input.query),
    now,
  ];
  if (id !== undefined) {
    stmt(
      ctx.db,
      `UPDATE discover_saved_queries SET name = ?, version = ?, dataset = ?, dataset_source = ?, projects = ?,
         query = ?, date_updated = ? WHERE id = ?`,
    ).run(...values, id);
    return getSavedQuery(ctx.db, id);
  }
  const created = stmt(
    ctx.db,
    `INSERT INTO discover_saved_queries
       (name, version, dataset, dataset_source, projects, query, date_updated, date_created)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(...values, now);
  return getSavedQuery(ctx.db, Number(created.lastInsertRowid));
}

export function deleteSavedQuery(db: SqliteDb, id: number): { deleted: true } {
  if (stmt(db, 'DELETE FROM discover_saved_queries WHERE id = ?').run(id).changes === 0) throw notFound(id);
  return { deleted: true };
}

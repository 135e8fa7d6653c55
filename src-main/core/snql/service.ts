/**
 * The SnQL operations both the pipeline worker and `faultline query` (reading the stores itself)
 * offer: run, explain, the tag keys present in the data (for completion), and Parquet export.
 * Each run gets its own read connection, closed afterwards, so an interrupt or a temp table never
 * outlives its query.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';
import {
  SNQL_DEFAULT_TIMEOUT_MS,
  type SnqlExplainResponse,
  type SnqlExportResponse,
  type SnqlResponse,
} from '../../../src-shared/snql-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { duckdbDialect } from './duckdb-dialect.ts';
import { duckdbParams, type ExecuteOptions, errorBody, explain, runSnql } from './execute.ts';
import { loadOutcomes } from './outcomes-source.ts';
import { type Translation, translate } from './translate.ts';

export interface SnqlStores {
  connect(): Promise<DuckDBConnection>;
  /** SQLite, for the outcomes entity. */
  db: SqliteDb;
}

async function withConnection<T>(
  stores: SnqlStores,
  work: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const conn = await stores.connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
}

function preparer(stores: SnqlStores): ExecuteOptions['prepare'] {
  return async (conn, translation) => {
    if (translation.storages.includes('outcomes_hourly'))
      await loadOutcomes(conn, stores.db, translation.timeRanges);
  };
}

export function querySnql(
  stores: SnqlStores,
  text: string,
  options: Omit<ExecuteOptions, 'prepare'> = {},
): Promise<SnqlResponse> {
  return withConnection(stores, (conn) => runSnql(conn, text, { ...options, prepare: preparer(stores) }));
}

export function explainSnql(text: string): SnqlExplainResponse {
  try {
    return explain(text);
  } catch (error) {
    return { error: errorBody(error) };
  }
}

const KEY_COLUMNS = { tags: 'tags.key', contexts: 'contexts.key', flags: 'flags.key' } as const;

/** Keys present in the last 30 days, most used first (the console completes `tags[` with them). */
export function tagKeys(
  stores: SnqlStores,
  args: { subscriptable: keyof typeof KEY_COLUMNS; projectId?: number; prefix?: string; limit?: number },
): Promise<string[]> {
  const ident = duckdbDialect.ident;
  const column = ident(KEY_COLUMNS[args.subscriptable]);
  const project = args.projectId === undefined ? '' : ` AND ${ident('project_id')} = $project`;
  const sql = `SELECT k FROM (SELECT unnest(${column}) AS k FROM ${ident('errors')}
      WHERE ${ident('deleted')} = 0 AND ${ident('timestamp')} >= CAST(now() AS TIMESTAMP) - INTERVAL 30 DAY${project})
    WHERE starts_with(k, $prefix) GROUP BY k ORDER BY count(*) DESC, k LIMIT $limit`;
  const values: Record<string, string | number> = { prefix: args.prefix ?? '', limit: args.limit ?? 200 };
  if (args.projectId !== undefined) values.project = args.projectId;
  return withConnection(stores, async (conn) => {
    const reader = await conn.runAndReadAll(sql, values);
    return reader.getRowsJS().map(([k]) => String(k));
  });
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Parquet through DuckDB's own writer: the query's rows are copied to a temp file, read back and
 * removed. Column names are the SnQL output names (quoted as identifiers: the one place they meet
 * SQL text); values keep their engine types.
 */
export function exportParquet(
  stores: SnqlStores,
  text: string,
  timeoutMs = SNQL_DEFAULT_TIMEOUT_MS,
): Promise<SnqlExportResponse> {
  let translation: Translation | undefined;
  return withConnection(stores, async (conn) => {
    const file = path.join(os.tmpdir(), `faultline-export-${crypto.randomBytes(8).toString('hex')}.parquet`);
    try {
      translation = translate(parseAndValidate(text));
      await preparer(stores)?.(conn, translation);
      const ident = duckdbDialect.ident;
      const names = translation.columns.map((c) => `${ident(c.sqlName)} AS ${ident(c.name)}`);
      const sql = `COPY (SELECT ${names.join(', ')} FROM (${translation.sql})) TO ${sqlString(file)} (FORMAT parquet)`;
      const { values, types } = duckdbParams(translation.params);
      const timer = setTimeout(() => conn.interrupt(), timeoutMs);
      let copied: number;
      try {
        const result = await conn.run(sql, values, types);
        copied = Number(result.rowsChanged);
      } finally {
        clearTimeout(timer);
      }
      const base64 = fs.readFileSync(file).toString('base64');
      return {
        filename: 'snql-result.parquet',
        contentType: 'application/vnd.apache.parquet',
        base64,
        rows: copied,
      };
    } catch (error) {
      return { error: errorBody(error, translation?.sql) };
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
}

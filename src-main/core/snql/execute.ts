/**
 * Running SnQL: parse and validate (src-shared/snql), translate, then execute on a DuckDB read
 * connection with a timeout (the connection is interrupted) and a row cap, and shape the result
 * as Snuba's `/snql` response. Every failure comes back as `{error: {type, message}}`.
 */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { BIGINT, BOOLEAN, DOUBLE, HUGEINT, UBIGINT, VARCHAR } from '@duckdb/node-api';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { ClickhouseError, SnqlError } from '../../../src-shared/snql/errors.ts';
import { parseAndValidate } from '../../../src-shared/snql/validate.ts';
import {
  SNQL_DEFAULT_TIMEOUT_MS,
  SNQL_ROW_CAP,
  type SnqlErrorBody,
  type SnqlExplanation,
  type SnqlParamView,
  type SnqlResponse,
  type SnqlRow,
  type SnqlSuccess,
} from '../../../src-shared/snql-api.ts';
import type { SqlParam } from './dialect.ts';
import { engineError } from './engine-errors.ts';
import { type Translation, translate } from './translate.ts';
import { clickhouseType, toJsonValue } from './values.ts';

export interface ExecuteOptions {
  timeoutMs?: number;
  /** Rows returned at most (default SNQL_ROW_CAP); more are cut and `truncated` is set. */
  maxRows?: number;
  /** Include the SQL and its parameters in the response (Snuba's `debug`). */
  debug?: boolean;
  /** Readies per-query relations the translation reads (e.g. the outcomes temp table). */
  prepare?: (conn: DuckDBConnection, translation: Translation) => Promise<void>;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Parameters as DuckDB values with explicit types (the binder never guesses). */
export function duckdbParams(params: readonly SqlParam[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    switch (p.type) {
      case 'int':
        values.push(p.value);
        types.push(
          p.value >= INT64_MIN && p.value <= INT64_MAX
            ? BIGINT
            : p.value > 0n && p.value <= UINT64_MAX
              ? UBIGINT
              : HUGEINT,
        );
        break;
      case 'float':
        values.push(p.value);
        types.push(DOUBLE);
        break;
      case 'bool':
        values.push(p.value);
        types.push(BOOLEAN);
        break;
      default:
        values.push(p.value);
        types.push(VARCHAR);
    }
  }
  return { values, types };
}

export function paramViews(params: readonly SqlParam[]): SnqlParamView[] {
  return params.map((p) => ({
    type: p.type,
    value: typeof p.value === 'bigint' ? p.value.toString() : p.value,
  }));
}

/** The SQL a query would run, without running it (`--explain`, the console's "show SQL"). */
export function explain(text: string): SnqlExplanation {
  const translation = translate(parseAndValidate(text));
  return {
    dialect: translation.dialect,
    sql: translation.sql,
    params: paramViews(translation.params),
    ...(translation.totalsSql ? { totalsSql: translation.totalsSql } : {}),
    meta: translation.columns.map((c) => ({ name: c.name, type: c.type ?? '' })),
  };
}

export function errorBody(error: unknown, sql?: string): SnqlErrorBody {
  if (error instanceof SnqlError) {
    const body: SnqlErrorBody = {
      type: 'invalid_query',
      message: error.message,
      errorClass: error.errorClass,
      code: error.code,
    };
    if (error.span) body.span = { ...error.span };
    return body;
  }
  // Snuba's `{"type": "clickhouse", "code"}`: a query the engine refused (translation-time type
  // checks have no SQL yet; an engine failure carries the statement that failed).
  const engine =
    error instanceof ClickhouseError
      ? error
      : sql !== undefined && !(error instanceof FaultlineError)
        ? engineError(error)
        : undefined;
  if (engine) {
    const body: SnqlErrorBody = {
      type: 'engine',
      message: engine.message,
      errorClass: engine.errorClass,
      code: engine.code,
    };
    if (engine.span) body.span = { ...engine.span };
    if (sql !== undefined) body.sql = sql;
    return body;
  }
  if (error instanceof FaultlineError) {
    const type =
      error.type === 'timeout' || error.type === 'unavailable'
        ? error.type
        : error.type === 'invalid_query'
          ? 'invalid_query'
          : 'internal';
    return { type, message: error.message };
  }
  const message = (error as Error).message ?? String(error);
  return { type: 'internal', message };
}

async function withTimeout<T>(conn: DuckDBConnection, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timedOut = false;
  let repeat: NodeJS.Timeout | undefined;
  // DuckDB clears a pending interrupt when a statement starts, so one landing while the statement
  // is still being prepared would be lost: keep interrupting until the work settles.
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
    repeat = setInterval(() => conn.interrupt(), 10);
  }, timeoutMs);
  try {
    return await work();
  } catch (error) {
    if (timedOut || /INTERRUPT/i.test((error as Error).message ?? '')) {
      throw new FaultlineError(
        'timeout',
        `the query did not finish within ${timeoutMs} ms and was cancelled`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    clearInterval(repeat);
  }
}

async function readRows(
  conn: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[],
  maxRows: number,
): Promise<{ rows: SnqlRow[]; types: DuckDBType[]; names: string[]; truncated: boolean }> {
  const { values, types } = duckdbParams(params);
  const reader = await conn.streamAndReadUntil(sql, maxRows + 1, values, types);
  const names = reader.columnNames();
  const columnTypes = reader.columnTypes();
  const all = reader.getRowsJS();
  const truncated = all.length > maxRows;
  const rows = all.slice(0, maxRows).map((row) => {
    const out: SnqlRow = {};
    row.forEach((value, i) => {
      out[names[i] ?? `c${i}`] = toJsonValue(value);
    });
    return out;
  });
  return { rows, types: columnTypes, names, truncated };
}

/** Runs a translation; throws FaultlineError('timeout') or the engine's error. */
export async function executeTranslation(
  conn: DuckDBConnection,
  translation: Translation,
  options: ExecuteOptions = {},
): Promise<Omit<SnqlSuccess, 'timing'>> {
  const timeoutMs = options.timeoutMs ?? SNQL_DEFAULT_TIMEOUT_MS;
  const maxRows = options.maxRows ?? SNQL_ROW_CAP;
  await options.prepare?.(conn, translation);
  const main = await withTimeout(conn, timeoutMs, () =>
    readRows(conn, translation.sql, translation.params, maxRows),
  );
  const bySqlName = new Map(main.names.map((name, i) => [name, i]));
  const rename = (row: SnqlRow): SnqlRow => {
    const out: SnqlRow = {};
    for (const c of translation.columns) out[c.name] = row[c.sqlName] ?? null;
    return out;
  };
  const meta = translation.columns.map((c) => {
    const engineType = main.types[bySqlName.get(c.sqlName) ?? -1];
    return { name: c.name, type: c.type ?? (engineType ? clickhouseType(engineType) : 'String') };
  });
  const result: Omit<SnqlSuccess, 'timing'> = { data: main.rows.map(rename), meta };
  if (main.truncated) result.truncated = true;
  if (translation.totalsSql) {
    const totals = await withTimeout(conn, timeoutMs, () =>
      readRows(conn, translation.totalsSql ?? '', translation.totalsParams ?? translation.params, 1),
    );
    const row = totals.rows[0];
    if (row) result.totals = rename(row);
  }
  if (options.debug) {
    result.sql = translation.sql;
    result.params = paramViews(translation.params);
  }
  return result;
}

/** Parse, validate, translate and run one SnQL query; never throws. */
export async function runSnql(
  conn: DuckDBConnection,
  text: string,
  options: ExecuteOptions = {},
): Promise<SnqlResponse> {
  const started = performance.now();
  const timestamp = Math.floor(Date.now() / 1000);
  let translation: Translation | undefined;
  const marks: Record<string, number> = {};
  try {
    const validated = parseAndValidate(text);
    marks.validate = round(performance.now() - started);
    translation = translate(validated);
    marks.translate = round(performance.now() - started - marks.validate);
    const before = performance.now();
    const result = await executeTranslation(conn, translation, options);
    marks.execute = round(performance.now() - before);
    return {
      ...result,
      timing: { timestamp, duration_ms: round(performance.now() - started), marks_ms: marks },
    };
  } catch (error) {
    const body = errorBody(error, translation?.sql);
    if (body.type === 'timeout' && translation) body.sql = translation.sql;
    return { error: body };
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

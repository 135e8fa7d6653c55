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
import { nullableType } from './nullability.ts';
import { type Translation, translate } from './translate.ts';
import { clickhouseType, toJsonValue, tuplesAsArrays } from './values.ts';

export interface ExecuteOptions {
  timeoutMs?: number;
  /** Rows returned at most (default SNQL_ROW_CAP); more are cut and `truncated` is set. */
  maxRows?: number;
  /** Include the SQL and its parameters in the response (Snuba's `debug`). */
  debug?: boolean;
  /** Stops the query (the console's Cancel): the response is then a `cancelled` error. */
  signal?: AbortSignal;
  /** Readies per-query relations the translation reads (e.g. the outcomes temp table). */
  prepare?: (conn: DuckDBConnection, translation: Translation) => Promise<void>;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

const integerType = (value: bigint): DuckDBType =>
  value >= INT64_MIN && value <= INT64_MAX ? BIGINT : value > 0n && value <= UINT64_MAX ? UBIGINT : HUGEINT;

/** Parameters as DuckDB values with explicit types (the binder never guesses). */
export function duckdbParams(params: readonly SqlParam[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    switch (p.type) {
      case 'int':
        values.push(p.value);
        types.push(integerType(p.value));
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

/** A parameter as an SQL constant of exactly the type `duckdbParams` binds it with. */
function constant(param: SqlParam): string {
  switch (param.type) {
    case 'int':
      return `CAST(${param.value.toString()} AS ${integerType(param.value).toString()})`;
    case 'float':
      return `CAST('${Object.is(param.value, -0) ? '-0.0' : String(param.value)}' AS DOUBLE)`;
    case 'bool':
      return param.value ? 'true' : 'false';
    default:
      // A standard SQL string: DuckDB knows no backslash escapes in it, so doubling quotes is all.
      return `CAST('${param.value.replaceAll("'", "''")}' AS VARCHAR)`;
  }
}

/**
 * The statement with its parameters written in as typed constants, or null when one cannot be
 * (a string with a NUL, which SQL text cannot carry). DuckDB plans a parameterized statement
 * before it knows the values, so it cannot fold them into the scan's filters; with constants a small
 * query over 1M events ran about a millisecond faster (of 5). The types are those of the bound parameters, so the
 * results are the same. Translations put every literal in a parameter, and `$` appears nowhere else.
 */
export function inlineParams(sql: string, params: readonly SqlParam[]): string | null {
  if (params.some((p) => typeof p.value === 'string' && p.value.includes('\0'))) return null;
  return sql.replace(/\$(\d+)(?!\d)/g, (placeholder, n: string) => {
    const param = params[Number(n) - 1];
    if (!param) throw new Error(`the SQL names parameter ${placeholder}, which the translation lacks`);
    return constant(param);
  });
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

/** The body of an error that carries Snuba's class and code (and where in the query it is). */
function classified(type: 'invalid_query' | 'clickhouse', error: SnqlError | ClickhouseError): SnqlErrorBody {
  const body: SnqlErrorBody = {
    type,
    message: error.message,
    errorClass: error.errorClass,
    code: error.code,
  };
  if (error.span) body.span = { ...error.span };
  return body;
}

export function errorBody(error: unknown, sql?: string): SnqlErrorBody {
  if (error instanceof SnqlError) return classified('invalid_query', error);
  // Snuba's `{"type": "clickhouse", "code"}`: a query the engine refused (translation-time type
  // checks have no SQL yet; an engine failure carries the statement that failed).
  const engine =
    error instanceof ClickhouseError
      ? error
      : sql !== undefined && !(error instanceof FaultlineError)
        ? engineError(error)
        : undefined;
  if (engine) {
    const body = classified('clickhouse', engine);
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

/** A run stopped by its caller (`snql.cancel`), not by the timeout. */
class Cancelled extends Error {}

async function withTimeout<T>(
  conn: DuckDBConnection,
  timeoutMs: number,
  work: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let timedOut = false;
  let repeat: NodeJS.Timeout | undefined;
  // DuckDB clears a pending interrupt when a statement starts, so one landing while the statement
  // is still being prepared would be lost: keep interrupting until the work settles.
  const interrupt = () => {
    conn.interrupt();
    repeat ??= setInterval(() => conn.interrupt(), 10);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    interrupt();
  }, timeoutMs);
  if (signal?.aborted) interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    return await work();
  } catch (error) {
    if (signal?.aborted) throw new Cancelled();
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
    signal?.removeEventListener('abort', interrupt);
  }
}

async function readRows(
  conn: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[],
  maxRows: number,
  limit: number | null,
): Promise<{ rows: SnqlRow[]; types: DuckDBType[]; names: string[]; truncated: boolean }> {
  const inlined = inlineParams(sql, params);
  const bound = inlined === null ? duckdbParams(params) : undefined;
  const text = inlined ?? sql;
  // A statement whose LIMIT is within the cap is read whole (quicker than streaming it); any
  // other is streamed and cut after the cap.
  const reader =
    limit !== null && limit <= maxRows
      ? await conn.runAndReadAll(text, bound?.values, bound?.types)
      : await conn.streamAndReadUntil(text, maxRows + 1, bound?.values, bound?.types);
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
  const main = await withTimeout(
    conn,
    timeoutMs,
    () => readRows(conn, translation.sql, translation.params, maxRows, translation.limit),
    options.signal,
  );
  const bySqlName = new Map(main.names.map((name, i) => [name, i]));
  const meta = translation.columns.map((c) => {
    const engineType = main.types[bySqlName.get(c.sqlName) ?? -1];
    const type =
      c.type ?? nullableType(engineType ? clickhouseType(engineType) : 'String', c.nullable === true);
    return { name: c.name, type };
  });
  const rename = (row: SnqlRow): SnqlRow => {
    const out: SnqlRow = {};
    translation.columns.forEach((c, i) => {
      const value = row[c.sqlName] ?? null;
      const type = meta[i]?.type ?? '';
      out[c.name] = type.includes('Tuple(') ? tuplesAsArrays(value, type) : value;
    });
    return out;
  };
  const result: Omit<SnqlSuccess, 'timing'> = { data: main.rows.map(rename), meta };
  if (main.truncated) result.truncated = true;
  if (translation.totalsSql) {
    const totals = await withTimeout(
      conn,
      timeoutMs,
      () =>
        readRows(conn, translation.totalsSql ?? '', translation.totalsParams ?? translation.params, 1, null),
      options.signal,
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

/**
 * Translations of the queries run last, by text. A translation depends on the text alone, and the
 * same query comes back again and again (a console re-run, a page's charts refreshing), so this
 * spares it parsing, validation and translation: a third of a millisecond, which is a tenth of a
 * small query over 1M events.
 */
const recentTranslations = new Map<string, Translation>();
const RECENT_TRANSLATIONS = 64;

function remember(text: string, translation: Translation): void {
  if (recentTranslations.size >= RECENT_TRANSLATIONS) {
    const oldest = recentTranslations.keys().next().value;
    if (oldest !== undefined) recentTranslations.delete(oldest);
  }
  recentTranslations.set(text, translation);
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
    translation = recentTranslations.get(text);
    if (translation) {
      // Most recently used last: the oldest entry is the one let go.
      recentTranslations.delete(text);
      recentTranslations.set(text, translation);
      marks.cached = round(performance.now() - started);
    } else {
      const validated = parseAndValidate(text);
      marks.validate = round(performance.now() - started);
      translation = translate(validated);
      marks.translate = round(performance.now() - started - marks.validate);
      remember(text, translation);
    }
    const before = performance.now();
    const result = await executeTranslation(conn, translation, options);
    marks.execute = round(performance.now() - before);
    return {
      ...result,
      timing: { timestamp, duration_ms: round(performance.now() - started), marks_ms: marks },
    };
  } catch (error) {
    if (error instanceof Cancelled)
      return { error: { type: 'cancelled', message: 'the query was cancelled' } };
    const body = errorBody(error, translation?.sql);
    if (body.type === 'timeout' && translation) body.sql = translation.sql;
    return { error: body };
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

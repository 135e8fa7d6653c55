/**
 * What the SnQL console and `faultline query` send and receive (`snql.*` methods): params schemas
 * and the response shapes, which mirror Snuba's `/snql` endpoint (spec §4): `{data, meta, totals?,
 * timing, sql?}` on success and `{error: {type, message}}` on failure. A query error is a
 * *result*, not a transport error, so it keeps what the console needs to underline (`span`).
 */
import { z } from 'zod';

export const SNQL_QUERY_MAX_CHARS = 200_000;
export const SNQL_DEFAULT_TIMEOUT_MS = 30_000;
/** Rows a response carries at most (LIMIT is at most 10000 already; this guards LIMIT BY, totals). */
export const SNQL_ROW_CAP = 10_000;

const query = z.string().min(1).max(SNQL_QUERY_MAX_CHARS);
const queryId = z.string().regex(/^[\w-]{1,64}$/);

export const snqlParams = {
  query: z
    .object({
      query,
      /** Include the SQL that ran (Snuba's `debug`). */
      debug: z.boolean().optional(),
      timeoutMs: z.number().int().min(1).max(600_000).optional(),
      /** The caller's name for this run, so that `snql.cancel` can stop it. */
      queryId: queryId.optional(),
    })
    .strict(),
  /** Stops a running query (its response is then a `cancelled` error). */
  cancel: z.object({ queryId }).strict(),
  explain: z.object({ query }).strict(),
  tagKeys: z
    .object({
      subscriptable: z.enum(['tags', 'contexts', 'flags']),
      projectId: z.number().int().positive().optional(),
      prefix: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  export: z.object({ query, format: z.enum(['parquet']) }).strict(),
  savedList: z.object({}).strict(),
  savedSave: z
    .object({
      id: z.number().int().positive().optional(),
      name: z.string().min(1).max(200),
      query,
    })
    .strict(),
  savedDelete: z.object({ id: z.number().int().positive() }).strict(),
};

export type SnqlValue = string | number | boolean | null | SnqlValue[] | { [key: string]: SnqlValue };
export type SnqlRow = Record<string, SnqlValue>;

export interface SnqlMeta {
  name: string;
  /** ClickHouse type name, as Snuba reports it (`UInt64`, `Nullable(String)`, `DateTime`, …). */
  type: string;
}

export interface SnqlTiming {
  /** Unix seconds when the query started. */
  timestamp: number;
  duration_ms: number;
  marks_ms: Record<string, number>;
}

export interface SnqlSuccess {
  data: SnqlRow[];
  meta: SnqlMeta[];
  totals?: SnqlRow;
  timing: SnqlTiming;
  /** The engine SQL (with `debug`): placeholders `$n`, parameters listed in `params`. */
  sql?: string;
  params?: SnqlParamView[];
  /** True when the row cap cut the result. */
  truncated?: boolean;
}

/** Snuba's error types (`clickhouse`: the engine refused or failed the query), and ours for a timeout or no index. */
export type SnqlErrorType =
  | 'invalid_query'
  | 'timeout'
  | 'cancelled'
  | 'clickhouse'
  | 'unavailable'
  | 'internal';

export interface SnqlErrorBody {
  type: SnqlErrorType;
  message: string;
  /** Snuba's exception class for `invalid_query` (`ParsingException`, `ValidationException`, …). */
  errorClass?: string;
  code?: string;
  /** Where in the query text the problem is (0-based offsets; 1-based line/column). */
  span?: { offset: number; end: number; line: number; column: number };
  sql?: string;
}

export interface SnqlFailure {
  error: SnqlErrorBody;
}

export type SnqlResponse = SnqlSuccess | SnqlFailure;

export interface SnqlParamView {
  type: string;
  value: string | number | boolean;
}

export interface SnqlExplanation {
  dialect: string;
  sql: string;
  params: SnqlParamView[];
  totalsSql?: string;
  meta: SnqlMeta[];
}

export type SnqlExplainResponse = SnqlExplanation | SnqlFailure;

export interface SnqlExport {
  filename: string;
  contentType: string;
  /** The file, base64: results are capped at SNQL_ROW_CAP rows, so this stays small. */
  base64: string;
  rows: number;
}

export type SnqlExportResponse = SnqlExport | SnqlFailure;

export interface SavedQuery {
  id: number;
  name: string;
  query: string;
  createdAt: string;
  updatedAt: string;
}

export function isSnqlFailure(value: unknown): value is SnqlFailure {
  return typeof value === 'object' && value !== null && 'error' in value;
}

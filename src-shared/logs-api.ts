/**
 * Structured logs (`Sentry.logger.*` with `enableLogs: true`, Python's `sentry_sdk.logger`), as
 * Sentry's Logs explorer and Spotlight list them: the records of the `log` / `otel_log` items a
 * project received, newest first. Params schema and result type of `logs.list`.
 */
import { z } from 'zod';
import { checkRange, rangeFields, STATS_PERIODS } from './issues-api.ts';

/**
 * Stored items (one SDK flush each, up to 100 records) read for one page at most. The read runs on
 * the main thread, which also answers SDKs, and the page polls it: a search that matches nothing
 * must not hold that thread long (an item of 100 records is ~50 KB of JSON to inflate and parse).
 */
export const MAX_LOG_ITEMS_SCANNED = 200;

/** Sentry's log levels, least severe first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** The Logs page's orders: by timestamp, newest or oldest first, as Sentry's Logs explorer sorts its table. */
export const LOG_SORTS = ['newest', 'oldest'] as const;
export type LogSort = (typeof LOG_SORTS)[number];

export type LogAttributeValue = string | number | boolean | null;

export interface LogRecord {
  projectId: number;
  /** Milliseconds since the epoch, as the SDK stamped the record. */
  timestamp: number;
  /** One of `LOG_LEVELS` when the SDK sent one of them, else what it sent. */
  level: string;
  severityNumber: number | null;
  body: string;
  traceId: string | null;
  spanId: string | null;
  /** The record's attributes, by key, with their values unwrapped (`sentry.*` ones included). */
  attributes: Record<string, LogAttributeValue>;
}

export interface LogList {
  logs: LogRecord[];
  /** Where the next page (older, or newer when sorted oldest first) starts; null when nothing more is stored. */
  nextCursor: string | null;
  /** The page stopped at `MAX_LOG_ITEMS_SCANNED` items: the rest was not searched. */
  partial: boolean;
}

const timeBound = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);

export const logParams = {
  list: z
    .object({
      projectId: z.number().int().positive(),
      /** Sentry's search syntax: body text (case-insensitive), `level:`, `trace:`, attributes, `has:` (core/logs/filter.ts). */
      query: z.string().max(1_000).optional(),
      /** Bounds on the records' timestamps. */
      since: timeBound.optional(),
      until: timeBound.optional(),
      /** The last hour, day … up to now (Sentry's page period), besides `since`. */
      period: z.enum(STATS_PERIODS).optional(),
      /** An absolute range `[start, end)` (Sentry's page filter "from … to …"), in place of the period. */
      ...rangeFields,
      /** Newest first (the default) or oldest first, by the records' timestamps. */
      sort: z.enum(LOG_SORTS).default('newest'),
      cursor: z
        .string()
        .regex(/^\d+:\d+:\d+$/, 'not a cursor of logs.list')
        .optional(),
      limit: z.number().int().min(1).max(1_000).default(100),
    })
    .strict()
    .superRefine(checkRange),
};

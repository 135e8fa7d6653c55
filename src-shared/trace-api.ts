/**
 * The trace of an event, as Sentry's event page shows it (its trace timeline, "Trace Connected
 * Errors" and the trace preview): the other error events that carry the same `trace_id`
 * (`contexts.trace.trace_id`, propagated by `sentry-trace` / `baggage`) and the transactions of that
 * trace, with their spans when one is opened. Params schemas and result types of `events.trace` and
 * `events.traceSpans`.
 */
import { z } from 'zod';
import type { ProfileRef } from './profiles-api.ts';

/**
 * As Sentry's trace timeline, the trace is looked for within 12 hours either side of when the event
 * was received (`getTraceTimeRangeFromEvent`): a trace id seen again days later is another trace.
 */
export const TRACE_WINDOW_MS = 12 * 3_600_000;
/** At most this many errors and as many transactions are listed; `truncated` says more exist. */
export const MAX_TRACE_ITEMS = 100;

/** An error event of the trace. */
export interface TraceError {
  projectId: number;
  projectSlug: string;
  eventId: string;
  /** Its issue, null for an event with none (it was discarded after indexing). */
  groupId: number | null;
  shortId: string | null;
  title: string;
  level: string;
  /** ISO 8601, in milliseconds. */
  timestamp: string;
  /** The span that was active when it happened (16 hex), if the SDK said. */
  spanId: string | null;
  /** The transaction it happened in (`transaction` tag), as the SDK named it. */
  transaction: string | null;
  /**
   * The span id of the transaction of this trace that holds `spanId` (the transaction itself or one
   * of its spans), as Sentry's trace view places an error under its transaction; null when none does.
   */
  segmentId: string | null;
  /** The event the trace was asked for. */
  isCurrent: boolean;
}

/**
 * A transaction of the trace: a `transaction` item, or a segment of the spans an SDK streams (span v2
 * items, `is_segment`), which Sentry shows in the trace the same way.
 */
export interface TraceTransaction {
  projectId: number;
  projectSlug: string;
  /** The transaction's event id; a streamed segment has none and is known by its span id. */
  eventId: string | null;
  name: string;
  op: string | null;
  /** Its trace status (`ok`, `internal_error` …). */
  status: string | null;
  spanId: string;
  parentSpanId: string | null;
  /**
   * The span id of the transaction that holds `parentSpanId` (the parent transaction itself or one of
   * its spans), as Sentry's trace view nests a transaction under the one that called it (a browser's
   * fetch, then the backend's server transaction); null when the parent is not among what was read.
   */
  parentSegmentId: string | null;
  /** ISO 8601 start and end, with the SDK's precision (milliseconds in the string). */
  start: string;
  end: string;
  durationMs: number;
  /** Its child spans (the root span, the transaction itself, not counted). */
  spanCount: number;
  /**
   * Its web vitals (a page load's or a navigation's), as Sentry's trace view lists them: from a
   * transaction's `measurements` or a streamed segment's `browser.web_vital.*` attributes and its spans'.
   */
  webVitals: WebVitals;
  /**
   * Its profile, as Sentry's trace view links one: a v1 profile sent with it, or the continuous
   * profiler that ran during it (over its start and end). In the trace of an event or a trace id, only
   * a profile Faultline has; in `traces.list`, the profiler as the transaction names it.
   */
  profile: ProfileRef | null;
}

/** Sentry's web vitals, in the order its trace view lists them. */
export const WEB_VITALS = ['lcp', 'fcp', 'fp', 'inp', 'fid', 'cls', 'ttfb'] as const;
export type WebVitalName = (typeof WEB_VITALS)[number];
/** Milliseconds, except CLS (a score). */
export type WebVitals = Partial<Record<WebVitalName, number>>;

export interface EventTrace {
  /** 32 hex; null when the event has no trace context, and then nothing else is listed. */
  traceId: string | null;
  /** Time order; the event itself is among them. */
  errors: TraceError[];
  /** Time order of their start. */
  transactions: TraceTransaction[];
  /** More errors or transactions than `MAX_TRACE_ITEMS` were found (the earliest are listed). */
  truncated: boolean;
}

/** A child span of a transaction, as its waterfall shows it. */
export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  op: string | null;
  description: string | null;
  status: string | null;
  start: string;
  end: string;
  durationMs: number;
}

export interface TraceSpanList {
  spans: TraceSpan[];
}

/**
 * Stored items (a transaction, or a container of streamed spans) read for one page of `traces.list` at
 * most: the read runs on the main thread, which also answers SDKs, and the page polls it.
 */
export const MAX_TRACE_ITEMS_SCANNED = 200;

/** A transaction (or streamed segment) as the Traces page lists it. */
export interface TraceListRow extends TraceTransaction {
  traceId: string;
  /** When it was received (milliseconds), the list's order. */
  received: number;
  /**
   * The error events of its trace (any project, within `TRACE_WINDOW_MS` of the page's transactions),
   * from the event index; null when it could not be asked.
   */
  errorCount: number | null;
}

export interface TraceList {
  /** Newest first by arrival. */
  transactions: TraceListRow[];
  /** Where the next (older) page starts; null when nothing older is stored. */
  nextCursor: string | null;
  /** The page stopped at `MAX_TRACE_ITEMS_SCANNED` items: older transactions were not searched. */
  partial: boolean;
}

const hex32 = z
  .string()
  .regex(/^[0-9a-fA-F-]{32,36}$/, 'a trace id is 32 hex digits')
  .transform((id) => id.replaceAll('-', '').toLowerCase());

export const traceParams = {
  /** The trace of this event (found by its project and id, as `events.get`). */
  event: z
    .object({
      projectId: z.number().int().positive(),
      eventId: z.string().min(1).max(64),
    })
    .strict(),
  /**
   * The child spans of one transaction of a trace: by its event id, or a streamed segment's span id;
   * `timestamp` (its start, as `events.trace` gives it) places it in time, as Sentry's trace endpoints
   * take one.
   */
  spans: z
    .object({
      traceId: hex32,
      timestamp: z.iso.datetime({ offset: true }),
      eventId: z.string().min(1).max(64).optional(),
      spanId: z
        .string()
        .regex(/^[0-9a-fA-F]{16}$/)
        .optional(),
    })
    .strict()
    .refine((p) => (p.eventId === undefined) !== (p.spanId === undefined), {
      message: 'name the transaction by eventId or by spanId',
    }),
  /** A project's transactions, newest first (the Traces page). */
  list: z
    .object({
      projectId: z.number().int().positive(),
      /** Words of the transaction's name (case-insensitive), and `op:`, `status:` and `trace:` filters. */
      query: z.string().max(1_000).optional(),
      cursor: z
        .string()
        .regex(/^\d+:\d+:\d+$/, 'not a cursor of traces.list')
        .optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  /**
   * One trace found by its id, as `events.trace` finds an event's: its errors and transactions within
   * `TRACE_WINDOW_MS` of the newest transaction of it this project received, or of `timestamp`.
   */
  trace: z
    .object({
      projectId: z.number().int().positive(),
      traceId: hex32,
      /**
       * A time in the trace (a log's, as Sentry's trace links carry one): the window is placed around it
       * instead, so a trace of logs and errors without a transaction opens too (then maybe empty).
       */
      timestamp: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
};

/**
 * The Requests page, as Sentry's Insights → Outbound API Requests (its `http` module): a project's
 * outbound HTTP spans (op `http.client`) grouped by their domain (Sentry's `span.domain`), with how many
 * there were a minute, how many answered 3xx and 5xx, and how long they took; a domain opens onto the
 * transactions that make its requests, its status codes and sample spans. Params schemas and result
 * types of `insights.requests` and `insights.requestDomain`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';

/**
 * The period counted when none is chosen: the last day, so that requests a minute read sensibly for
 * an app run on a laptop (over 14 days, a morning's requests round to none a minute).
 */
export const DEFAULT_REQUESTS_PERIOD: StatsPeriod = '24h';

/** The orders of Sentry's domains table, each largest first; `time` (time spent) is its default. */
export const REQUEST_SORTS = ['time', 'rpm', '3xx', '5xx', 'avg'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

/** The counts of a set of outbound requests (a domain's, or a domain's from one transaction). */
export interface RequestStats {
  count: number;
  /** Requests a minute over the period (Sentry's `epm()`). */
  perMinute: number;
  /** The share of responses with a 3xx status, 0 to 1 (Sentry's `http_response_rate(3)`). */
  rate3xx: number;
  rate4xx: number;
  rate5xx: number;
  /** Average of the spans' self time (Sentry's `avg(span.self_time)`): time not in a child span. */
  avgMs: number;
  /** Sum of the spans' self time (Sentry's "time spent"). */
  totalMs: number;
}

/** One domain: every `http.client` span whose URL names it. */
export interface RequestDomain extends RequestStats {
  /** `host:port` as Relay normalizes it (`*.example.com`, `127.0.0.1:8080`); `''` when none was found. */
  domain: string;
}

export interface RequestDomainList {
  domains: RequestDomain[];
  /** Domains found before `limit` cut the list. */
  total: number;
  /** Reading stopped at `MAX_QUERY_ITEMS_SCANNED` items: older spans were not counted. */
  partial: boolean;
}

/** The domain's requests made in one transaction (by name). */
export interface RequestTransaction extends RequestStats {
  transaction: string | null;
}

export interface RequestStatusCount {
  /** The response's status code; null when the span has none (no response, or the SDK did not say). */
  statusCode: number | null;
  count: number;
}

/** One outbound request, as sent. */
export interface RequestSample {
  spanId: string;
  /** The span's description as sent (`GET https://api.example.com/users/7`). */
  description: string | null;
  /** The URL requested (`url.full`, `url` or `http.url` of its data), else null. */
  url: string | null;
  statusCode: number | null;
  durationMs: number;
  /** When it started, ISO 8601. */
  timestamp: string;
  traceId: string;
  transaction: string | null;
  /** The span id of its transaction (or streamed segment), which the trace view opens. */
  transactionSpanId: string | null;
}

export interface RequestDomainDetail {
  /** Null when the period has no request to the domain. */
  summary: RequestDomain | null;
  /** Most frequent first. */
  statusCodes: RequestStatusCount[];
  /** Most time spent first. */
  transactions: RequestTransaction[];
  /** Newest first (of `transaction` only, when given). */
  samples: RequestSample[];
  partial: boolean;
}

const domain = z.string().max(1_000);

export const requestsParams = {
  domains: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_REQUESTS_PERIOD),
      /** Words each of which the domain must contain (case-insensitive). */
      query: z.string().max(1_000).optional(),
      sort: z.enum(REQUEST_SORTS).default('time'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  domain: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_REQUESTS_PERIOD),
      domain,
      /** Samples of this transaction's requests only. */
      transaction: z.string().max(1_000).optional(),
      limit: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
};

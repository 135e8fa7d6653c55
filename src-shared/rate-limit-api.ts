/**
 * A project's rate limit, as the Projects & Setup page and the API set it: at most `limit`
 * envelopes per `window` seconds (Sentry's Client Key "Rate Limit", N events per window), counted
 * for the data categories named (all of them when none is named). Ingest answers 429 as Relay does
 * once it is used up. Stored as `projects.options.rateLimit`.
 */
import { z } from 'zod';

/** Relay's data categories an envelope item can count in (`Item::quantities`). */
export const RATE_LIMIT_CATEGORIES = [
  'error',
  'security',
  'transaction',
  'attachment',
  'attachment_item',
  'session',
  'feedback',
  'monitor',
  'profile',
  'profile_chunk',
  'profile_chunk_ui',
  'replay',
  'log_item',
  'log_byte',
  'trace_metric',
  'span',
] as const;

export type RateLimitCategory = (typeof RATE_LIMIT_CATEGORIES)[number];

export function isRateLimitCategory(name: string): name is RateLimitCategory {
  return (RATE_LIMIT_CATEGORIES as readonly string[]).includes(name);
}

/** Sentry's bounds for a key's rate limit window: at most one day. */
export const RATE_LIMIT_BOUNDS = {
  minLimit: 1,
  maxLimit: 1_000_000_000,
  minWindowSeconds: 1,
  maxWindowSeconds: 86_400,
} as const;

/** The windows Sentry's Client Key form offers, in seconds. */
export const RATE_LIMIT_WINDOWS = [60, 300, 900, 3600, 7200, 14_400, 21_600, 43_200, 86_400] as const;

export interface ProjectRateLimit {
  limit: number;
  /** Seconds. */
  window: number;
  /** Data categories the limit counts; all when empty. */
  categories: string[];
}

const { minLimit, maxLimit, minWindowSeconds, maxWindowSeconds } = RATE_LIMIT_BOUNDS;

const categoryNames = RATE_LIMIT_CATEGORIES.join(', ');

export const rateLimitSchema = z
  .object({
    limit: z
      .number({ error: 'the limit must be a number of events' })
      .int('the limit must be a whole number of events')
      .min(
        minLimit,
        'the limit must be at least 1 event (to refuse every event, disable the project’s keys; to lift the limit, clear it)',
      )
      .max(maxLimit, `the limit must be at most ${maxLimit} events`),
    window: z
      .number({ error: 'the window must be a number of seconds' })
      .int('the window must be a whole number of seconds')
      .min(minWindowSeconds, 'the window must be at least 1 second')
      .max(maxWindowSeconds, `the window must be at most ${maxWindowSeconds} seconds (1 day), as in Sentry`),
    categories: z
      .array(
        z.enum(RATE_LIMIT_CATEGORIES, {
          error: (issue) => `unknown data category ${JSON.stringify(issue.input)}; known: ${categoryNames}`,
        }),
      )
      .optional(),
  })
  .strict();

const projectId = z.number().int().positive();

export const rateLimitParams = {
  get: z.object({ projectId }).strict(),
  /** `rateLimit: null` clears the limit. */
  set: z.object({ projectId, rateLimit: rateLimitSchema.nullable() }).strict(),
};

/**
 * A project rate limit (a project option, off by default) and Relay's way of announcing it:
 * `429` with `Retry-After` and `X-Sentry-Rate-Limits: <secs>:<categories>:<scope>:<reason>`
 * (`utils/rate_limits.rs::format_rate_limits`). SDKs honour these headers on every response, so
 * they are sent only when a limit is actually hit.
 */
import { enforceQuota } from './envelope-limiter.ts';
import type { EnvelopeItem } from './envelope-parser.ts';
import { IngestError } from './errors.ts';
import type { Quantity } from './item-types.ts';

/**
 * `projects.options.rateLimit`: at most `limit` of each counted data category's quantity (events,
 * spans, log items, attachment bytes …) per `window` seconds.
 */
export interface RateLimitQuota {
  limit: number;
  window: number;
  /** Data categories the limit applies to; all when empty, each on its own counter. */
  categories: string[];
}

/** Sentry's reason code for a project-level quota. */
export const PROJECT_QUOTA_REASON = 'project_quota';

export function parseRateLimitQuota(value: unknown): RateLimitQuota | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { limit, window, categories } = value as Record<string, unknown>;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) return undefined;
  if (typeof window !== 'number' || !Number.isInteger(window) || window <= 0) return undefined;
  const list = Array.isArray(categories) ? categories.filter((c): c is string => typeof c === 'string') : [];
  return { limit, window, categories: list };
}

export function formatRateLimits(
  retryAfter: number,
  categories: string[],
  scope: string,
  reason: string,
): string {
  return `${retryAfter}:${categories.join(';')}:${scope}:${reason}`;
}

/** Relay's `REJECT_ALL_SECS`: how long a quota of 0 tells clients to wait. */
const REJECT_ALL_SECS = 60;

/** Units of the categories a quota can name (Relay's `CategoryUnit`); one counter counts one unit. */
function unitOf(category: string): string {
  if (category === 'attachment' || category === 'log_byte') return 'bytes';
  if (category === 'session') return 'batched';
  return 'count';
}

/**
 * The counter a category counts on under this quota, or undefined when the quota does not apply
 * to it. Relay keeps one counter per quota, so all the categories a quota names share it; it
 * refuses a counted quota whose categories mix units (bytes and items), or that names none, as
 * invalid. Faultline reads those as Sentry's per-category quotas instead: one counter per unit of
 * the named categories, and for a quota naming none, one counter per category.
 */
function counterOf(quota: RateLimitQuota, category: string): string | undefined {
  if (quota.categories.length === 0) return category;
  return quota.categories.includes(category) ? unitOf(category) : undefined;
}

/** The categories a refusal announces: those sharing the counter (all of a quota of 0's, as Relay). */
function announcedOf(quota: RateLimitQuota, counter: string): string[] {
  if (quota.limit === 0) return quota.categories;
  if (quota.categories.length === 0) return [counter];
  return quota.categories.filter((category) => unitOf(category) === counter);
}

interface Window {
  start: number;
  used: Map<string, number>;
}

/** What a rate limit took out of an envelope, and the 429 to answer once the rest is queued. */
export interface RateLimited {
  items: Set<EnvelopeItem>;
  /** Quantities to count as `rate_limited`. */
  outcomes: Quantity[];
  error: IngestError;
  /**
   * Whether to answer `error` (429); not when only attachments that create the event were
   * limited, which clients may send anyway (Relay announces no limit for them).
   */
  refused: boolean;
}

/**
 * Fixed-window counters per project, in memory (a restart resets them, as Relay's local cache
 * would). As Relay's `RedisRateLimiter`, a request for a quantity that does not fit in what is
 * left of the window is refused whole and not counted.
 */
export class ProjectRateLimiter {
  readonly #windows = new Map<number, Window>();

  /**
   * Counts the envelope's items against the quota, per data category and quantity (Relay's
   * `EnvelopeLimiter`); when the quota refuses some, those items, their outcomes and the 429 to
   * answer (Relay queues the envelope's other items and still answers 429).
   */
  check(
    projectId: number,
    quota: RateLimitQuota | undefined,
    items: readonly EnvelopeItem[],
    now = Date.now(),
  ): RateLimited | undefined {
    if (!quota) return undefined;
    const windowMs = quota.window * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.#windows.get(projectId);
    if (!window || window.start !== start) {
      window = { start, used: new Map() };
      this.#windows.set(projectId, window);
    }
    const { used } = window;
    const enforcement = enforceQuota(items, (category, quantity) => {
      const counter = counterOf(quota, category);
      if (counter === undefined) return undefined;
      const wanted = quantity();
      if (wanted <= 0) return undefined;
      const before = used.get(counter) ?? 0;
      if (quota.limit > 0 && before + wanted <= quota.limit) {
        used.set(counter, before + wanted);
        return undefined;
      }
      return announcedOf(quota, counter);
    });
    if (enforcement.dropped.size === 0 && enforcement.announced.length === 0) return undefined;
    const retryAfter =
      quota.limit === 0 ? REJECT_ALL_SECS : Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    // One entry per limit, however many groups of items it refused.
    const limits = new Set(
      enforcement.announced.map((categories) =>
        formatRateLimits(retryAfter, categories, 'project', PROJECT_QUOTA_REASON),
      ),
    );
    const error = new IngestError(
      'rate_limited',
      429,
      'event submission rejected with_reason: rate limited',
      { headers: { 'retry-after': String(retryAfter), 'x-sentry-rate-limits': [...limits].join(', ') } },
    );
    return {
      items: enforcement.dropped,
      outcomes: enforcement.outcomes,
      error,
      refused: enforcement.announced.length > 0,
    };
  }
}

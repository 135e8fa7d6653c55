/**
 * A project rate limit (a project option, off by default) and Relay's way of announcing it:
 * `429` with `Retry-After` and `X-Sentry-Rate-Limits: <secs>:<categories>:<scope>:<reason>`
 * (`utils/rate_limits.rs::format_rate_limits`). SDKs honour these headers on every response, so
 * they are sent only when a limit is actually hit.
 */
import { IngestError } from './errors.ts';
import type { Quantity } from './item-types.ts';

/** `projects.options.rateLimit`: at most `limit` envelopes per `window` seconds. */
export interface RateLimitQuota {
  limit: number;
  window: number;
  /** Data categories the limit applies to; all when empty. */
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

interface Window {
  start: number;
  count: number;
}

/** Fixed-window counters per project, in memory (a restart resets them, as Relay's local cache would). */
export class ProjectRateLimiter {
  readonly #windows = new Map<number, Window>();

  /** Counts the envelope against the quota, or throws the 429 to answer. */
  check(
    projectId: number,
    quota: RateLimitQuota | undefined,
    quantities: Quantity[],
    now = Date.now(),
  ): void {
    if (!quota) return;
    const applies =
      quota.categories.length === 0
        ? quantities.length > 0
        : quantities.some(({ category }) => quota.categories.includes(category));
    if (!applies) return;
    const windowMs = quota.window * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.#windows.get(projectId);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.#windows.set(projectId, window);
    }
    if (window.count < quota.limit) {
      window.count++;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    throw new IngestError('rate_limited', 429, 'event submission rejected with_reason: rate limited', {
      headers: {
        'retry-after': String(retryAfter),
        'x-sentry-rate-limits': formatRateLimits(
          retryAfter,
          quota.categories,
          'project',
          PROJECT_QUOTA_REASON,
        ),
      },
    });
  }
}

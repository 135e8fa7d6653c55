/**
 * A project rate limit (a project option, off by default) and Relay's way of announcing it:
 * `429` with `Retry-After` and `X-Sentry-Rate-Limits: <secs>:<categories>:<scope>:<reason>`
 * (`utils/rate_limits.rs::format_rate_limits`). SDKs honour these headers on every response, so
 * they are sent only when a limit is actually hit.
 */
import type { EnvelopeItem } from './envelope-parser.ts';
import { IngestError } from './errors.ts';
import { EVENT_ITEM_TYPES, itemQuantities } from './item-types.ts';

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

/** What a rate limit took out of an envelope, and the 429 to answer once the rest is queued. */
export interface RateLimited {
  items: Set<EnvelopeItem>;
  error: IngestError;
}

/** Items that go with their event: Relay's `EnvelopeLimiter` drops them when the event is limited. */
const FOLLOW_THE_EVENT = new Set(['attachment', 'profile']);

/**
 * The items a quota applies to (Relay's `EnvelopeLimiter`): those counting in one of its
 * categories (any category, when it names none), and the attachments and profile of a limited
 * event. Client reports never count in a category, so they are never limited.
 */
function limitedItems(quota: RateLimitQuota, items: readonly EnvelopeItem[]): Set<EnvelopeItem> {
  const applies = (item: EnvelopeItem) =>
    itemQuantities(item).some(
      ({ category }) => quota.categories.length === 0 || quota.categories.includes(category),
    );
  const limited = new Set(items.filter(applies));
  if (items.some((item) => limited.has(item) && EVENT_ITEM_TYPES.has(item.headers.type))) {
    for (const item of items) if (FOLLOW_THE_EVENT.has(item.headers.type)) limited.add(item);
  }
  return limited;
}

/** Fixed-window counters per project, in memory (a restart resets them, as Relay's local cache would). */
export class ProjectRateLimiter {
  readonly #windows = new Map<number, Window>();

  /**
   * Counts the envelope against the quota; once it is used up, the items it applies to and the
   * 429 to answer (Relay queues the envelope's other items and still answers 429).
   */
  check(
    projectId: number,
    quota: RateLimitQuota | undefined,
    items: readonly EnvelopeItem[],
    now = Date.now(),
  ): RateLimited | undefined {
    if (!quota) return undefined;
    const limited = limitedItems(quota, items);
    if (limited.size === 0) return undefined;
    const windowMs = quota.window * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.#windows.get(projectId);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.#windows.set(projectId, window);
    }
    if (window.count < quota.limit) {
      window.count++;
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    const error = new IngestError(
      'rate_limited',
      429,
      'event submission rejected with_reason: rate limited',
      {
        headers: {
          'retry-after': String(retryAfter),
          'x-sentry-rate-limits': formatRateLimits(
            retryAfter,
            quota.categories,
            'project',
            PROJECT_QUOTA_REASON,
          ),
        },
      },
    );
    return { items: limited, error };
  }
}

/**
 * The pipeline's `issues.changed` per project, at most one per window: the first at once, the
 * changes during the window in one more at its end (so the last change is always announced).
 * Each batch announced its projects twice (when SQLite had the events, again when DuckDB had them):
 * under a steady stream ~30 a second, and an open page refetched everything it shows on each,
 * whatever the rate of events (measured: a page of an issue of 20k events at 300 events/s kept the
 * server busy at 120% CPU and the queue behind).
 */
export const ANNOUNCE_WINDOW_MS = 500;

export class ChangeAnnouncer {
  readonly #post: (projectId: number) => void;
  readonly #windowMs: number;
  /** Per project: when the window of its last announcement ends, and whether a change waits for it. */
  readonly #windows = new Map<number, { endsAt: number; pending: boolean; timer?: NodeJS.Timeout }>();

  constructor(post: (projectId: number) => void, windowMs = ANNOUNCE_WINDOW_MS) {
    this.#post = post;
    this.#windowMs = windowMs;
  }

  announce(projectId: number): void {
    const now = performance.now();
    const window = this.#windows.get(projectId);
    if (window && now < window.endsAt) {
      if (window.pending) return;
      window.pending = true;
      window.timer = setTimeout(() => this.#flush(projectId), window.endsAt - now);
      window.timer.unref();
      return;
    }
    this.#windows.set(projectId, { endsAt: now + this.#windowMs, pending: false });
    this.#post(projectId);
  }

  #flush(projectId: number): void {
    this.#windows.set(projectId, { endsAt: performance.now() + this.#windowMs, pending: false });
    this.#post(projectId);
  }

  /** Announces what waits now (the worker is stopping). */
  flushAll(): void {
    for (const [projectId, window] of this.#windows) {
      if (!window.pending) continue;
      clearTimeout(window.timer);
      this.#flush(projectId);
    }
  }
}

/**
 * A longer window for `items.changed`: the pages it refreshes (Traces, Queries, Logs, Crons, User
 * Feedback) read up to hundreds of stored items again on the main thread, which also answers SDKs.
 */
export const ITEMS_ANNOUNCE_WINDOW_MS = 2000;

/** The pipeline's `items.changed` per project: the item types stored since the last one, windowed as above. */
export class ItemsAnnouncer {
  readonly #pending = new Map<number, Set<string>>();
  readonly #changes: ChangeAnnouncer;

  constructor(post: (projectId: number, itemTypes: string[]) => void, windowMs = ITEMS_ANNOUNCE_WINDOW_MS) {
    this.#changes = new ChangeAnnouncer((projectId) => {
      const types = this.#pending.get(projectId);
      this.#pending.delete(projectId);
      if (types && types.size > 0) post(projectId, [...types].sort());
    }, windowMs);
  }

  announce(projectId: number, itemTypes: Iterable<string>): void {
    const pending = this.#pending.get(projectId) ?? new Set<string>();
    for (const type of itemTypes) pending.add(type);
    this.#pending.set(projectId, pending);
    this.#changes.announce(projectId);
  }

  flushAll(): void {
    this.#changes.flushAll();
  }
}

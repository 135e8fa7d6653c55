/**
 * Relay's project cache, in small: key lookups and project options are read from SQLite and kept
 * for a second, so the hot path does not query per request while a disabled key or a changed
 * setting still applies almost at once. A change made through the API (a key enabled or disabled,
 * a rate limit) calls `projectConfigChanged`, which makes the next request read keys and options
 * again, as Relay's project cache is invalidated when Sentry saves a project or a key.
 */

import { readSettings } from '../settings/settings-store.ts';
import type { KeyLookup, ProjectStore } from '../store/projects.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { parseRateLimitQuota, type RateLimitQuota } from './rate-limits.ts';

const TTL_MS = 1000;

/** Per database: bumped by every change of keys or project options, so caches of it read them again. */
const generations = new WeakMap<SqliteDb, number>();

export function projectConfigChanged(db: SqliteDb): void {
  generations.set(db, (generations.get(db) ?? 0) + 1);
}

export interface ProjectConfig {
  projectId: number;
  /** The project's rate limit (`projects.options.rateLimit`); off when absent. */
  rateLimit: RateLimitQuota | undefined;
  /** Days events are kept (Sentry's project `event_retention`; Faultline's retention setting). */
  eventRetentionDays: number;
}

interface Cached<T> {
  value: T;
  expires: number;
  generation: number;
}

export class ProjectConfigCache {
  readonly #db: SqliteDb;
  readonly #projects: ProjectStore;
  readonly #readOptions;
  readonly #keys = new Map<string, Cached<KeyLookup | undefined>>();
  readonly #configs = new Map<number, Cached<ProjectConfig | undefined>>();

  constructor(db: SqliteDb, projects: ProjectStore) {
    this.#db = db;
    this.#projects = projects;
    this.#readOptions = db.prepare<[number], { options: string }>(
      'SELECT options FROM projects WHERE id = ?',
    );
  }

  lookupKey(publicKey: string, now = Date.now()): KeyLookup | undefined {
    const cached = this.#keys.get(publicKey);
    const generation = generations.get(this.#db) ?? 0;
    if (cached && cached.expires > now && cached.generation === generation) return cached.value;
    const value = this.#projects.lookupKey(publicKey);
    // Do not let a flood of random keys grow the cache without bound.
    if (this.#keys.size > 10_000) this.#keys.clear();
    this.#keys.set(publicKey, { value, expires: now + TTL_MS, generation });
    return value;
  }

  project(projectId: number, now = Date.now()): ProjectConfig | undefined {
    const cached = this.#configs.get(projectId);
    const generation = generations.get(this.#db) ?? 0;
    if (cached && cached.expires > now && cached.generation === generation) return cached.value;
    const row = this.#readOptions.get(projectId);
    const value = row
      ? {
          projectId,
          rateLimit: parseRateLimitQuota(parseOptions(row.options).rateLimit),
          eventRetentionDays: readSettings(this.#db).retentionDays,
        }
      : undefined;
    if (this.#configs.size > 10_000) this.#configs.clear();
    this.#configs.set(projectId, { value, expires: now + TTL_MS, generation });
    return value;
  }
}

function parseOptions(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

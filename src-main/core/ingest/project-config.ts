/**
 * Relay's project cache, in small: key lookups and project options are read from SQLite and kept
 * for a second, so the hot path does not query per request while a disabled key or a changed
 * setting still applies almost at once.
 */

import type { KeyLookup, ProjectStore } from '../store/projects.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { parseRateLimitQuota, type RateLimitQuota } from './rate-limits.ts';

const TTL_MS = 1000;

export interface ProjectConfig {
  projectId: number;
  /** The project's rate limit (`projects.options.rateLimit`); off when absent. */
  rateLimit: RateLimitQuota | undefined;
}

interface Cached<T> {
  value: T;
  expires: number;
}

export class ProjectConfigCache {
  readonly #projects: ProjectStore;
  readonly #readOptions;
  readonly #keys = new Map<string, Cached<KeyLookup | undefined>>();
  readonly #configs = new Map<number, Cached<ProjectConfig | undefined>>();

  constructor(db: SqliteDb, projects: ProjectStore) {
    this.#projects = projects;
    this.#readOptions = db.prepare<[number], { options: string }>(
      'SELECT options FROM projects WHERE id = ?',
    );
  }

  lookupKey(publicKey: string, now = Date.now()): KeyLookup | undefined {
    const cached = this.#keys.get(publicKey);
    if (cached && cached.expires > now) return cached.value;
    const value = this.#projects.lookupKey(publicKey);
    // Do not let a flood of random keys grow the cache without bound.
    if (this.#keys.size > 10_000) this.#keys.clear();
    this.#keys.set(publicKey, { value, expires: now + TTL_MS });
    return value;
  }

  project(projectId: number, now = Date.now()): ProjectConfig | undefined {
    const cached = this.#configs.get(projectId);
    if (cached && cached.expires > now) return cached.value;
    const row = this.#readOptions.get(projectId);
    const value = row
      ? { projectId, rateLimit: parseRateLimitQuota(parseOptions(row.options).rateLimit) }
      : undefined;
    if (this.#configs.size > 10_000) this.#configs.clear();
    this.#configs.set(projectId, { value, expires: now + TTL_MS });
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

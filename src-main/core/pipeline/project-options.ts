/** Per-project options the pipeline reads (Sentry's project options), from `projects.options` JSON. */
import { type InboundFilters, inboundFiltersSchema } from '../../../src-shared/inbound-filters-api.ts';
import { DEFAULT_GROUPING_CONFIG, type EventData, groupEvent } from '../grouping/index.ts';
import { usableRules } from '../grouping/project-rules.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { compileFilters } from './filters/index.ts';
import type { JsonObject } from './normalize/json.ts';
import type { GroupingFn, GroupingPolicy } from './prepare.ts';

interface ProjectOptions {
  groupingConfig?: string;
  secondaryGroupingConfig?: string;
  /** Unix ms; the transition ends then. */
  secondaryGroupingExpiry?: number;
  /** Crash reports kept per issue; absent = unlimited. */
  maxCrashReports?: number | null;
  /**
   * The project's inbound filters (settings/inbound-filters.ts), read once per read of the options:
   * only when one is on (unusable settings count as none).
   */
  filters?: Partial<InboundFilters>;
  /**
   * The project's Fingerprint Rules and Stack Trace Rules (settings/grouping-rules.ts), as stored;
   * read into `rules` below, only what is set and parses.
   */
  fingerprintingRules?: unknown;
  groupingEnhancements?: unknown;
  rules?: { fingerprintingRules?: string; enhancements?: string };
}

/** Options change rarely (a settings edit); reading them once a second per project is enough. */
const OPTIONS_TTL_MS = 1000;
const cache = new WeakMap<SqliteDb, Map<number, { at: number; options: ProjectOptions }>>();

function optionsOf(db: SqliteDb, projectId: number, now = Date.now()): ProjectOptions {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const hit = perDb.get(projectId);
  if (hit && now - hit.at < OPTIONS_TTL_MS) return hit.options;
  const row = stmt<[number], { options: string }>(db, 'SELECT options FROM projects WHERE id = ?').get(
    projectId,
  );
  let options: ProjectOptions = {};
  try {
    const stored = row ? (JSON.parse(row.options) as ProjectOptions & { filters?: unknown }) : {};
    options = { ...stored, filters: activeFilters(stored.filters), rules: projectRules(stored) };
  } catch {
    options = {};
  }
  perDb.set(projectId, { at: now, options });
  return options;
}

/**
 * Forgets what was read of a project's options (a settings change through the API), so the next
 * batch reads them again instead of up to a second later.
 */
export function forgetProjectOptions(db: SqliteDb, projectId: number): void {
  cache.get(db)?.delete(projectId);
}

/** The project's inbound filters when at least one is on; undefined otherwise (nothing to check). */
export function activeFilters(stored: unknown): Partial<InboundFilters> | undefined {
  if (stored === undefined) return undefined;
  const parsed = inboundFiltersSchema.partial().safeParse(stored);
  if (!parsed.success) return undefined;
  return compileFilters(parsed.data) ? parsed.data : undefined;
}

function projectRules(stored: ProjectOptions): ProjectOptions['rules'] {
  const fingerprintingRules = usableRules('fingerprinting', stored.fingerprintingRules);
  const enhancements = usableRules('enhancements', stored.groupingEnhancements);
  return {
    ...(fingerprintingRules ? { fingerprintingRules } : {}),
    ...(enhancements ? { enhancements } : {}),
  };
}

export function groupingPolicyFor(db: SqliteDb, projectId: number, now = Date.now()): GroupingPolicy {
  const options = optionsOf(db, projectId, now);
  const inTransition =
    options.secondaryGroupingConfig !== undefined && (options.secondaryGroupingExpiry ?? 0) >= now;
  const { filters } = options;
  return {
    config: options.groupingConfig ?? DEFAULT_GROUPING_CONFIG,
    ...(inTransition ? { secondaryConfig: options.secondaryGroupingConfig } : {}),
    ...options.rules,
    ...(filters ? { filters } : {}),
  };
}

/** The project's inbound filters, for items filtered after step 1 (transactions, other-items.ts). */
export function inboundFiltersFor(db: SqliteDb, projectId: number): Partial<InboundFilters> | undefined {
  return optionsOf(db, projectId).filters;
}

/**
 * How long a project keeps matching on its previous config's hashes after an upgrade. Sentry's
 * comments speak of grandfathering "for a week" (`SENTRY_GROUPING_UPDATE_MIGRATION_PHASE`).
 */
export const GROUPING_TRANSITION_MS = 7 * 24 * 3600 * 1000;

/**
 * Sentry's `update_grouping_config_if_needed`, run after a project's events were grouped: a
 * project on an older config moves to the current one, keeping the old one as its secondary
 * until the transition expires. Returns true when it upgraded the project.
 */
export function upgradeGroupingConfigIfNeeded(db: SqliteDb, projectId: number, now = Date.now()): boolean {
  const options = optionsOf(db, projectId, now);
  if (options.groupingConfig === undefined || options.groupingConfig === DEFAULT_GROUPING_CONFIG)
    return false;
  // Only the grouping keys change, and only if the project is still on the config read above (the
  // cached options may be a second old): a rate limit or any other option set meanwhile is kept.
  const result = stmt(
    db,
    `UPDATE projects SET options = json_set(options, '$.groupingConfig', ?, '$.secondaryGroupingConfig', ?,
       '$.secondaryGroupingExpiry', ?)
     WHERE id = ? AND json_extract(options, '$.groupingConfig') = ?`,
  ).run(
    DEFAULT_GROUPING_CONFIG,
    options.groupingConfig,
    now + GROUPING_TRANSITION_MS,
    projectId,
    options.groupingConfig,
  );
  cache.get(db)?.delete(projectId);
  return result.changes > 0;
}

export function crashReportLimitFor(db: SqliteDb, projectId: number): number | null {
  const limit = optionsOf(db, projectId).maxCrashReports;
  return typeof limit === 'number' && limit >= 0 ? limit : null;
}

export function groupingFor(): GroupingFn {
  return (event, { config, fingerprintingRules, enhancements }, owned) => {
    const grouped = groupEvent(event as EventData, {
      config,
      fingerprintingRules,
      enhancements,
      owned: owned === true,
      hashesOnly: true,
    });
    return { config: grouped.info.config, hashes: grouped.info.hashes, event: grouped.event as JsonObject };
  };
}

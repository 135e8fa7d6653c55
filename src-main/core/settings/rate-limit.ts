/**
 * Reading and changing a project's rate limit (`projects.options.rateLimit`), which ingest
 * enforces (`ingest/rate-limits.ts`). A change reaches ingest at its next request, not after a
 * restart or the project cache's second.
 */

import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ProjectRateLimit } from '../../../src-shared/rate-limit-api.ts';
import type { Handlers } from '../api/handlers.ts';
import { projectConfigChanged } from '../ingest/project-config.ts';
import { parseRateLimitQuota } from '../ingest/rate-limits.ts';
import type { SqliteDb } from '../store/sqlite.ts';

/** The stored limit as ingest reads it; null when there is none (or what is stored is unusable). */
function readRateLimit(db: SqliteDb, projectId: number): ProjectRateLimit | null {
  const row = db
    .prepare<[number], { rateLimit: string | null }>(
      // json_valid first: hand-edited options that are not JSON mean "no limit", as ingest reads them.
      "SELECT CASE WHEN json_valid(options) THEN json_extract(options, '$.rateLimit') END AS rateLimit FROM projects WHERE id = ?",
    )
    .get(projectId);
  if (!row) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  if (row.rateLimit === null) return null;
  return parseRateLimitQuota(safeParse(row.rateLimit)) ?? null;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sets (or, with null, removes) only the `rateLimit` option, in one statement, so other options
 * written meanwhile (the pipeline's grouping config) are kept.
 */
function writeRateLimit(
  db: SqliteDb,
  projectId: number,
  rateLimit: ProjectRateLimit | null,
): ProjectRateLimit | null {
  const options =
    "CASE WHEN json_valid(options) AND json_type(options) = 'object' THEN options ELSE '{}' END";
  const changed =
    rateLimit === null
      ? db
          .prepare(`UPDATE projects SET options = json_remove(${options}, '$.rateLimit') WHERE id = ?`)
          .run(projectId).changes
      : db
          .prepare(`UPDATE projects SET options = json_set(${options}, '$.rateLimit', json(?)) WHERE id = ?`)
          .run(JSON.stringify(rateLimit), projectId).changes;
  if (changed === 0) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  projectConfigChanged(db);
  return readRateLimit(db, projectId);
}

export const rateLimitHandlers: Pick<Handlers, 'projects.getRateLimit' | 'projects.setRateLimit'> = {
  'projects.getRateLimit': ({ projectId }, ctx) => readRateLimit(ctx.db, projectId),
  'projects.setRateLimit': ({ projectId, rateLimit }, ctx) => {
    const stored = writeRateLimit(
      ctx.db,
      projectId,
      rateLimit && {
        limit: rateLimit.limit,
        window: rateLimit.window,
        categories: [...new Set(rateLimit.categories ?? [])],
      },
    );
    ctx.live.publish({ type: 'projects.changed' });
    return stored;
  },
};

/**
 * Reading and changing a project's Auto Resolve age (`projects.options.resolveAge`, hours; Sentry's
 * `sentry:resolve_age`), which the pipeline worker's sweep applies (issues/auto-resolve.ts). A change
 * sweeps the project at once, as the hourly sweep would.
 */
import type { AutoResolve } from '../../../src-shared/auto-resolve-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { Handlers } from '../api/handlers.ts';
import { readResolveAge } from '../issues/auto-resolve.ts';
import type { SqliteDb } from '../store/sqlite.ts';

const OPTIONS = "CASE WHEN json_valid(options) AND json_type(options) = 'object' THEN options ELSE '{}' END";

function read(db: SqliteDb, projectId: number): AutoResolve {
  const exists = db.prepare('SELECT 1 FROM projects WHERE id = ?').get(projectId);
  if (!exists) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  return { resolveAge: readResolveAge(db, projectId) };
}

/** Only the `resolveAge` key changes, in one statement: other options written meanwhile are kept. */
function write(db: SqliteDb, projectId: number, resolveAge: number): AutoResolve {
  const changed =
    resolveAge === 0
      ? db
          .prepare(`UPDATE projects SET options = json_remove(${OPTIONS}, '$.resolveAge') WHERE id = ?`)
          .run(projectId).changes
      : db
          .prepare(`UPDATE projects SET options = json_set(${OPTIONS}, '$.resolveAge', ?) WHERE id = ?`)
          .run(resolveAge, projectId).changes;
  if (changed === 0) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  return read(db, projectId);
}

export const autoResolveHandlers: Pick<Handlers, 'projects.getAutoResolve' | 'projects.setAutoResolve'> = {
  'projects.getAutoResolve': ({ projectId }, ctx) => read(ctx.db, projectId),
  'projects.setAutoResolve': async ({ projectId, resolveAge }, ctx) => {
    const stored = write(ctx.db, projectId, resolveAge);
    ctx.live.publish({ type: 'projects.changed' });
    if (stored.resolveAge > 0) {
      // The setting is kept even if the sweep fails now (a restarting worker): the hourly one retries.
      await ctx.pipeline
        .call('issues.autoResolve', { projectId })
        .catch((error: unknown) => ctx.log.error('auto resolve failed', error));
    }
    return stored;
  },
};

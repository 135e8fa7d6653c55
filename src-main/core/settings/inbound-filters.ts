/**
 * Reading and changing a project's Inbound Filters (`projects.options.filters`), which the
 * pipeline applies before it stores an event (pipeline/filters/). A change applies to the next
 * event: the pipeline worker is told to read the project's options again before its next batch.
 */
import { isIP } from 'node:net';
import { FaultlineError } from '../../../src-shared/errors.ts';
import {
  DEFAULT_INBOUND_FILTERS,
  type InboundFilters,
  inboundFiltersSchema,
} from '../../../src-shared/inbound-filters-api.ts';
import type { Handlers } from '../api/handlers.ts';
import { projectConfigChanged } from '../ingest/project-config.ts';
import { parseIpEntry } from '../pipeline/filters/client-ips.ts';
import type { SqliteDb } from '../store/sqlite.ts';

/** Options that are not a JSON object are read as none (as the pipeline reads them). */
const OPTIONS = "CASE WHEN json_valid(options) AND json_type(options) = 'object' THEN options ELSE '{}' END";

/** The stored filters, with what is missing or unusable read as off. */
export function readInboundFilters(db: SqliteDb, projectId: number): InboundFilters {
  const row = db
    .prepare<[number], { filters: string | null }>(
      `SELECT json_extract(${OPTIONS}, '$.filters') AS filters FROM projects WHERE id = ?`,
    )
    .get(projectId);
  if (!row) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
  if (row.filters === null) return { ...DEFAULT_INBOUND_FILTERS };
  let stored: unknown;
  try {
    stored = JSON.parse(row.filters);
  } catch {
    return { ...DEFAULT_INBOUND_FILTERS };
  }
  const parsed = inboundFiltersSchema.partial().safeParse(stored);
  return { ...DEFAULT_INBOUND_FILTERS, ...(parsed.success ? parsed.data : {}) };
}

/** List entries trimmed, empty and repeated ones dropped, as Sentry stores its newline-separated options. */
const cleanList = (list: readonly string[]) => [
  ...new Set(list.map((entry) => entry.trim()).filter((entry) => entry !== '')),
];

/** Sentry refuses an IP filter entry that is neither an address nor a CIDR range; so does this. */
function checkClientIps(entries: readonly string[]): void {
  for (const entry of entries) {
    if (parseIpEntry(entry)) continue;
    const hint = isIP(entry.split('/')[0] ?? '') ? ' (the prefix after / is out of range)' : '';
    throw new FaultlineError(
      'invalid_params',
      `${JSON.stringify(entry)} is not an IP address or CIDR range${hint} (e.g. 127.0.0.1 or 10.0.0.0/8)`,
    );
  }
}

function writeInboundFilters(
  db: SqliteDb,
  projectId: number,
  change: Partial<InboundFilters>,
): InboundFilters {
  const next: InboundFilters = { ...readInboundFilters(db, projectId), ...change };
  next.errorMessages = cleanList(next.errorMessages);
  next.releases = cleanList(next.releases);
  next.clientIps = cleanList(next.clientIps);
  next.legacyBrowsers = [...new Set(next.legacyBrowsers)];
  checkClientIps(next.clientIps);
  // Only the `filters` key changes, in one statement: other options written meanwhile are kept.
  db.prepare(`UPDATE projects SET options = json_set(${OPTIONS}, '$.filters', json(?)) WHERE id = ?`).run(
    JSON.stringify(next),
    projectId,
  );
  projectConfigChanged(db);
  return next;
}

export const inboundFilterHandlers: Pick<
  Handlers,
  'projects.getInboundFilters' | 'projects.setInboundFilters'
> = {
  'projects.getInboundFilters': ({ projectId }, ctx) => readInboundFilters(ctx.db, projectId),
  'projects.setInboundFilters': async ({ projectId, filters }, ctx) => {
    const stored = writeInboundFilters(ctx.db, projectId, filters);
    await ctx.pipeline.call('projects.optionsChanged', { projectId });
    ctx.live.publish({ type: 'projects.changed' });
    return stored;
  },
};

/**
 * `crons.checkIns`: one monitor's check-ins, newest first, from the same bounded read as the list
 * (check-ins are kept per item, so a page of one monitor must fold every item read: the cursor is
 * how many of its check-ins the previous pages had), with the missed ones Sentry's clock records.
 * Without `environment`, every environment's.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import type { CronCheckInList } from '../../../src-shared/crons-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { foldCheckIns } from './fold.ts';
import { newestFirst, statusAt } from './monitors.ts';
import { readCheckInItems } from './read.ts';

export function listCheckIns(
  db: SqliteDb,
  params: ApiParsedParams<'crons.checkIns'>,
  now = Date.now(),
): CronCheckInList {
  const { items, partial } = readCheckInItems(db, params.projectId);
  const { environments } = foldCheckIns(items, now);
  const ofMonitor = [...environments.values()]
    .filter((state) => state.slug === params.monitorSlug)
    .filter((state) => params.environment === undefined || state.environment === params.environment)
    .flatMap((state) => state.checkIns);
  const skip = Number(params.cursor ?? 0);
  const page = newestFirst(ofMonitor).slice(skip, skip + params.limit);
  return {
    checkIns: page.map((checkIn) => ({
      id: checkIn.id,
      status: statusAt(checkIn, now),
      duration: checkIn.duration,
      timestamp: checkIn.timestamp,
      received: checkIn.received,
      environment: checkIn.environment,
      release: checkIn.release,
      traceId: checkIn.traceId,
    })),
    nextCursor: skip + params.limit < ofMonitor.length ? String(skip + params.limit) : null,
    partial,
  };
}

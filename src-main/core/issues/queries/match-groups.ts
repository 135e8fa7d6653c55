/**
 * The DuckDB query (on `errors`) behind a search with event filters or a date window: the groups with
 * events of the period that match the filters, with how many and their users (the `sentry:user` tag, as
 * "users seen" counts them), Sentry's `filtered` of the stream; and the same in the search's date window
 * (`date:`), which a group must have events in.
 */

import type { EventWindow } from './event-window.ts';
import { type EventFilter, indexWhere } from './index-conditions.ts';

export interface MatchGroupsArgs {
  projectId: number;
  since: number | null;
  window: EventWindow | null;
  filters: readonly EventFilter[];
}

export function matchGroupsQuery(args: MatchGroupsArgs): {
  sql: string;
  params: Record<string, string | number>;
} {
  // Without event filters only the window's counts are used (`filtered` is shown for event filters
  // only): the scan is then the window's, not the period's (`date:-1h` in 30 days read all 30).
  const windowOnly = args.filters.length === 0 && args.window !== null;
  const where = indexWhere(
    args.projectId,
    windowOnly ? (args.window?.start ?? null) : args.since,
    args.filters,
  );
  const params: Record<string, string | number> = { ...where.params };
  const bounds: string[] = [];
  if (args.window) {
    params.window_start = args.window.start;
    bounds.push('"timestamp" >= epoch_ms($window_start::BIGINT)');
    if (args.window.end !== null) {
      params.window_end = args.window.end;
      bounds.push('"timestamp" < epoch_ms($window_end::BIGINT)');
    }
  }
  const inWindow = bounds.length > 0 ? bounds.join(' AND ') : 'true';
  const filter = `FILTER (WHERE ${inWindow})`;
  const users = `count(DISTINCT nullif("user", ''))`;
  return {
    sql: `SELECT group_id, count(*), ${users}, count(*) ${filter}, ${users} ${filter}
          FROM errors WHERE ${where.sql}${windowOnly ? ` AND ${inWindow}` : ''}
          GROUP BY group_id HAVING count(*) ${filter} > 0`,
    params,
  };
}

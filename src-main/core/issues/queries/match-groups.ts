/**
 * The DuckDB query (on `errors`) behind a search with event filters or a date window: the groups with
 * events of the period that match the filters, with how many and their users (the `sentry:user` tag, as
 * "users seen" counts them), Sentry's `filtered` of the stream; and the same in the search's date window
 * (`date:`), which a group must have events in.
 */

import type { EventWindow } from './event-window.ts';
import { type EventFilter, type GroupScope, indexWhere } from './index-conditions.ts';

export interface MatchGroupsArgs {
  projectId: number;
  since: number | null;
  /** An absolute range's end (exclusive, ms); null for a period, which runs up to now. */
  until: number | null;
  window: EventWindow | null;
  filters: readonly EventFilter[];
  /** Only this group's events (within its span): one issue's numbers, not the project's groups. */
  group?: GroupScope;
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
    args.group,
  );
  const params: Record<string, string | number> = { ...where.params };
  if (args.until !== null) {
    params.until = args.until;
    where.sql += ' AND "timestamp" < epoch_ms($until::BIGINT)';
  }
  const bounds: string[] = [];
  if (args.window) {
    params.window_start = args.window.start;
    bounds.push('"timestamp" >= epoch_ms($window_start::BIGINT)');
    if (args.window.end !== null) {
      params.window_end = args.window.end;
      bounds.push('"timestamp" < epoch_ms($window_end::BIGINT)');
    }
  }
  const users = `count(DISTINCT nullif("user", ''))`;
  // The first and last matching events: an issue's first and last seen in the selected environments.
  const seen = 'epoch_ms(min("timestamp")) AS first_seen, epoch_ms(max("timestamp")) AS last_seen';
  if (bounds.length === 0) {
    // Without a window its counts are the period's: counted once (DuckDB counted the distinct users
    // twice under FILTER (WHERE true), ~2× the time of a free-text search over 200k events).
    return {
      sql: `SELECT group_id, n, users, n, users, first_seen, last_seen FROM (
              SELECT group_id, count(*) AS n, ${users} AS users, ${seen}
              FROM errors WHERE ${where.sql} GROUP BY group_id
            )`,
      params,
    };
  }
  const inWindow = bounds.join(' AND ');
  const filter = `FILTER (WHERE ${inWindow})`;
  return {
    sql: `SELECT group_id, count(*), ${users}, count(*) ${filter}, ${users} ${filter}, ${seen}
          FROM errors WHERE ${where.sql}${windowOnly ? ` AND ${inWindow}` : ''}
          GROUP BY group_id HAVING count(*) ${filter} > 0`,
    params,
  };
}

/**
 * One tag key's values on an issue's events (the tag details page, Sentry's `group_tagkey_values`):
 * each value's count and first / last seen, sorted and paged, with the totals a percentage and the
 * pager need. Read from the event index like the tag distribution (tag-distribution.ts), over the
 * same rows (the issue's, not deleted), so a key's counts add up to what its bars show.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TagValuePage, TagValueSort } from '../../../../src-shared/tag-values-api.ts';
import { type EventFilter, type EventSpan, indexWhere } from './index-conditions.ts';

export interface TagValuesArgs {
  projectId: number;
  groupId: number;
  span: EventSpan | null;
  /** As the UI shows it (`release`); the index may store it as `sentry:release`. */
  key: string;
  sort: TagValueSort;
  offset: number;
  limit: number;
  /** Only the events these match (the environment page filter's `environment:[…]`). */
  filters?: readonly EventFilter[];
}

const ORDER: Record<TagValueSort, string> = {
  count: 'n DESC, v',
  date: 'last_seen DESC, v',
  age: 'first_seen DESC, v',
};

/** The stored keys shown as `key`: the tag distribution shows `sentry:`-prefixed keys without the prefix. */
function storedKeys(key: string): [string, string] {
  return key.startsWith('sentry:') ? [key, key] : [key, `sentry:${key}`];
}

export async function tagValues(conn: DuckDBConnection, args: TagValuesArgs): Promise<TagValuePage> {
  const where = indexWhere(args.projectId, null, args.filters ?? [], { id: args.groupId, span: args.span });
  const [plain, prefixed] = storedKeys(args.key);
  const params = { ...where.params, k1: plain, k2: prefixed };
  // Totals in the same statement as the page, so a page past the end still has them.
  const reader = await conn.runAndReadAll(
    `WITH pairs AS (
       SELECT unnest("tags.key") AS k, unnest("tags.value") AS v, "timestamp" AS t FROM errors
       WHERE ${where.sql} AND list_has_any("tags.key", [$k1, $k2])
     ),
     vals AS (
       SELECT v, count(*) AS n, min(t) AS first_seen, max(t) AS last_seen FROM pairs
       WHERE k = $k1 OR k = $k2 GROUP BY v
     ),
     page AS (
       SELECT v, n, epoch_ms(first_seen) AS f, epoch_ms(last_seen) AS l, row_number() OVER (ORDER BY ${ORDER[args.sort]}) AS pos
       FROM vals ORDER BY pos LIMIT ${args.limit} OFFSET ${args.offset}
     )
     SELECT totals.u, totals.s, page.v, page.n, page.f, page.l
     FROM (SELECT count(*) AS u, coalesce(sum(n), 0) AS s FROM vals) AS totals
     LEFT JOIN page ON true
     ORDER BY page.pos`,
    params,
  );
  const rows = reader.getRowsJS();
  const first = rows[0];
  return {
    key: args.key,
    uniqueValues: Number(first?.[0] ?? 0),
    totalValues: Number(first?.[1] ?? 0),
    values: rows
      .filter((row) => row[2] !== null && row[2] !== undefined)
      .map(([, , value, count, firstSeen, lastSeen]) => ({
        value: String(value),
        count: Number(count),
        firstSeen: new Date(Number(firstSeen)).toISOString(),
        lastSeen: new Date(Number(lastSeen)).toISOString(),
      })),
    offset: args.offset,
  };
}

/**
 * An issue's tag distribution (the issue page's tag bars): each key with its values by count, from the
 * issue's events on the event index. Reading them unnests every tag of every event of the issue (~100 ms
 * for an issue of 20k events), and the UI asks again after each batch of events while the page is open,
 * also when the batch did not touch this issue. So the answer is kept with a fingerprint of the rows it
 * was counted from (how many and the xor of their event ids' hashes, ~3 ms to read): a row's tags never
 * change, only which rows belong to the issue (new events, merge, unmerge, deletion), which changes the
 * fingerprint. Both are read in one transaction, so an answer is never kept under another state's print.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TagDistribution } from '../../../../src-shared/issues-api.ts';
import type { EventIndex } from '../../store/duckdb/open_event_index.ts';
import { type EventSpan, indexWhere } from './index-conditions.ts';

export interface TagDistributionArgs {
  projectId: number;
  groupId: number;
  span: EventSpan | null;
  limit: number;
}

interface Kept {
  print: string;
  tags: TagDistribution[];
}

/** Issues whose answer is kept, per event index (the least recently asked for dropped first). */
const KEPT_ISSUES = 50;
const kept = new WeakMap<EventIndex, Map<string, Kept>>();

/** Sentry's tagstore shows `sentry:`-prefixed keys without the prefix. */
function tagDisplayKey(key: string): string {
  return key.startsWith('sentry:') ? key.slice('sentry:'.length) : key;
}

function distribution(rows: unknown[][], limit: number): TagDistribution[] {
  const byKey = new Map<string, TagDistribution>();
  for (const [rawKey, rawValue, rawCount] of rows) {
    const key = tagDisplayKey(String(rawKey));
    const count = Number(rawCount);
    const entry = byKey.get(key) ?? { key, totalValues: 0, uniqueValues: 0, topValues: [] };
    entry.totalValues += count;
    entry.uniqueValues++;
    if (entry.topValues.length < limit) entry.topValues.push({ value: String(rawValue), count });
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.totalValues - a.totalValues || a.key.localeCompare(b.key));
}

async function read(
  conn: DuckDBConnection,
  args: TagDistributionArgs,
  known: Kept | undefined,
): Promise<Kept> {
  const where = indexWhere(args.projectId, null, [], { id: args.groupId, span: args.span });
  const printed = await conn.runAndReadAll(
    `SELECT count(*)::VARCHAR || ':' || coalesce(bit_xor(hash(event_id)), 0)::VARCHAR FROM errors WHERE ${where.sql}`,
    where.params,
  );
  const print = String(printed.getRows()[0]?.[0]);
  if (known?.print === print) return known;
  const reader = await conn.runAndReadAll(
    `WITH pairs AS (
       SELECT unnest("tags.key") AS k, unnest("tags.value") AS v FROM errors WHERE ${where.sql}
     )
     SELECT k, v, count(*) AS n FROM pairs GROUP BY k, v ORDER BY k, n DESC, v`,
    where.params,
  );
  return { print, tags: distribution(reader.getRowsJS(), args.limit) };
}

/** The tag distribution of an issue's events; counted again only when its rows changed. */
export async function tagDistribution(
  index: EventIndex,
  conn: DuckDBConnection,
  args: TagDistributionArgs,
): Promise<TagDistribution[]> {
  const issues = kept.get(index) ?? new Map<string, Kept>();
  kept.set(index, issues);
  const key = JSON.stringify([args.projectId, args.groupId, args.span, args.limit]);
  const known = issues.get(key);
  await conn.run('BEGIN TRANSACTION');
  let answer: Kept;
  try {
    answer = await read(conn, args, known);
  } finally {
    await conn.run('COMMIT');
  }
  issues.delete(key);
  issues.set(key, answer);
  for (const [oldest] of issues) {
    if (issues.size <= KEPT_ISSUES) break;
    issues.delete(oldest);
  }
  return answer.tags;
}

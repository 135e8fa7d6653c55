/**
 * An issue's tag distribution (the issue page's tag bars): each key with its values by count, from the
 * issue's events on the event index. Reading them unnests every tag of every event of the issue (~200 ms
 * for an issue of 70k events), and the UI asks again after each batch of events while the page is open.
 * So the counts are kept with a fingerprint of the rows they were counted from (how many and the xor of
 * their event ids' hashes): a row's tags never change, only which rows belong to the issue (new events,
 * merge, unmerge, deletion). Kept counts cover the rows received before a second `below` (the index keeps
 * `received` in whole seconds, so the last second may still grow); asked again, the rows received before
 * it are printed again, and when the print is the kept one only the rows received since are counted and
 * added, else everything is counted again. A growing issue so costs a count of its newest rows, not of
 * all of them (~30 ms instead of ~200 ms at 70k events). All is read in one transaction.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TagDistribution } from '../../../../src-shared/issues-api.ts';
import type { EventIndex } from '../../store/duckdb/open_event_index.ts';
import { type EventFilter, type EventSpan, indexWhere } from './index-conditions.ts';

export interface TagDistributionArgs {
  projectId: number;
  groupId: number;
  span: EventSpan | null;
  limit: number;
  /** Only the events these match (the environment page filter's `environment:[…]`). */
  filters?: readonly EventFilter[];
  /** Only the events of `[since, until)` (ms; `until` null up to now): the page's period or range. */
  time?: { since: number; until: number | null } | undefined;
}

interface Counts {
  rows: bigint;
  xor: bigint;
}

interface Kept {
  /** Microseconds since the epoch: `settled` counts the rows received before it (or without a time). */
  below: bigint;
  print: Counts;
  /** `pairKey(key, value)` → events, of the settled rows. */
  settled: Map<string, number>;
  /** The rows received at or after `below`, counted each time. */
  tailPrint: Counts;
  tail: Map<string, number>;
  /** Answers by limit for these rows. */
  answers: Map<number, TagDistribution[]>;
}

/** Issues whose answer is kept, per event index (the least recently asked for dropped first). */
const KEPT_ISSUES = 50;
const kept = new WeakMap<EventIndex, Map<string, Kept>>();

/** Sentry's tagstore shows `sentry:`-prefixed keys without the prefix. */
function tagDisplayKey(key: string): string {
  return key.startsWith('sentry:') ? key.slice('sentry:'.length) : key;
}

/** A key of the pairs' counts (JSON: a tag's key or value may hold any character). */
const pairKey = (key: unknown, value: unknown) => JSON.stringify([String(key), String(value)]);

function distribution(pairs: Map<string, number>, limit: number): TagDistribution[] {
  const rows = [...pairs].map(([pair, count]) => {
    const [key = '', value = ''] = JSON.parse(pair) as string[];
    return { key, value, count };
  });
  rows.sort((a, b) =>
    a.key !== b.key
      ? a.key < b.key
        ? -1
        : 1
      : b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
  const byKey = new Map<string, TagDistribution>();
  for (const row of rows) {
    const key = tagDisplayKey(row.key);
    const entry = byKey.get(key) ?? { key, totalValues: 0, uniqueValues: 0, topValues: [] };
    entry.totalValues += row.count;
    entry.uniqueValues++;
    if (entry.topValues.length < limit) entry.topValues.push({ value: row.value, count: row.count });
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.totalValues - a.totalValues || a.key.localeCompare(b.key));
}

const samePrint = (a: Counts, b: Counts) => a.rows === b.rows && a.xor === b.xor;

const printSql = 'count(*)::BIGINT, coalesce(bit_xor(hash(event_id)), 0)::UBIGINT';

function countsOf(row: unknown[] | undefined): Counts {
  return {
    rows: BigInt((row?.[0] as bigint | undefined) ?? 0n),
    xor: BigInt((row?.[1] as bigint | undefined) ?? 0n),
  };
}

interface Since {
  below: bigint | null;
  settled: Counts;
  settledPairs: Map<string, number>;
  tail: Counts;
  tailPairs: Map<string, number>;
}

/**
 * The counts of the issue's rows received at or after `from` (all rows when null), split at the last
 * second among them: what came before it is settled (kept), what came in it is the tail (it may grow).
 */
async function countSince(
  conn: DuckDBConnection,
  where: { sql: string; params: Record<string, string | number> },
  from: bigint | null,
): Promise<Since> {
  const since = from === null ? 'true' : `received >= make_timestamp(${from}::BIGINT)`;
  const last = await conn.runAndReadAll(
    `SELECT epoch_us(max(received)) FROM errors WHERE ${where.sql} AND ${since}`,
    where.params,
  );
  const lastValue = last.getRows()[0]?.[0];
  const below = typeof lastValue === 'bigint' ? lastValue : null;
  // Rows without a time count as settled, as the kept ones do.
  const settledSql = below === null ? 'true' : `coalesce(received < make_timestamp(${below}::BIGINT), true)`;
  const printed = await conn.runAndReadAll(
    `SELECT ${settledSql} AS settled, ${printSql} FROM errors WHERE ${where.sql} AND ${since} GROUP BY ALL`,
    where.params,
  );
  const prints = printed.getRows();
  const counted = await conn.runAndReadAll(
    `WITH pairs AS (
       SELECT unnest("tags.key") AS k, unnest("tags.value") AS v, ${settledSql} AS settled
       FROM errors WHERE ${where.sql} AND ${since}
     )
     SELECT k, v, settled, count(*)::BIGINT FROM pairs GROUP BY ALL`,
    where.params,
  );
  const settledPairs = new Map<string, number>();
  const tailPairs = new Map<string, number>();
  for (const [k, v, settled, n] of counted.getRows())
    (settled ? settledPairs : tailPairs).set(pairKey(k, v), Number(n));
  return {
    below,
    settled: countsOf(prints.find((row) => row[0] === true)?.slice(1)),
    settledPairs,
    tail: countsOf(prints.find((row) => row[0] === false)?.slice(1)),
    tailPairs,
  };
}

function added(base: Map<string, number>, more: Map<string, number>): Map<string, number> {
  if (more.size === 0) return base;
  const sum = new Map(base);
  for (const [pair, n] of more) sum.set(pair, (sum.get(pair) ?? 0) + n);
  return sum;
}

/** The kept counts of the issue when its settled rows are still those, else undefined. */
async function stillSettled(
  conn: DuckDBConnection,
  where: { sql: string; params: Record<string, string | number> },
  known: Kept | undefined,
): Promise<Kept | undefined> {
  if (!known) return undefined;
  const printed = await conn.runAndReadAll(
    `SELECT ${printSql} FROM errors
     WHERE ${where.sql} AND (received IS NULL OR received < make_timestamp(${known.below}::BIGINT))`,
    where.params,
  );
  return samePrint(known.print, countsOf(printed.getRows()[0])) ? known : undefined;
}

async function read(
  conn: DuckDBConnection,
  args: TagDistributionArgs,
  known: Kept | undefined,
): Promise<Kept> {
  const where = indexWhere(args.projectId, args.time?.since ?? null, args.filters ?? [], {
    id: args.groupId,
    span: args.span,
  });
  if (args.time && args.time.until !== null) {
    where.params.until = args.time.until;
    where.sql += ' AND "timestamp" < epoch_ms($until::BIGINT)';
  }
  const base = await stillSettled(conn, where, known);
  const since = await countSince(conn, where, base ? base.below : null);
  if (base && (since.below ?? base.below) === base.below && samePrint(since.tail, base.tailPrint))
    return base;
  return {
    below: since.below ?? base?.below ?? 0n,
    print: base
      ? { rows: base.print.rows + since.settled.rows, xor: base.print.xor ^ since.settled.xor }
      : since.settled,
    settled: added(base?.settled ?? new Map(), since.settledPairs),
    tailPrint: since.tail,
    tail: since.tailPairs,
    answers: new Map(),
  };
}

/** The tag distribution of an issue's events; counted again only when its rows changed. */
export async function tagDistribution(
  index: EventIndex,
  conn: DuckDBConnection,
  args: TagDistributionArgs,
): Promise<TagDistribution[]> {
  const issues = kept.get(index) ?? new Map<string, Kept>();
  kept.set(index, issues);
  // Not by span or limit: the span only bounds the scan (it holds all the issue's rows), the limit only
  // the answer.
  // A period's start moves with the clock: kept by the hour it starts in, its rows printed again as
  // any others (a row that fell out of the period changes the print, and all is counted again).
  const time = args.time && [Math.floor(args.time.since / 3_600_000), args.time.until];
  const key = JSON.stringify([args.projectId, args.groupId, args.filters ?? [], time ?? null]);
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
  const tags = answer.answers.get(args.limit) ?? distribution(added(answer.settled, answer.tail), args.limit);
  answer.answers.set(args.limit, tags);
  return tags;
}

/**
 * `logs.list`: a project's log records, newest first (or oldest first). Logs are not indexed: the
 * stored `log` / `otel_log` items are read in the order they were received (newest first, or from the
 * period's start on), decoded and filtered here, until the page has `limit` records or
 * `MAX_LOG_ITEMS_SCANNED` items were read (then the page says `partial`, as a local tool may answer
 * "older logs not searched" rather than decode everything). The cursor is `received:id:skip`: the item
 * to go on from and how many of its matching records the previous page already had.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { type LogList, type LogRecord, MAX_LOG_ITEMS_SCANNED } from '../../../src-shared/logs-api.ts';
import { PERIOD_MS } from '../issues/queries/periods.ts';
import { decodeNode } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { type LogFilter, matchesLogFilter, parseLogFilter } from './filter.ts';
import { logRecordsOf } from './records.ts';

const LOG_TYPES = ['log', 'otel_log'] as const;

interface ItemKey {
  id: number;
  received: number;
  type: string;
}

interface Position {
  received: number;
  id: number;
  skip: number;
}

export function parseCursor(cursor: string | undefined, oldestFirst: boolean): Position {
  if (cursor === undefined) {
    const edge = oldestFirst ? 0 : Number.MAX_SAFE_INTEGER;
    return { received: edge, id: edge, skip: 0 };
  }
  const [received = 0, id = 0, skip = 0] = cursor.split(':').map(Number);
  return { received, id, skip };
}

/**
 * The keys of the items to read, in the page's order: one query per type, so each walks the index
 * (project_id, type, received) in order without sorting the project's logs, merged here.
 */
export function itemKeys(
  db: SqliteDb,
  projectId: number,
  from: Position,
  since: number | null,
  oldestFirst: boolean,
): ItemKey[] {
  const keys: ItemKey[] = [];
  // A record reaches Faultline after it is made: items received before `since` hold none after it.
  const sql = oldestFirst
    ? `SELECT id, received, type FROM item_store
       WHERE project_id = ? AND type = ? AND (received, id) >= (?, ?) AND received >= ?
       ORDER BY received, id LIMIT ${MAX_LOG_ITEMS_SCANNED + 1}`
    : `SELECT id, received, type FROM item_store
       WHERE project_id = ? AND type = ? AND (received, id) <= (?, ?) AND received >= ?
       ORDER BY received DESC, id DESC LIMIT ${MAX_LOG_ITEMS_SCANNED + 1}`;
  for (const type of LOG_TYPES)
    keys.push(...(stmt(db, sql).all(projectId, type, from.received, from.id, since ?? 0) as ItemKey[]));
  const direction = oldestFirst ? 1 : -1;
  return keys
    .sort((a, b) => direction * (a.received - b.received || a.id - b.id))
    .slice(0, MAX_LOG_ITEMS_SCANNED + 1);
}

export function itemData(db: SqliteDb, id: number): Buffer | undefined {
  return (stmt(db, 'SELECT data FROM item_store WHERE id = ?').get(id) as { data: Buffer } | undefined)?.data;
}

function matchingRecords(
  db: SqliteDb,
  projectId: number,
  key: ItemKey,
  filter: LogFilter,
  oldestFirst: boolean,
): LogRecord[] {
  const data = itemData(db, key.id);
  if (!data) return [];
  const records = logRecordsOf(projectId, key.type, decodeNode(data), key.received).filter((record) =>
    matchesLogFilter(record, filter),
  );
  // Newest first (records stamped alike in the SDK's order, reversed): oldest first is that reversed.
  return oldestFirst ? records.reverse() : records;
}

export function listLogs(db: SqliteDb, params: ApiParsedParams<'logs.list'>): LogList {
  const filter = parseLogFilter(params.query, params.since, params.until);
  // The page's time: an absolute range `[start, end)`, else the period up to now.
  if (params.start !== undefined && params.end !== undefined) {
    filter.since = Math.max(filter.since ?? 0, Date.parse(params.start));
    filter.before = Date.parse(params.end);
  } else if (params.period) filter.since = Math.max(filter.since ?? 0, Date.now() - PERIOD_MS[params.period]);
  const oldestFirst = params.sort === 'oldest';
  const from = parseCursor(params.cursor, oldestFirst);
  const keys = itemKeys(db, params.projectId, from, filter.since, oldestFirst);
  const logs: LogRecord[] = [];
  let nextCursor: string | null = null;
  let partial = false;
  for (const [index, key] of keys.entries()) {
    if (index === MAX_LOG_ITEMS_SCANNED) {
      // Read as many items as one page may: the rest is the next page's.
      partial = true;
      nextCursor = `${key.received}:${key.id}:0`;
      break;
    }
    const skip = key.id === from.id && key.received === from.received ? from.skip : 0;
    const records = matchingRecords(db, params.projectId, key, filter, oldestFirst).slice(skip);
    const room = params.limit - logs.length;
    logs.push(...records.slice(0, room));
    if (records.length > room) {
      nextCursor = `${key.received}:${key.id}:${skip + room}`;
      break;
    }
    if (logs.length === params.limit) {
      const next = keys[index + 1];
      nextCursor = next ? `${next.received}:${next.id}:0` : null;
      break;
    }
  }
  logs.sort((a, b) => (oldestFirst ? a.timestamp - b.timestamp : b.timestamp - a.timestamp));
  return { logs, nextCursor, partial };
}

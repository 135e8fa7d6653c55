/**
 * `logs.list`: a project's log records, newest first. Logs are not indexed: the stored `log` /
 * `otel_log` items are read newest first by when they were received, decoded and filtered here,
 * until the page has `limit` records or `MAX_LOG_ITEMS_SCANNED` items were read (then the page
 * says `partial`, as a local tool may answer "older logs not searched" rather than decode
 * everything). The cursor is `received:id:skip`: the item to go on from and how many of its
 * matching records the previous page already had.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { type LogList, type LogRecord, MAX_LOG_ITEMS_SCANNED } from '../../../src-shared/logs-api.ts';
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

function parseCursor(cursor: string | undefined): Position {
  if (cursor === undefined)
    return { received: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER, skip: 0 };
  const [received = 0, id = 0, skip = 0] = cursor.split(':').map(Number);
  return { received, id, skip };
}

/**
 * The keys of the items to read, newest first: one query per type, so each walks the index
 * (project_id, type, received) in order without sorting the project's logs, merged here.
 */
function itemKeys(db: SqliteDb, projectId: number, from: Position, since: number | null): ItemKey[] {
  const keys: ItemKey[] = [];
  for (const type of LOG_TYPES) {
    // A record reaches Faultline after it is made: items received before `since` hold none after it.
    const rows = stmt(
      db,
      `SELECT id, received, type FROM item_store
       WHERE project_id = ? AND type = ? AND (received, id) <= (?, ?) AND received >= ?
       ORDER BY received DESC, id DESC LIMIT ${MAX_LOG_ITEMS_SCANNED + 1}`,
    ).all(projectId, type, from.received, from.id, since ?? 0) as ItemKey[];
    keys.push(...rows);
  }
  return keys.sort((a, b) => b.received - a.received || b.id - a.id).slice(0, MAX_LOG_ITEMS_SCANNED + 1);
}

function itemData(db: SqliteDb, id: number): Buffer | undefined {
  return (stmt(db, 'SELECT data FROM item_store WHERE id = ?').get(id) as { data: Buffer } | undefined)?.data;
}

function matchingRecords(db: SqliteDb, projectId: number, key: ItemKey, filter: LogFilter): LogRecord[] {
  const data = itemData(db, key.id);
  if (!data) return [];
  return logRecordsOf(projectId, key.type, decodeNode(data), key.received).filter((record) =>
    matchesLogFilter(record, filter),
  );
}

export function listLogs(db: SqliteDb, params: ApiParsedParams<'logs.list'>): LogList {
  const filter = parseLogFilter(params.query, params.since, params.until);
  const from = parseCursor(params.cursor);
  const keys = itemKeys(db, params.projectId, from, filter.since);
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
    const records = matchingRecords(db, params.projectId, key, filter).slice(skip);
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
  logs.sort((a, b) => b.timestamp - a.timestamp);
  return { logs, nextCursor, partial };
}

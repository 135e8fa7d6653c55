/**
 * The `logs` dataset of the events endpoint (Sentry's `ourlogs`, also named `logs`): the selected
 * projects' log records, read as the Logs page reads them (`logs/list.ts`): the newest
 * `MAX_LOG_ITEMS_SCANNED` log items of each project received since the range's start, so older
 * records may be left unread (the answer's meta says so). The search is the Logs page's
 * (`logs/filter.ts`), but for the keys of the row itself (`project`, `sentry.item_id` …).
 * A record's `sentry.item_id` is Faultline's: its item's row id and its place in the item, in hex.
 */
import type { Project } from '../../../../src-shared/api.ts';
import { FaultlineError } from '../../../../src-shared/errors.ts';
import { treeTest } from '../../../../src-shared/issue-search/index.ts';
import { type LogRecord, MAX_LOG_ITEMS_SCANNED } from '../../../../src-shared/logs-api.ts';
import { type LogFilter, logTermTest, matchesLogFilter, parseLogFilter } from '../../logs/filter.ts';
import { itemData, itemKeys, parseCursor } from '../../logs/list.ts';
import { logRecordsOf } from '../../logs/records.ts';
import { decodeNode } from '../../store/nodestore.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { exploreTree, type RowTest, termTest } from './explore-search.ts';
import type { Cell, ExploreColumn, ExploreDataset } from './explore-table.ts';
import { SentryApiError } from './request.ts';
import type { TimeRange } from './time-range.ts';

export interface LogRow {
  record: LogRecord;
  projectSlug: string;
  itemId: string;
  /** When its item was received (ms). */
  received: number;
}

const string = (get: (row: LogRow) => Cell): ExploreColumn<LogRow> => ({ type: 'string', unit: null, get });
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function attribute(row: LogRow, key: string): Cell {
  const { attributes } = row.record;
  if (Object.hasOwn(attributes, key)) return attributes[key] ?? null;
  return attributes[`sentry.${key}`] ?? null;
}

export const LOGS: ExploreDataset<LogRow> = {
  columns: {
    id: string((r) => r.itemId),
    'sentry.item_id': string((r) => r.itemId),
    message: string((r) => r.record.body),
    'sentry.body': string((r) => r.record.body),
    severity: string((r) => r.record.level),
    'sentry.severity_text': string((r) => r.record.level),
    severity_number: { type: 'integer', unit: null, get: (r) => r.record.severityNumber },
    'sentry.severity_number': { type: 'integer', unit: null, get: (r) => r.record.severityNumber },
    trace: string((r) => r.record.traceId),
    'trace.span_id': string((r) => r.record.spanId),
    span_id: string((r) => r.record.spanId),
    timestamp: { type: 'date', unit: null, get: (r) => iso(r.record.timestamp) },
    'tags[sentry.timestamp_precise,number]': {
      type: 'number',
      unit: null,
      get: (r) => r.record.timestamp * 1_000_000,
    },
    // Nanoseconds exceed a double's integers: a string, as Sentry's attribute is.
    'sentry.observed_timestamp_nanos': string((r) => `${r.received}000000`),
    project: string((r) => r.projectSlug),
    'project.name': string((r) => r.projectSlug),
    'project.id': { type: 'integer', unit: null, get: (r) => r.record.projectId },
  },
  attribute,
};

/** The keys the row answers itself; every other one is the Logs page's search. */
const ROW_KEYS = new Set(['project', 'project.id', 'project.name', 'id', 'sentry.item_id']);

interface LogSearch {
  /** The range's bounds. */
  filter: LogFilter;
  /** The search, the row's own keys tested on the row and the rest on its record. */
  rowTest: RowTest<LogRow>;
}

function logSearch(query: string, range: TimeRange): LogSearch {
  const tree = exploreTree(query);
  let rowTest: RowTest<LogRow>;
  try {
    rowTest = treeTest(tree, (term): RowTest<LogRow> => {
      if (term.kind === 'filter' && ROW_KEYS.has(term.key.toLowerCase())) return termTest(LOGS, term);
      const test = logTermTest(term, query);
      return (row) => test(row.record);
    });
  } catch (error) {
    if (error instanceof FaultlineError) throw new SentryApiError(400, `Invalid query: ${error.message}`);
    throw error;
  }
  const filter = parseLogFilter(undefined, range.start);
  filter.before = range.end;
  return { filter, rowTest };
}

export interface LogRead {
  rows: LogRow[];
  partial: boolean;
}

const itemIdOf = (rowId: number, index: number) =>
  rowId.toString(16).padStart(24, '0') + index.toString(16).padStart(8, '0');

/** The records of the projects within the range that the search selects. */
export function readLogs(db: SqliteDb, projects: Project[], range: TimeRange, query: string): LogRead {
  const { filter, rowTest } = logSearch(query, range);
  const rows: LogRow[] = [];
  let partial = false;
  for (const project of projects) {
    const keys = itemKeys(db, project.id, parseCursor(undefined, false), range.start, false);
    if (keys.length > MAX_LOG_ITEMS_SCANNED) partial = true;
    for (const key of keys.slice(0, MAX_LOG_ITEMS_SCANNED)) {
      const data = itemData(db, key.id);
      if (!data) continue;
      const records = logRecordsOf(project.id, key.type, decodeNode(data), key.received);
      // The record's place among its item's records as read (newest first), counted from the oldest.
      records.forEach((record, index) => {
        if (!matchesLogFilter(record, filter)) return;
        const row = {
          record,
          projectSlug: project.slug,
          itemId: itemIdOf(key.id, records.length - 1 - index),
          received: key.received,
        };
        if (rowTest(row)) rows.push(row);
      });
    }
  }
  return { rows, partial };
}

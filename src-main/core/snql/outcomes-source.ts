/**
 * The `outcomes` entity reads Snuba's `outcomes_hourly`; Faultline keeps its outcome counters in
 * SQLite (store/outcomes.ts), which DuckDB cannot read here (no sqlite extension offline). So an
 * outcomes query first copies the counters of its time range into a temp table of its own read
 * connection. Faultline has one organization (org_id 1) and does not count raw outcome messages,
 * so `times_seen` is 1 per hourly row and `key_id` is NULL.
 */
import { type DuckDBConnection, DuckDBTimestampValue } from '@duckdb/node-api';
import type { TimeRange } from '../../../src-shared/snql/validatedQuery.ts';
import type { OutcomeSqlRow } from '../store/outcomes.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { OUTCOMES_TABLE } from './duckdb-dialect.ts';

export const FAULTLINE_ORG_ID = 1;

/** Relay's DataCategory ids (relay-base-schema data_category.rs), for Snuba's UInt8 `category`. */
const DATA_CATEGORIES: Readonly<Record<string, number>> = {
  default: 0,
  error: 1,
  transaction: 2,
  security: 3,
  attachment: 4,
  session: 5,
  profile: 6,
  replay: 7,
  transaction_processed: 8,
  transaction_indexed: 9,
  monitor: 10,
  profile_indexed: 11,
  span: 12,
  monitor_seat: 13,
  // DataCategory::UserReportV2: named `feedback` (the name outcomes carry), `user_report_v2` an alias.
  feedback: 14,
  user_report_v2: 14,
  metric_bucket: 15,
  span_indexed: 16,
  profile_duration: 17,
  profile_chunk: 18,
  metric_second: 19,
  replay_video: 20,
  uptime: 21,
  attachment_item: 22,
  log_item: 23,
  log_byte: 24,
  profile_duration_ui: 25,
  profile_chunk_ui: 26,
  trace_metric: 33,
};

export function dataCategoryId(name: string): number {
  return DATA_CATEGORIES[name] ?? 0;
}

function readRows(db: SqliteDb, ranges: readonly TimeRange[]): OutcomeSqlRow[] {
  const range = ranges.find((r) => r.entity === 'outcomes');
  if (!range) return db.prepare<[], OutcomeSqlRow>('SELECT * FROM outcomes').all();
  const from = Math.floor(Date.parse(`${range.from}Z`) / 1000);
  const to = Math.ceil(Date.parse(`${range.to}Z`) / 1000);
  return db
    .prepare<[number, number], OutcomeSqlRow>('SELECT * FROM outcomes WHERE hour >= ? - 3600 AND hour < ?')
    .all(from, to);
}

export async function loadOutcomes(
  conn: DuckDBConnection,
  db: SqliteDb,
  ranges: readonly TimeRange[],
): Promise<number> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE "${OUTCOMES_TABLE}" (
    org_id UBIGINT NOT NULL, project_id UBIGINT NOT NULL, key_id UBIGINT, "timestamp" TIMESTAMP NOT NULL,
    outcome UTINYINT NOT NULL, reason VARCHAR, category UTINYINT NOT NULL, quantity UBIGINT NOT NULL,
    times_seen UBIGINT NOT NULL)`);
  const rows = readRows(db, ranges);
  if (rows.length === 0) return 0;
  const appender = await conn.createAppender(OUTCOMES_TABLE, null, 'temp');
  for (const row of rows) {
    appender.appendUBigInt(BigInt(FAULTLINE_ORG_ID));
    appender.appendUBigInt(BigInt(row.project_id));
    appender.appendNull();
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt(row.hour) * 1_000_000n));
    appender.appendUTinyInt(row.outcome);
    if (row.reason === '') appender.appendNull();
    else appender.appendVarchar(row.reason);
    appender.appendUTinyInt(dataCategoryId(row.category));
    appender.appendUBigInt(BigInt(row.quantity));
    appender.appendUBigInt(1n);
    appender.endRow();
  }
  appender.closeSync();
  return rows.length;
}

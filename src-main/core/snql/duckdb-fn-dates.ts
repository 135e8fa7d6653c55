/** ClickHouse's date and time functions in DuckDB: truncations, buckets, parts, now/today, formatting. */
import type { FunctionArg } from './dialect.ts';
import { formatDateTime } from './duckdb-format-datetime.ts';
import { e, kindOf, type Renderer, sqlOf } from './duckdb-render.ts';

const datetimeTrunc =
  (part: string): Renderer =>
  ([a]) =>
    e(`date_trunc('${part}', ${toTimestamp(a)})`, 'datetime', 'DateTime');

const minutesBucket =
  (minutes: number): Renderer =>
  ([a]) =>
    e(
      `time_bucket(INTERVAL ${minutes} MINUTE, ${toTimestamp(a)}, TIMESTAMP '1970-01-01 00:00:00')`,
      'datetime',
      'DateTime',
    );

function toTimestamp(a: FunctionArg | undefined): string {
  switch (kindOf(a)) {
    case 'datetime':
    case 'null':
      return sqlOf(a);
    case 'int':
    case 'float':
      return `make_timestamp(CAST(${sqlOf(a)} AS BIGINT) * 1000000)`;
    default:
      return `CAST(${sqlOf(a)} AS TIMESTAMP)`;
  }
}

const datePart =
  (part: string): Renderer =>
  ([a]) =>
    e(`${part}(${toTimestamp(a)})`, 'int');

/** DateTime and Date functions (UTC, as Snuba's ClickHouse runs). */
export const DATE_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  toDateTime: ([a]) => e(toTimestamp(a), 'datetime', 'DateTime'),
  toDate: ([a]) => e(`date_trunc('day', ${toTimestamp(a)})`, 'datetime', 'Date'),
  toStartOfHour: datetimeTrunc('hour'),
  toStartOfDay: datetimeTrunc('day'),
  toStartOfMinute: datetimeTrunc('minute'),
  toStartOfMonth: datetimeTrunc('month'),
  toStartOfQuarter: datetimeTrunc('quarter'),
  toStartOfYear: datetimeTrunc('year'),
  toMonday: datetimeTrunc('week'),
  toStartOfWeek: ([a]) =>
    // ClickHouse's default week starts on Sunday.
    e(`(date_trunc('week', ${toTimestamp(a)} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`, 'datetime', 'DateTime'),
  toStartOfFiveMinute: minutesBucket(5),
  toStartOfFiveMinutes: minutesBucket(5),
  toStartOfTenMinutes: minutesBucket(10),
  toStartOfFifteenMinutes: minutesBucket(15),
  toYear: datePart('year'),
  toMonth: datePart('month'),
  toQuarter: datePart('quarter'),
  toDayOfMonth: datePart('day'),
  toDayOfYear: datePart('dayofyear'),
  toDayOfWeek: datePart('isodow'),
  toHour: datePart('hour'),
  toMinute: datePart('minute'),
  toSecond: datePart('second'),
  toUnixTimestamp: ([a]) => e(`CAST(floor(epoch(${toTimestamp(a)})) AS UINTEGER)`, 'int', 'UInt32'),
  now: () =>
    e('make_timestamp(CAST(floor(epoch_us(now()) / 1000000) AS BIGINT) * 1000000)', 'datetime', 'DateTime'),
  today: () => e(`date_trunc('day', make_timestamp(epoch_us(now())))`, 'datetime', 'Date'),
  formatDateTime: ([a, f], _ctx, node) => formatDateTime(toTimestamp(a), f, node),
  dateDiff: ([unit, a, b]) => e(`date_diff(${sqlOf(unit)}, ${toTimestamp(a)}, ${toTimestamp(b)})`, 'int'),
};

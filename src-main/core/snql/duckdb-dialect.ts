/**
 * The DuckDB dialect: Faultline's event index (store/duckdb/schema.ts) read the way Snuba reads
 * ClickHouse. Storage names, mandatory conditions and the column mappers follow spec §2.3.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import type { EntitySchema } from '../../../src-shared/snql/entities/schema.ts';
import type { CallContext, FunctionArg, RelationSpec, SqlDialect, SqlExpr, SqlParam } from './dialect.ts';
import { aggregateCall, curriedCall } from './duckdb-aggregates.ts';
import { FUNCTIONS } from './duckdb-functions.ts';
import { asBool, typeDefault, unsupported } from './duckdb-render.ts';

export const OUTCOMES_TABLE = 'outcomes_hourly';

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Entity → DuckDB table and Snuba's mandatory storage conditions. The `errors` table also holds the
 * occurrences of performance issues (a transaction's event, `type` `transaction`), which the issue
 * pages read there; Sentry keeps those in its `search_issues` dataset, so the errors entity, as
 * Snuba's errors storage, never sees them.
 */
const RELATIONS: Readonly<Record<string, RelationSpec>> = {
  errors: {
    table: 'errors',
    mandatory: [`${quote('deleted')} = 0`, `${quote('type')} IS DISTINCT FROM 'transaction'`],
  },
  groupedmessages: { table: 'groupedmessage', mandatory: [`${quote('record_deleted')} = 0`] },
  groupassignees: { table: 'groupassignee', mandatory: [`${quote('record_deleted')} = 0`] },
  group_attributes: { table: 'group_attributes', mandatory: [`${quote('deleted')} = 0`] },
  // A per-query temp table filled from SQLite (outcomes-source.ts).
  outcomes_hourly: { table: OUTCOMES_TABLE, mandatory: [] },
};

const PLACEHOLDER_TYPES: Readonly<Record<SqlParam['type'], string | null>> = {
  string: null,
  int: null,
  float: null,
  bool: null,
  timestamp: 'TIMESTAMP',
  uuid: 'UUID',
};

/** ClickHouse integer column types → DuckDB's, with their ranges. */
const INTEGER_TYPES: Readonly<Record<string, readonly [string, bigint, bigint]>> = {
  UInt8: ['UTINYINT', 0n, 255n],
  UInt16: ['USMALLINT', 0n, 65_535n],
  UInt32: ['UINTEGER', 0n, 4_294_967_295n],
  UInt64: ['UBIGINT', 0n, 18_446_744_073_709_551_615n],
  Int8: ['TINYINT', -128n, 127n],
  Int16: ['SMALLINT', -32_768n, 32_767n],
  Int32: ['INTEGER', -2_147_483_648n, 2_147_483_647n],
  Int64: ['BIGINT', -9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
};

/**
 * An integer compared with a column binds as the column's type when it fits: DuckDB would
 * otherwise widen both sides (`CAST(project_id AS HUGEINT) = 1`), a cast per row that also
 * hides the column from its min/max statistics. One that does not fit keeps its own type.
 */
function integerCast(param: SqlParam): string | null {
  if (param.type !== 'int' || param.columnType === undefined) return null;
  const unwrapped = param.columnType.replace(/^(?:Nullable|LowCardinality)\((.*)\)$/, '$1');
  const spec = INTEGER_TYPES[unwrapped];
  if (!spec) return null;
  const [type, min, max] = spec;
  return param.value >= min && param.value <= max ? type : null;
}

export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  ident: quote,
  placeholder(index, param) {
    const cast = PLACEHOLDER_TYPES[param.type] ?? integerCast(param);
    return cast ? `CAST($${index} AS ${cast})` : `$${index}`;
  },
  relation(entity: EntitySchema): RelationSpec {
    const relation = RELATIONS[entity.storage];
    if (!relation) throw new Error(`no DuckDB relation for storage ${entity.storage}`);
    return relation;
  },
  sample(rate) {
    if (!(rate > 0) || rate === 1) return '';
    // A fixed seed: the same query reads the same sample, as ClickHouse's hash sampling does.
    return rate < 1
      ? ` TABLESAMPLE bernoulli(${Number(rate * 100).toString()} PERCENT) REPEATABLE (1)`
      : ` TABLESAMPLE reservoir(${Math.floor(rate).toString()} ROWS) REPEATABLE (1)`;
  },
  subscript(keys, values, key, nullIfMissing) {
    const value = `list_extract(${values}, list_position(${keys}, ${key}))`;
    return nullIfMissing ? value : `coalesce(${value}, '')`;
  },
  hashListHas: (hashes, hash) => `list_contains(${hashes}, ${hash})`,
  uuidOut: (column) => `replace(CAST(${column} AS VARCHAR), '-', '')`,
  hexIntOut: (column) => `lower(printf('%016x', ${column}))`,
  userOut: (column) => `nullif(${column}, '')`,
  ipAddress: (v4, v6) => `coalesce(${v4}, ${v6})`,
  timeBucket(column, granularity) {
    if (granularity === 3600) return `date_trunc('hour', ${column})`;
    if (granularity === 60) return `date_trunc('minute', ${column})`;
    if (granularity === 86400) return `date_trunc('day', ${column})`;
    // toDateTime(intDiv(toUInt32(ts), g) * g): buckets aligned to the epoch.
    return `time_bucket(INTERVAL ${Math.trunc(granularity).toString()} SECOND, ${column}, TIMESTAMP '1970-01-01 00:00:00')`;
  },
  arrayOf: (value) => `[${value}]`,
  // Tuples with their fields named by position ("1", "2", …): DuckDB's own (list_zip's) are
  // unnamed, which its client reads into one object key (losing all fields but one) and which
  // cannot pass through an unnest. execute.ts writes them as JSON arrays, as ClickHouse does.
  nested: (subColumns) =>
    `list_transform(list_zip(${subColumns.join(', ')}), lambda __t: struct_pack(${subColumns
      .map((_, i) => `"${i + 1}" := __t[${i + 1}]`)
      .join(', ')}))`,
  unnest: (array) => `unnest(${array})`,
  call(name: string, args: readonly FunctionArg[], ctx: CallContext, node: Expression): SqlExpr {
    const renderer = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (renderer) return renderer(args, ctx, node);
    const agg = aggregateCall(name, args, node);
    if (agg) return agg;
    throw unsupported(name, node);
  },
  curried(name, initArgs, args, _ctx, node) {
    return curriedCall(name, initArgs, args, node);
  },
  lambda: (params, body) => `lambda ${params.join(', ')}: ${body}`,
  asBool,
  boolOut: (sql) => `CAST(${sql} AS UTINYINT)`,
  boolToInt: (sql) => `CAST(${sql} AS INTEGER)`,
  typeDefault,
  groupingKey(e) {
    // DuckDB refuses a bare parameter (or NULL) as a GROUP BY / ORDER BY item; a cast of it is an expression.
    if (e.sql === 'NULL') return 'CAST(NULL AS INTEGER)';
    if (!/^\$\d+$/.test(e.sql)) return e.sql;
    const type =
      e.kind === 'int'
        ? 'HUGEINT'
        : e.kind === 'float'
          ? 'DOUBLE'
          : e.kind === 'bool'
            ? 'BOOLEAN'
            : 'VARCHAR';
    return `CAST(${e.sql} AS ${type})`;
  },
  keepUsedParams(sql) {
    // Placeholders are `$n`; nothing else in the SQL has a `$` (every literal is a parameter).
    const renumbered = new Map<number, number>();
    const out = sql.replace(/\$(\d+)(?!\d)/g, (_m, n: string) => {
      const original = Number(n);
      let next = renumbered.get(original);
      if (next === undefined) {
        next = renumbered.size + 1;
        renumbered.set(original, next);
      }
      return `$${next}`;
    });
    return { sql: out, used: [...renumbered.keys()] };
  },
  limitBy(limit, partition, orderBy) {
    const order = orderBy ? ` ORDER BY ${orderBy}` : '';
    return `QUALIFY row_number() OVER (PARTITION BY ${partition.join(', ')}${order}) <= ${Math.trunc(limit).toString()}`;
  },
};

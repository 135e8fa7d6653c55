// The DuckDB event index: Snuba's `errors` storage and the group mirror tables SnQL joins with.
//
// Column mapping (snql.md §2.1), the contract the SnQL translator relies on:
// * Every storage column keeps **Snuba's exact name**. Nested sub-columns are real DuckDB columns
//   whose names contain the dot, so they must always be quoted: `"tags.key"`, `"tags.value"`,
//   `"contexts.key"`, `"flags.value"`, `"exception_stacks.type"`, `"exception_frames.lineno"`,
//   `"modules.name"`, … (one LIST column per sub-column, parallel by index, as ClickHouse's Nested).
//   Names that are SQL keywords (`user`, `type`, `offset`, `partition`, `timestamp`) need quoting
//   too, so the translator quotes every identifier.
// * Types: UInt8/16/32/64 → UTINYINT/USMALLINT/UINTEGER/UBIGINT; String → VARCHAR; UUID → UUID
//   (read back with `replace(col::VARCHAR, '-', '')` for Snuba's 32-hex output); DateTime →
//   TIMESTAMP (UTC, whole seconds); DateTime64(3) → TIMESTAMP_MS; Float64 → DOUBLE;
//   Array(T)/Nested → T[]; Nullable(T) → nullable column, else NOT NULL.
// * `ip_address_v4` / `ip_address_v6` are VARCHAR (DuckDB's inet extension cannot be loaded
//   offline); the translator's `ip_address` is `coalesce(ip_address_v4, ip_address_v6)`.
// * `span_id` is UBIGINT (the 16-hex id as an integer, `printf('%016x', span_id)` to show it).
// * Read-only hash columns (`user_hash`, `transaction_hash`, `_tags_hash_map`,
//   `_flags_hash_map`) hold 64-bit FNV-1a hashes, not ClickHouse's cityHash64: they support
//   equality and uniq the same way, but their values differ from Snuba's. `_tags_hash_map` hashes
//   `key=value` (with `\` and `=` in the key escaped by `\`, as Snuba does).
// * Virtual columns (`time`, `rtime`) and mapper names (`ip_address`, `transaction`, `username`,
//   `email`, `geo_*`, `tags_key`, `tags_value`, `flags_key`, `flags_value`) are not stored; the
//   translator computes them.
// * Every read should add `deleted = 0` (Snuba's mandatory condition): the replacer soft-deletes.
import {
  DOUBLE,
  type DuckDBType,
  LIST,
  TIMESTAMP,
  TIMESTAMP_MS,
  UBIGINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  UUID,
  VARCHAR,
} from '@duckdb/node-api';

export interface ColumnSpec {
  name: string;
  type: DuckDBType;
  nullable: boolean;
}

const col = (name: string, type: DuckDBType, nullable = false): ColumnSpec => ({ name, type, nullable });
const nullable = (name: string, type: DuckDBType): ColumnSpec => col(name, type, true);
const strings = LIST(VARCHAR);

/** Snuba's errors storage columns, in table order (the Appender writes in this order). */
export const ERRORS_COLUMNS: readonly ColumnSpec[] = [
  col('project_id', UBIGINT),
  col('timestamp', TIMESTAMP),
  col('event_id', UUID),
  col('platform', VARCHAR),
  nullable('environment', VARCHAR),
  nullable('release', VARCHAR),
  nullable('dist', VARCHAR),
  nullable('ip_address_v4', VARCHAR),
  nullable('ip_address_v6', VARCHAR),
  col('user', VARCHAR),
  col('user_hash', UBIGINT),
  nullable('user_id', VARCHAR),
  nullable('user_name', VARCHAR),
  nullable('user_email', VARCHAR),
  nullable('sdk_name', VARCHAR),
  nullable('sdk_version', VARCHAR),
  nullable('http_method', VARCHAR),
  nullable('http_referer', VARCHAR),
  col('tags.key', strings),
  col('tags.value', strings),
  col('_tags_hash_map', LIST(UBIGINT)),
  col('flags.key', strings),
  col('flags.value', strings),
  col('_flags_hash_map', LIST(UBIGINT)),
  col('contexts.key', strings),
  col('contexts.value', strings),
  col('transaction_name', VARCHAR),
  col('transaction_hash', UBIGINT),
  nullable('span_id', UBIGINT),
  nullable('trace_id', UUID),
  col('partition', USMALLINT),
  col('offset', UBIGINT),
  col('message_timestamp', TIMESTAMP),
  col('retention_days', USMALLINT),
  col('deleted', UTINYINT),
  col('group_id', UBIGINT),
  col('primary_hash', UUID),
  col('hierarchical_hashes', LIST(UUID)),
  col('received', TIMESTAMP),
  col('message', VARCHAR),
  col('title', VARCHAR),
  col('culprit', VARCHAR),
  nullable('level', VARCHAR),
  nullable('location', VARCHAR),
  nullable('version', VARCHAR),
  col('type', VARCHAR),
  col('exception_stacks.type', strings),
  col('exception_stacks.value', strings),
  col('exception_stacks.mechanism_type', strings),
  col('exception_stacks.mechanism_handled', LIST(UTINYINT)),
  col('exception_frames.abs_path', strings),
  col('exception_frames.colno', LIST(UINTEGER)),
  col('exception_frames.filename', strings),
  col('exception_frames.function', strings),
  col('exception_frames.lineno', LIST(UINTEGER)),
  col('exception_frames.in_app', LIST(UTINYINT)),
  col('exception_frames.package', strings),
  col('exception_frames.module', strings),
  col('exception_frames.stack_level', LIST(USMALLINT)),
  nullable('exception_main_thread', UTINYINT),
  col('sdk_integrations', strings),
  col('modules.name', strings),
  col('modules.version', strings),
  nullable('trace_sampled', UTINYINT),
  nullable('num_processing_errors', UBIGINT),
  nullable('replay_id', UUID),
  nullable('symbolicated_in_app', UTINYINT),
  nullable('timestamp_ms', TIMESTAMP_MS),
  nullable('sample_weight', DOUBLE),
  nullable('group_first_seen', TIMESTAMP),
];

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function columnDdl({ name, type, nullable: isNullable }: ColumnSpec): string {
  return `${quoteIdent(name)} ${type.toString()}${isNullable ? '' : ' NOT NULL'}`;
}

export const CREATE_ERRORS = `CREATE TABLE IF NOT EXISTS errors (\n  ${ERRORS_COLUMNS.map(columnDdl).join(',\n  ')}\n)`;

// Snuba's `groupedmessage` storage (a CDC mirror of sentry_groupedmessage).
export const CREATE_GROUPEDMESSAGE = `CREATE TABLE IF NOT EXISTS groupedmessage (
  "offset" UBIGINT NOT NULL DEFAULT 0,
  record_deleted UTINYINT NOT NULL DEFAULT 0,
  project_id UBIGINT NOT NULL,
  id UBIGINT NOT NULL,
  status UTINYINT,
  last_seen TIMESTAMP,
  first_seen TIMESTAMP,
  active_at TIMESTAMP,
  first_release_id UBIGINT,
  PRIMARY KEY (project_id, id)
)`;

// Snuba's `groupassignee` storage (a CDC mirror of sentry_groupasignee).
export const CREATE_GROUPASSIGNEE = `CREATE TABLE IF NOT EXISTS groupassignee (
  "offset" UBIGINT NOT NULL DEFAULT 0,
  record_deleted UTINYINT NOT NULL DEFAULT 0,
  project_id UBIGINT NOT NULL,
  group_id UBIGINT NOT NULL,
  date_added TIMESTAMP,
  user_id UBIGINT,
  team_id UBIGINT,
  PRIMARY KEY (project_id, group_id)
)`;

// Snuba's `group_attributes` storage.
export const CREATE_GROUP_ATTRIBUTES = `CREATE TABLE IF NOT EXISTS group_attributes (
  project_id UBIGINT NOT NULL,
  group_id UBIGINT NOT NULL,
  group_status UTINYINT NOT NULL DEFAULT 0,
  group_substatus UTINYINT,
  group_priority UTINYINT,
  group_first_release UUID,
  group_first_seen TIMESTAMP NOT NULL,
  group_num_comments UBIGINT NOT NULL DEFAULT 0,
  assignee_user_id UBIGINT,
  assignee_team_id UBIGINT,
  owner_suspect_commit_user_id UBIGINT,
  owner_ownership_rule_user_id UBIGINT,
  owner_ownership_rule_team_id UBIGINT,
  owner_codeowners_user_id UBIGINT,
  owner_codeowners_team_id UBIGINT,
  deleted UTINYINT NOT NULL DEFAULT 0,
  message_timestamp TIMESTAMP NOT NULL DEFAULT now()::TIMESTAMP,
  "partition" USMALLINT NOT NULL DEFAULT 0,
  "offset" UBIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, group_id)
)`;

export const SCHEMA_VERSION = 1;

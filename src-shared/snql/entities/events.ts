/**
 * The `events` entity (errors storage): snuba/datasets/configuration/events/entities/events.yaml,
 * columns as in spec §2.1, mapped names and join relationships as in §2.3.
 */
import { buildColumns, type ColumnSpec, type EntitySchema } from './schema.ts';

const S = 'Nullable(String)';

const STORAGE_COLUMNS: readonly ColumnSpec[] = [
  ['project_id', 'UInt64'],
  ['timestamp', 'DateTime'],
  ['event_id', 'UUID'],
  ['platform', 'LowCardinality(String)'],
  ['environment', 'LowCardinality(Nullable(String))'],
  ['release', 'LowCardinality(Nullable(String))'],
  ['dist', 'LowCardinality(Nullable(String))'],
  ['ip_address_v4', 'Nullable(IPv4)'],
  ['ip_address_v6', 'Nullable(IPv6)'],
  ['user', 'String'],
  ['user_hash', 'UInt64'],
  ['user_id', S],
  ['user_name', S],
  ['user_email', S],
  ['sdk_name', 'LowCardinality(Nullable(String))'],
  ['sdk_version', 'LowCardinality(Nullable(String))'],
  ['http_method', 'LowCardinality(Nullable(String))'],
  ['http_referer', S],
  ['tags', 'Nested(key String, value String)'],
  ['_tags_hash_map', 'Array(UInt64)'],
  ['flags', 'Nested(key String, value String)'],
  ['_flags_hash_map', 'Array(UInt64)'],
  ['contexts', 'Nested(key String, value String)'],
  ['transaction_name', 'LowCardinality(String)'],
  ['transaction_hash', 'UInt64'],
  ['span_id', 'Nullable(UInt64)'],
  ['trace_id', 'Nullable(UUID)'],
  ['partition', 'UInt16'],
  ['offset', 'UInt64'],
  ['message_timestamp', 'DateTime'],
  ['retention_days', 'UInt16'],
  ['deleted', 'UInt8'],
  ['group_id', 'UInt64'],
  ['primary_hash', 'UUID'],
  ['received', 'DateTime'],
  ['message', 'String'],
  ['title', 'String'],
  ['culprit', 'String'],
  ['level', 'LowCardinality(Nullable(String))'],
  ['location', S],
  ['version', 'LowCardinality(Nullable(String))'],
  ['type', 'LowCardinality(String)'],
  ['exception_main_thread', 'Nullable(UInt8)'],
  [
    'exception_stacks',
    'Nested(type Nullable(String), value Nullable(String), mechanism_type Nullable(String), mechanism_handled Nullable(UInt8))',
  ],
  [
    'exception_frames',
    'Nested(abs_path Nullable(String), colno Nullable(UInt32), filename Nullable(String), function Nullable(String), lineno Nullable(UInt32), in_app Nullable(UInt8), package Nullable(String), module Nullable(String), stack_level Nullable(UInt16))',
  ],
  ['sdk_integrations', 'Array(String)'],
  ['modules', 'Nested(name String, version String)'],
  ['trace_sampled', 'Nullable(UInt8)'],
  ['num_processing_errors', 'Nullable(UInt64)'],
  ['replay_id', 'Nullable(UUID)'],
  ['symbolicated_in_app', 'Nullable(UInt8)'],
  ['timestamp_ms', 'Nullable(DateTime64(3))'],
  ['sample_weight', 'Nullable(Float64)'],
  ['group_first_seen', 'Nullable(DateTime)'],
];

/** Names accepted through `translation_mappers` and the virtual time buckets. */
const ENTITY_ONLY_COLUMNS: readonly ColumnSpec[] = [
  ['time', 'DateTime', { kind: 'time_bucket', of: 'timestamp' }],
  ['rtime', 'DateTime', { kind: 'time_bucket', of: 'received' }],
  ['ip_address', 'Nullable(String)', { kind: 'ip_address' }],
  ['transaction', 'LowCardinality(String)', { kind: 'rename', to: 'transaction_name' }],
  ['username', S, { kind: 'rename', to: 'user_name' }],
  ['email', S, { kind: 'rename', to: 'user_email' }],
  [
    'geo_country_code',
    S,
    { kind: 'subscript', column: 'contexts', key: 'geo.country_code', nullIfMissing: true },
  ],
  ['geo_region', S, { kind: 'subscript', column: 'contexts', key: 'geo.region', nullIfMissing: true }],
  ['geo_city', S, { kind: 'subscript', column: 'contexts', key: 'geo.city', nullIfMissing: true }],
  [
    'geo_subdivision',
    S,
    { kind: 'subscript', column: 'contexts', key: 'geo.subdivision', nullIfMissing: true },
  ],
  ['tags_key', 'String', { kind: 'array_join', of: 'tags.key' }],
  ['tags_value', 'String', { kind: 'array_join', of: 'tags.value' }],
  ['flags_key', 'String', { kind: 'array_join', of: 'flags.key' }],
  ['flags_value', 'String', { kind: 'array_join', of: 'flags.value' }],
];

const READ_ONLY = ['user_hash', '_tags_hash_map', '_flags_hash_map', 'transaction_hash'];

function eventsLike(key: string, extra: readonly ColumnSpec[]): EntitySchema {
  return {
    key,
    storage: 'errors',
    columns: buildColumns([...STORAGE_COLUMNS, ...ENTITY_ONLY_COLUMNS, ...extra], READ_ONLY),
    requiredTimeColumn: 'timestamp',
    requiredFilterColumns: ['project_id'],
    subscriptables: new Set(['tags', 'contexts', 'flags']),
    relationships:
      key === 'events'
        ? {
            grouped: {
              rhsEntity: 'groupedmessage',
              joinType: 'inner',
              columns: [
                ['project_id', 'project_id'],
                ['group_id', 'id'],
              ],
            },
            assigned: {
              rhsEntity: 'groupassignee',
              joinType: 'inner',
              columns: [
                ['project_id', 'project_id'],
                ['group_id', 'group_id'],
              ],
            },
            attributes: {
              rhsEntity: 'group_attributes',
              joinType: 'left',
              columns: [
                ['project_id', 'project_id'],
                ['group_id', 'group_id'],
              ],
            },
            attributes_inner: {
              rhsEntity: 'group_attributes',
              joinType: 'inner',
              columns: [
                ['project_id', 'project_id'],
                ['group_id', 'group_id'],
              ],
            },
          }
        : {},
  };
}

export const EVENTS: EntitySchema = eventsLike('events', []);

/**
 * `discover_events` and `discover` read the same errors storage in Faultline (there are no
 * transactions). `discover` also exposes `group_ids`, which for an error is `[group_id]`.
 */
export const DISCOVER_EVENTS: EntitySchema = eventsLike('discover_events', []);
export const DISCOVER: EntitySchema = eventsLike('discover', [
  ['group_ids', 'Array(UInt64)', { kind: 'array_of', of: 'group_id' }],
]);

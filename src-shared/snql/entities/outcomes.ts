/**
 * The `outcomes` entity (snuba/datasets/configuration/outcomes/entities/outcomes.yaml): hourly
 * rollups of what Relay accepted, filtered, rate limited or dropped, per org/project/key/category.
 */
import { buildColumns, type EntitySchema } from './schema.ts';

export const OUTCOMES: EntitySchema = {
  key: 'outcomes',
  storage: 'outcomes_hourly',
  columns: buildColumns([
    ['org_id', 'UInt64'],
    ['project_id', 'UInt64'],
    ['key_id', 'Nullable(UInt64)'],
    ['timestamp', 'DateTime'],
    ['time', 'DateTime', { kind: 'time_bucket', of: 'timestamp' }],
    ['outcome', 'UInt8'],
    ['reason', 'LowCardinality(Nullable(String))'],
    ['category', 'UInt8'],
    ['quantity', 'UInt64'],
    ['times_seen', 'UInt64'],
  ]),
  requiredTimeColumn: 'timestamp',
  requiredFilterColumns: ['org_id'],
  subscriptables: new Set(),
  relationships: {},
};

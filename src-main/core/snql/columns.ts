/**
 * Snuba's entity → storage column translation (spec §2.3) for one entity of a query: column
 * mappers (`transaction`, `ip_address`, `geo_*`, `release` → `tags[sentry:release]`), promoted
 * tags (`tags[environment]` reads `environment`), subscripts with `''` for a missing key, the UUID,
 * hex-int and user column processors, and the virtual `time`/`rtime` buckets.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import type { EntityColumn, EntitySchema } from '../../../src-shared/snql/entities/schema.ts';
import { isArrayType, nestedFields } from '../../../src-shared/snql/entities/schema.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { fnv1a64, tagHashText } from '../store/duckdb/hash.ts';
import type { ParamSink, SqlDialect, SqlExpr, SqlKind } from './dialect.ts';

/** MappingColumnPromoter of the errors storage: subscript keys stored in their own column. */
const PROMOTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  tags: {
    environment: 'environment',
    'sentry:release': 'release',
    'sentry:dist': 'dist',
    'sentry:user': 'user',
    transaction: 'transaction_name',
    level: 'level',
  },
  contexts: { 'trace.trace_id': 'trace_id', 'trace.span_id': 'span_id' },
};

const TAGS_HASH_MAP = '_tags_hash_map';

/** EventsBooleanContextsProcessor: these contexts read as 'True'/'False'. */
const BOOLEAN_CONTEXTS = new Set(['device.simulator', 'device.online', 'device.charging']);

/** HexIntColumnProcessor: shown as 16 hex digits, compared as integers. */
const HEX_INT_COLUMNS = new Set(['span_id']);

const unwrap = (type: string): string => {
  const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return m?.[1] !== undefined ? unwrap(m[1]) : type;
};

export function kindOfType(type: string): SqlKind {
  const t = unwrap(type);
  if (isArrayType(t)) return 'array';
  if (/^U?Int\d+$/.test(t)) return 'int';
  if (/^Float\d+$/.test(t)) return 'float';
  if (/^DateTime|^Date$/.test(t)) return 'datetime';
  if (t === 'UUID') return 'uuid';
  if (/^(String|FixedString|IPv4|IPv6)/.test(t)) return 'string';
  return 'any';
}

/** The element type of `Array(T)`. */
export function elementType(type: string): string {
  const m = /^Array\((.*)\)$/.exec(unwrap(type));
  return m?.[1] ?? 'String';
}

export interface EntityScope {
  readonly schema: EntitySchema;
  /** The SQL qualifier (`"t0".`) in a join, '' otherwise. */
  readonly qualifier: string;
}

export class ColumnTranslator {
  readonly #dialect: SqlDialect;
  readonly #params: ParamSink;
  readonly #granularity: number;

  constructor(dialect: SqlDialect, params: ParamSink, granularity: number | null) {
    this.#dialect = dialect;
    this.#params = params;
    this.#granularity = granularity ?? 3600;
  }

  /** The stored column as-is (for unnest, lambdas, raw comparisons). */
  physical(scope: EntityScope, name: string): string {
    return `${scope.qualifier}${this.#dialect.ident(name)}`;
  }

  column(scope: EntityScope, name: string, node: Expression): SqlExpr {
    const column = scope.schema.columns.get(name);
    if (!column) {
      throw new SnqlError(
        'ValidationException',
        'unknown_column',
        `Validation failed for entity ${scope.schema.key}: Tag keys (${name}) not resolved`,
        node.span,
      );
    }
    const source = column.source;
    switch (source.kind) {
      case 'physical':
        return this.#physicalColumn(scope, column);
      case 'rename':
        return this.column(scope, source.to, node);
      case 'time_bucket': {
        const of = this.physical(scope, source.of);
        // Snuba buckets a day with toDate: a Date column.
        const type = this.#granularity === 86400 ? 'Date' : 'DateTime';
        return { sql: this.#dialect.timeBucket(of, this.#granularity), kind: 'datetime', type };
      }
      case 'subscript':
        return this.subscript(scope, source.column, source.key, source.nullIfMissing, column.type);
      case 'ip_address':
        return {
          sql: this.#dialect.ipAddress(
            this.physical(scope, 'ip_address_v4'),
            this.physical(scope, 'ip_address_v6'),
          ),
          kind: 'string',
          type: 'Nullable(String)',
        };
      case 'array_of': {
        const inner = this.column(scope, source.of, node);
        return { sql: this.#dialect.arrayOf(inner.sql), kind: 'array', type: column.type };
      }
      case 'array_join':
        // The translator hoists these (they expand rows); here only the array itself.
        return this.column(scope, source.of, node);
    }
  }

  #physicalColumn(scope: EntityScope, column: EntityColumn): SqlExpr {
    const raw = this.physical(scope, column.name);
    const fields = nestedFields(column.type);
    if (fields.length > 0) {
      const subs = fields.map(([field]) => this.physical(scope, `${column.name}.${field}`));
      return {
        sql: this.#dialect.nested(subs),
        kind: 'array',
        type: `Array(Tuple(${fields.map((f) => f[1]).join(', ')}))`,
      };
    }
    const kind = kindOfType(column.type);
    const isErrors = scope.schema.storage === 'errors';
    if (kind === 'uuid')
      return { sql: this.#dialect.uuidOut(raw), kind: 'string', type: 'String', rawUuid: raw };
    if (isErrors && HEX_INT_COLUMNS.has(column.name))
      return { sql: this.#dialect.hexIntOut(raw), kind: 'string', type: 'Nullable(String)', rawHexInt: raw };
    if (isErrors && column.name === 'user')
      return { sql: this.#dialect.userOut(raw), kind: 'string', type: 'Nullable(String)' };
    if (column.name === 'reason' && scope.schema.storage === 'outcomes_hourly')
      return { sql: `nullif(${raw}, '')`, kind: 'string', type: column.type };
    return { sql: raw, kind, type: column.type };
  }

  /**
   * `tags[k] = 'v'` as Snuba's errors storage runs it (MappingOptimizer): the hash of `k=v` among
   * the event's `_tags_hash_map`, which reads no tag strings (~10× faster than the value lookup).
   * Tag keys are unique on an event and a missing one reads `''`, so for a non-empty `v` this is the
   * comparison's answer. Undefined where it does not apply (other storages, promoted tags, `''`).
   */
  tagEquals(scope: EntityScope, columnName: string, key: string, value: string): SqlExpr | undefined {
    if (scope.schema.storage !== 'errors' || columnName !== 'tags' || value === '') return undefined;
    if (PROMOTED.tags?.[key] !== undefined || !scope.schema.columns.has(TAGS_HASH_MAP)) return undefined;
    const hash = this.#params.add({
      type: 'int',
      value: fnv1a64(tagHashText(key, value)),
      columnType: 'UInt64',
    });
    return { sql: this.#dialect.hashListHas(this.physical(scope, TAGS_HASH_MAP), hash), kind: 'bool' };
  }

  /** `tags[k]`, `contexts[k]`, `flags[k]`; `k` travels as a parameter. */
  subscript(
    scope: EntityScope,
    columnName: string,
    key: string,
    nullIfMissing = false,
    type = 'String',
  ): SqlExpr {
    const promoted = scope.schema.storage === 'errors' ? PROMOTED[columnName]?.[key] : undefined;
    if (promoted !== undefined) {
      const target = scope.schema.columns.get(promoted);
      if (target) return this.#physicalColumn(scope, target);
    }
    const keys = this.physical(scope, `${columnName}.key`);
    const values = this.physical(scope, `${columnName}.value`);
    const placeholder = this.#params.add({ type: 'string', value: key });
    const value = this.#dialect.subscript(keys, values, placeholder, nullIfMissing);
    if (columnName === 'contexts' && BOOLEAN_CONTEXTS.has(key)) {
      return {
        sql: `(CASE WHEN ${value} = '' THEN '' WHEN ${value} IN ('1', 'True', 'true') THEN 'True' ELSE 'False' END)`,
        kind: 'string',
        type: 'String',
      };
    }
    return { sql: value, kind: 'string', type: nullIfMissing ? 'Nullable(String)' : type };
  }
}

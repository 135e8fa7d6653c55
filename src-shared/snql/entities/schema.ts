/**
 * Entity schemas as data, the way Snuba's entity YAML describes them
 * (snuba/datasets/configuration/<dataset>/entities/*.yaml): columns with ClickHouse types,
 * the required time column, required filter columns, subscriptable mappings and joins.
 */

/** How a logical column reaches storage; translators switch on `kind`. */
export type ColumnSource =
  | { readonly kind: 'physical' }
  /** `time`/`rtime`: a bucket of `of`, sized by GRANULARITY (TimeSeriesProcessor). */
  | { readonly kind: 'time_bucket'; readonly of: string }
  /** A plain rename (`transaction` → `transaction_name`). */
  | { readonly kind: 'rename'; readonly to: string }
  /** A subscript in disguise (`release` → `tags[sentry:release]`, `geo_city` → `contexts[geo.city]`). */
  | {
      readonly kind: 'subscript';
      readonly column: string;
      readonly key: string;
      readonly nullIfMissing: boolean;
    }
  /** `coalesce(IPv4NumToString(ip_address_v4), IPv6NumToString(ip_address_v6))` */
  | { readonly kind: 'ip_address' }
  /** `tags_key` → `arrayJoin(tags.key)` */
  | { readonly kind: 'array_join'; readonly of: string }
  /** discover's `group_ids`: the event's single group as an array. */
  | { readonly kind: 'array_of'; readonly of: string };

export interface EntityColumn {
  /** Flattened name: nested sub-columns are `tags.key`, `exception_stacks.type`. */
  readonly name: string;
  /** ClickHouse type as Snuba reports it in `meta` (nested sub-columns are arrays). */
  readonly type: string;
  readonly source: ColumnSource;
  readonly readOnly?: boolean;
}

export interface JoinRelationshipDef {
  readonly rhsEntity: string;
  readonly joinType: 'inner' | 'left';
  /** [lhs column, rhs column] equality pairs. */
  readonly columns: ReadonlyArray<readonly [string, string]>;
}

export interface EntitySchema {
  readonly key: string;
  /** The Snuba storage the entity reads (for messages and translators). */
  readonly storage: string;
  readonly columns: ReadonlyMap<string, EntityColumn>;
  readonly requiredTimeColumn?: string;
  readonly requiredFilterColumns: readonly string[];
  /** Nested columns addressable as `name[key]` (tags, contexts, flags). */
  readonly subscriptables: ReadonlySet<string>;
  readonly relationships: Readonly<Record<string, JoinRelationshipDef>>;
}

const PHYSICAL: ColumnSource = { kind: 'physical' };

/** `[name, type]` or `[name, type, source]`; a `Nested(a T, b U)` type also adds `name.a`, `name.b`. */
export type ColumnSpec = readonly [string, string] | readonly [string, string, ColumnSource];

export function buildColumns(
  specs: readonly ColumnSpec[],
  readOnly: readonly string[] = [],
): Map<string, EntityColumn> {
  const columns = new Map<string, EntityColumn>();
  const add = (name: string, type: string, source: ColumnSource): void => {
    columns.set(
      name,
      readOnly.includes(name) ? { name, type, source, readOnly: true } : { name, type, source },
    );
  };
  for (const spec of specs) {
    const [name, type] = spec;
    add(name, type, spec[2] ?? PHYSICAL);
    for (const [sub, subType] of nestedFields(type)) add(`${name}.${sub}`, `Array(${subType})`, PHYSICAL);
  }
  return columns;
}

/** `Nested(key String, value Nullable(UInt8))` → [['key','String'], ['value','Nullable(UInt8)']] */
export function nestedFields(type: string): Array<[string, string]> {
  const m = /^Nested\((.*)\)$/.exec(type);
  if (m === null || m[1] === undefined) return [];
  const fields: Array<[string, string]> = [];
  let depth = 0;
  let current = '';
  for (const ch of `${m[1]},`) {
    if (ch === ',' && depth === 0) {
      const [field, ...rest] = current.trim().split(' ');
      if (field) fields.push([field, rest.join(' ')]);
      current = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    current += ch;
  }
  return fields;
}

const unwrap = (type: string): string => {
  const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return m?.[1] !== undefined ? unwrap(m[1]) : type;
};

export const isDateTimeType = (type: string): boolean => /^DateTime(64)?\b/.test(unwrap(type));
export const isArrayType = (type: string): boolean => /^(Array|Nested)\(/.test(unwrap(type));
export const isStringType = (type: string): boolean => /^(String|FixedString)\b/.test(unwrap(type));

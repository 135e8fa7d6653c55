/**
 * The table of Sentry's Explore datasets (`spans`, `logs`/`ourlogs`) on the events endpoint, over rows
 * Faultline reads from its stores (not SnQL: spans and logs are kept as received, `explore-spans.ts`,
 * `explore-logs.ts`): `field`s are a dataset's columns (any other valid name is an attribute, as in
 * Sentry's EAP, `tags[key,number]` typed) and the aggregates `count()`, `count_unique(x)`, `avg`,
 * `sum`, `min`, `max`, `p50`…`p100`, `epm()`, `eps()` (and, for spans, `failure_rate()`), grouped by
 * the other fields; sorted by a selected field and paged.
 */
import { quantile } from '../../metrics/aggregate.ts';
import { SentryApiError } from './request.ts';

export type Cell = string | number | boolean | null;

/** A column of a dataset: Sentry's meta type and unit, and how a row gives its value. */
export interface ExploreColumn<R> {
  type: string;
  unit: string | null;
  get: (row: R) => Cell;
}

export interface ExploreDataset<R> {
  /** The dataset's own columns (Sentry's names). */
  columns: Record<string, ExploreColumn<R>>;
  /** Columns of a family the dataset names by pattern (`measurements.*`), tried after `columns`. */
  column?: (name: string) => ExploreColumn<R> | null;
  /** An attribute the row carries (a span's data, a log's attributes), for any other name. */
  attribute: (row: R, key: string) => Cell;
  /** Whether a row failed (`failure_rate()`); absent where Sentry has no such function. */
  failed?: (row: R) => boolean;
  /** Functions of the dataset's own (or its own reading of shared ones), tried before the shared ones. */
  functions?: Record<string, (call: FunctionCall<R>) => TableField<R>>;
}

/** A function as requested: `name` whole (`p95()`), `arg` its argument text, trimmed. */
export interface FunctionCall<R> {
  name: string;
  arg: string;
  periodSeconds: number;
  /** A column or attribute of the dataset by its name, as `exploreColumn` reads it. */
  column: (name: string) => ExploreColumn<R>;
}

export interface TableField<R> {
  name: string;
  aggregate: boolean;
  type: string;
  unit: string | null;
  /** The function's alias (`count` for `count()`), which a sort may name. */
  alias?: string;
  value: (rows: R[]) => Cell;
}

const NUMERIC_TYPES = new Set(['integer', 'number', 'duration', 'size', 'percentage']);
const ATTRIBUTE = /^tags\[([^\],]+)(?:,(string|number|boolean))?\]$/;
/** Sentry's `VALID_FIELD_PATTERN`. */
const VALID_NAME = /^[a-zA-Z0-9_.:-]+$/;
const FUNCTION = /^(\w+)\((.*)\)$/;
const PERCENTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99, p100: 1 };

export const asNumber = (cell: Cell): number | null => {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell))) return Number(cell);
  return null;
};

/** A column, or an attribute (`tags[key,type]`, or a bare valid name as a string attribute). */
export function exploreColumn<R>(dataset: ExploreDataset<R>, name: string): ExploreColumn<R> {
  const known = dataset.columns[name] ?? dataset.column?.(name);
  if (known) return known;
  const tag = ATTRIBUTE.exec(name);
  const key = tag?.[1] ?? name;
  if (!VALID_NAME.test(key)) throw new SentryApiError(400, `Could not parse ${name}`);
  const type = tag?.[2] ?? 'string';
  if (type === 'number')
    return { type: 'number', unit: null, get: (row) => asNumber(dataset.attribute(row, key)) };
  if (type === 'boolean')
    return {
      type: 'boolean',
      unit: null,
      get: (row) => {
        const value = dataset.attribute(row, key);
        return value === null ? null : value === true || value === 'true';
      },
    };
  return {
    type: 'string',
    unit: null,
    get: (row) => {
      const value = dataset.attribute(row, key);
      return value === null ? null : String(value);
    },
  };
}

export function aggregate<R>(
  name: string,
  type: string,
  unit: string | null,
  value: (rows: R[]) => Cell,
): TableField<R> {
  const alias = name
    .replace(/\(\)$/, '')
    .replace(/[^\w]+/g, '_')
    .replace(/_+$/, '');
  return { name, aggregate: true, type, unit, alias, value };
}

/** The q-quantile of the values (Snuba's `quantile`, interpolated); null when there are none. */
export const quantileOf = (values: number[], q: number) =>
  quantile(
    [...values].sort((a, b) => a - b),
    q,
  );

export function numbers<R>(rows: R[], column: ExploreColumn<R>): number[] {
  return rows.flatMap((row) => {
    const n = asNumber(column.get(row));
    return n === null ? [] : [n];
  });
}

function numericColumn<R>(dataset: ExploreDataset<R>, fn: string, arg: string): ExploreColumn<R> {
  if (arg === '') throw new SentryApiError(400, `${fn}: expected 1 argument(s) but got 0 argument(s)`);
  const column = exploreColumn(dataset, arg);
  if (!NUMERIC_TYPES.has(column.type))
    throw new SentryApiError(
      400,
      `${arg} is invalid for parameter 1 in ${fn}. It is a ${column.type} field, but ${fn} takes a number or a duration`,
    );
  return column;
}

/** The numeric aggregates: their value over a group's numbers, null when it has none. */
export const NUMERIC: Record<string, (values: number[]) => number | null> = {
  avg: (v) => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length),
  sum: (v) => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0)),
  min: (v) => (v.length === 0 ? null : Math.min(...v)),
  max: (v) => (v.length === 0 ? null : Math.max(...v)),
};

function functionField<R>(
  dataset: ExploreDataset<R>,
  name: string,
  fn: string,
  arg: string,
  periodSeconds: number,
): TableField<R> {
  const own = dataset.functions?.[fn];
  if (own) return own({ name, arg, periodSeconds, column: (key) => exploreColumn(dataset, key) });
  if (fn === 'count') return aggregate(name, 'integer', null, (rows) => rows.length);
  if (fn === 'count_unique') {
    if (arg === '')
      throw new SentryApiError(400, 'count_unique: expected 1 argument(s) but got 0 argument(s)');
    const column = exploreColumn(dataset, arg);
    return aggregate(name, 'integer', null, (rows) => {
      const seen = new Set(rows.map(column.get).filter((value) => value !== null));
      return seen.size;
    });
  }
  if (fn === 'epm' || fn === 'eps') {
    const seconds = fn === 'epm' ? periodSeconds / 60 : periodSeconds;
    return aggregate(name, 'rate', fn === 'epm' ? '1/minute' : '1/second', (rows) => rows.length / seconds);
  }
  const failed = dataset.failed;
  if (fn === 'failure_rate' && failed)
    return aggregate(name, 'percentage', null, (rows) =>
      rows.length === 0 ? 0 : rows.filter(failed).length / rows.length,
    );
  const numeric = NUMERIC[fn];
  const q = PERCENTILES[fn];
  if (!numeric && q === undefined) throw new SentryApiError(400, `${fn} is not a valid function`);
  const column = numericColumn(dataset, fn, arg);
  // An average or a percentile of integers (`severity_number`) is a number; of a duration, a duration.
  const type =
    column.type === 'integer' && fn !== 'min' && fn !== 'max' && fn !== 'sum' ? 'number' : column.type;
  return aggregate(name, type, column.unit, (rows) => {
    const values = numbers(rows, column);
    if (numeric) return numeric(values);
    return quantileOf(values, q ?? 0);
  });
}

/** One requested field of the dataset; 400 with Sentry's detail for what it cannot be. */
export function tableField<R>(
  dataset: ExploreDataset<R>,
  name: string,
  periodSeconds: number,
): TableField<R> {
  const fn = FUNCTION.exec(name);
  if (fn) return functionField(dataset, name, fn[1] ?? '', (fn[2] ?? '').trim(), periodSeconds);
  if (name.includes('(') || name.includes(')'))
    throw new SentryApiError(400, `Invalid characters in field ${name}`);
  const column = exploreColumn(dataset, name);
  return {
    name,
    aggregate: false,
    type: column.type,
    unit: column.unit,
    value: (rows) => column.get(rows[0] as R),
  };
}

export interface TableSort {
  field: string;
  descending: boolean;
}

function compareCells(a: Cell, b: Cell): number {
  // Nulls last, either way.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The table's rows: one per row without an aggregate, else one per group of the other fields' values,
 * sorted (a null value last).
 */
export function tableRows<R>(rows: R[], fields: TableField<R>[], sorts: TableSort[]): Record<string, Cell>[] {
  const groups: R[][] = [];
  if (fields.some((f) => f.aggregate)) {
    const by = fields.filter((f) => !f.aggregate);
    const keyed = new Map<string, R[]>();
    for (const row of rows) {
      const key = JSON.stringify(by.map((f) => f.value([row])));
      const group = keyed.get(key);
      if (group) group.push(row);
      else keyed.set(key, [row]);
    }
    groups.push(...keyed.values());
    // Sentry answers one row of aggregates over nothing (count() 0) when no group has rows.
    if (groups.length === 0 && by.length === 0) groups.push([]);
  } else groups.push(...rows.map((row) => [row]));
  const table = groups.map((group) => Object.fromEntries(fields.map((f) => [f.name, f.value(group)])));
  return table.sort((a, b) => {
    for (const sort of sorts) {
      const order = compareCells(a[sort.field] ?? null, b[sort.field] ?? null);
      if (order !== 0)
        return sort.descending && a[sort.field] !== null && b[sort.field] !== null ? -order : order;
    }
    return 0;
  });
}

/** Which SnQL calls may give NULL, by ClickHouse's rules (its Nullable types). */
import { aggregateBase, isAggregateFunction } from '../../../src-shared/snql/functions.ts';
import { type FunctionArg, mayBeNull, type SqlExpr } from './dialect.ts';

/** Functions whose result is never NULL, whatever their arguments. */
const NEVER_NULL = new Set([
  'isNull',
  'isNotNull',
  'assumeNotNull',
  'emptyIfNull',
  'count',
  'uniq',
  'uniqExact',
  'uniqCombined',
  'uniqCombined64',
  'uniqHLL12',
  'groupArray',
  'groupUniqArray',
  'has',
  'hasAny',
  'hasAll',
  'length',
  'empty',
  'notEmpty',
  'arrayExists',
  'arrayAll',
  'arrayCount',
  'toTypeName',
  'isHandled',
  'notHandled',
  'now',
  'today',
  'tuple',
  'array',
]);

/**
 * ClickHouse's nullability of a call: Nullable when an argument is (its default rule), never for
 * the functions above, always for `nullIf` and the `…OrNull` conversions; `ifNull`/`coalesce`
 * when no argument is non-Nullable; an aggregate by its value argument alone (the `If`
 * condition does not count).
 */
export function withNullable(out: SqlExpr, name: string, args: readonly FunctionArg[]): SqlExpr {
  if (out.nullable !== undefined) return out;
  const values = args.filter((a) => a.node.kind !== 'lambda').map((a) => a.expr);
  let nullable: boolean;
  if (NEVER_NULL.has(name) || NEVER_NULL.has(aggregateBase(name) ?? '')) nullable = false;
  else if (name === 'nullIf' || name.endsWith('OrNull')) nullable = true;
  else if (name === 'ifNull' || name === 'coalesce') nullable = values.every(mayBeNull);
  // `if`/`multiIf` take a Nullable condition as false: only the results chosen from count.
  else if (name === 'if') nullable = values.slice(1).some(mayBeNull);
  else if (name === 'multiIf')
    nullable = values.some((v, i) => (i % 2 === 1 || i === values.length - 1) && mayBeNull(v));
  else if (isAggregateFunction(name)) nullable = values[0] !== undefined && mayBeNull(values[0]);
  else nullable = values.some(mayBeNull);
  return { ...out, nullable };
}

/**
 * The type `meta` reports for a value that may be NULL: ClickHouse's `Nullable(T)`, inside a
 * `LowCardinality`; arrays and tuples are never Nullable themselves (their elements may be).
 */
export function nullableType(type: string, nullable: boolean): string {
  if (!nullable || /^(?:LowCardinality\()?Nullable\(/.test(type)) return type;
  if (/^(?:Array|Tuple|Map|Nothing|IntervalSecond)\b/.test(type)) return type;
  const lowCardinality = /^LowCardinality\((.*)\)$/.exec(type);
  return lowCardinality ? `LowCardinality(Nullable(${lowCardinality[1]}))` : `Nullable(${type})`;
}

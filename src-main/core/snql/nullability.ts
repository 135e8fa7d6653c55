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
  else if (isAggregateFunction(name)) nullable = values[0] !== undefined && mayBeNull(values[0]);
  else nullable = values.some(mayBeNull);
  return { ...out, nullable };
}

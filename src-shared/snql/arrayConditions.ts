/**
 * `_array_column_conditions` and `_array_join_transformation`: a condition whose left side is an
 * Array/Nested sub-column that is not array-joined holds for the row if it holds for some element
 * (positive operators: `arrayExists`) or for every element (negative ones: `arrayAll`). The
 * shorthand `arrayExists(col, '<op>', value)` expands the same way.
 */
import type { Column, Expression, FunctionCall, Lambda } from './ast.ts';
import type { EntitySchema } from './entities/schema.ts';
import { isArrayType } from './entities/schema.ts';
import { type QueryParts, rootsOf } from './queryParts.ts';
import { forEachExpression, transformExpression } from './walk.ts';

const POSITIVE = new Set([
  'equals',
  'greater',
  'less',
  'greaterOrEquals',
  'lessOrEquals',
  'in',
  'isNull',
  'like',
]);
const NEGATIVE = new Set(['notEquals', 'notIn', 'isNotNull', 'notLike']);
const SHORTHAND_OPS: Readonly<Record<string, string>> = {
  '=': 'equals',
  '!=': 'notEquals',
  '>': 'greater',
  '<': 'less',
  '>=': 'greaterOrEquals',
  '<=': 'lessOrEquals',
  IN: 'in',
  'NOT IN': 'notIn',
  LIKE: 'like',
  'NOT LIKE': 'notLike',
};

const columnKey = (c: Column): string => `${c.entityAlias ?? ''}.${c.name}`;

function arrayJoinedColumns(parts: QueryParts): Set<string> {
  const out = new Set<string>();
  for (const e of parts.arrayJoin) if (e.kind === 'column') out.add(columnKey(e));
  for (const root of rootsOf(parts)) {
    forEachExpression(root, (e) => {
      if (e.kind === 'function' && e.name === 'arrayJoin' && e.args[0]?.kind === 'column')
        out.add(columnKey(e.args[0]));
    });
  }
  return out;
}

function elementwise(
  fn: 'arrayExists' | 'arrayAll',
  op: string,
  column: Column,
  rest: readonly Expression[],
  template: FunctionCall,
): FunctionCall {
  const span = template.span;
  const x = { kind: 'argument', name: 'x', span } as const;
  const test: FunctionCall = { kind: 'function', name: op, args: [x, ...rest], syntax: 'call', span };
  const body: FunctionCall = { kind: 'function', name: 'assumeNotNull', args: [test], syntax: 'call', span };
  const lambda: Lambda = { kind: 'lambda', params: ['x'], body, span };
  const call: FunctionCall = { kind: 'function', name: fn, args: [lambda, column], syntax: 'call', span };
  return template.alias === undefined ? call : { ...call, alias: template.alias };
}

export function rewriteArrayConditions(
  parts: QueryParts,
  schemaFor: (column: Column) => EntitySchema | undefined,
): QueryParts {
  const joined = arrayJoinedColumns(parts);
  const isArrayColumn = (e: Expression | undefined): e is Column => {
    if (e?.kind !== 'column' || joined.has(columnKey(e))) return false;
    const type = schemaFor(e)?.columns.get(e.name)?.type;
    return type !== undefined && isArrayType(type);
  };
  const rewrite = (e: Expression): Expression => {
    if (e.kind !== 'function') return e;
    const [first, second, third] = e.args;
    if (
      (e.name === 'arrayExists' || e.name === 'arrayAll') &&
      e.args.length === 3 &&
      first?.kind === 'column'
    ) {
      const op =
        second?.kind === 'literal' && second.literal.type === 'string'
          ? SHORTHAND_OPS[second.literal.value]
          : undefined;
      if (op !== undefined && third !== undefined) return elementwise(e.name, op, first, [third], e);
    }
    if (!isArrayColumn(first)) return e;
    if (POSITIVE.has(e.name)) return elementwise('arrayExists', e.name, first, e.args.slice(1), e);
    if (NEGATIVE.has(e.name)) return elementwise('arrayAll', e.name, first, e.args.slice(1), e);
    return e;
  };
  const conditions = (root: Expression): Expression => transformExpression(root, rewrite);
  return {
    ...parts,
    where: parts.where ? conditions(parts.where) : null,
    having: parts.having ? conditions(parts.having) : null,
  };
}

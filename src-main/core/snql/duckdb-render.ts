/**
 * The pieces every DuckDB spelling of a ClickHouse function is built from: a renderer's type, the
 * SQL expression it returns, and the operand conversions ClickHouse's types call for.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import type { CallContext, FunctionArg, SqlExpr, SqlKind } from './dialect.ts';

export type Renderer = (args: readonly FunctionArg[], ctx: CallContext, node: Expression) => SqlExpr;

export const e = (sql: string, kind: SqlKind, type?: string): SqlExpr =>
  type ? { sql, kind, type } : { sql, kind };
export const sqlOf = (a: FunctionArg | undefined): string => a?.expr.sql ?? 'NULL';
export const kindOf = (a: FunctionArg | undefined): SqlKind => a?.expr.kind ?? 'null';

export function unsupported(name: string, node: Expression, why = 'is not supported'): SnqlError {
  return new SnqlError(
    'InvalidExpressionException',
    'invalid_function',
    `function ${name} ${why} by Faultline's DuckDB translation`,
    node.span,
  );
}

/** ClickHouse takes a format or pattern only as a constant string; so does the translation. */
export function constantNeeded(name: string, what: string, node: Expression): SnqlError {
  return new SnqlError(
    'InvalidExpressionException',
    'invalid_function',
    `the ${what} of ${name} must be a constant string, as in ClickHouse`,
    node.span,
  );
}

/** A condition operand: ClickHouse conditions are UInt8, DuckDB's are BOOLEAN. */
export function asBool(x: SqlExpr): string {
  if (x.kind === 'bool' || x.kind === 'null') return x.sql;
  return `(CAST(${x.sql} AS BOOLEAN))`;
}

/** ClickHouse's default value of a non-Nullable type, by kind; null when the kind has none here. */
export function typeDefault(x: SqlExpr): string | null {
  switch (x.kind) {
    case 'int':
    case 'bool':
      return '0';
    case 'float':
      return 'CAST(0 AS DOUBLE)';
    case 'string':
      return "''";
    case 'datetime':
      return "TIMESTAMP '1970-01-01 00:00:00'";
    case 'array':
      return '[]';
    default:
      return null;
  }
}

/** A number operand: booleans count as 0/1, as ClickHouse's UInt8 conditions do. */
export function num(a: FunctionArg | undefined): string {
  if (!a) return 'NULL';
  return a.expr.kind === 'bool' ? `CAST(${a.expr.sql} AS INTEGER)` : a.expr.sql;
}

/** A DuckDB function of the same arguments, its result of a fixed kind or one derived from them. */
export const fn =
  (name: string, kind: SqlKind | ((args: readonly FunctionArg[]) => SqlKind)): Renderer =>
  (args) =>
    e(`${name}(${args.map((a) => a.expr.sql).join(', ')})`, typeof kind === 'function' ? kind(args) : kind);

/** The kind of the first argument (`abs`, `least`, `nullIf`). */
export const sameAsFirst = (args: readonly FunctionArg[]): SqlKind => kindOf(args[0]);

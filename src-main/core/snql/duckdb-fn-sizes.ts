/**
 * The functions whose result grows with an argument: `range(n)`, `repeat(s, n)`, `leftPad`/`rightPad`.
 * DuckDB builds such a value for a whole vector of 2,048 rows at once, outside its memory limit, and
 * no interrupt stops it midway: `range(1000000000)` took 16 GB of memory and ran past the query's
 * timeout. ClickHouse bounds them too (500 million elements a block, 1 GiB a string); here each value
 * is bounded far lower, a query holds at most `MAX_SIZED_CALLS` of them and none inside a lambda (run
 * once per element, it would multiply), so one vector of them stays within a few hundred MB. A size
 * written as a number is refused at its position; one computed from the data is checked as it runs.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import type { FunctionArg, SqlExpr } from './dialect.ts';
import { e, num, sqlOf } from './duckdb-render.ts';

/** Elements of one `range` array (8 bytes each). */
export const MAX_RANGE_ELEMENTS = 1_000;
/** Characters of one string `repeat`, `leftPad` or `rightPad` makes. */
export const MAX_GROWN_STRING = 10_000;
/** Calls of those functions in one query. */
export const MAX_SIZED_CALLS = 16;

export const SIZED_FUNCTIONS: ReadonlySet<string> = new Set(['range', 'repeat', 'leftPad', 'rightPad']);

function tooLarge(name: string, limit: string, span: Expression['span']): SnqlError {
  return new SnqlError(
    'InvalidExpressionException',
    'invalid_function',
    `${name} makes at most ${limit} here (a larger value could exhaust memory)`,
    span,
  );
}

/** The value of an integer literal argument; undefined for anything else. */
function literalInt(arg: FunctionArg | undefined): bigint | undefined {
  return arg?.node.kind === 'literal' && arg.node.literal.type === 'int' ? arg.node.literal.value : undefined;
}

function literalString(arg: FunctionArg | undefined): string | undefined {
  return arg?.node.kind === 'literal' && arg.node.literal.type === 'string'
    ? arg.node.literal.value
    : undefined;
}

/** `value` when `size` is within `limit` as the query runs, else ClickHouse's ARGUMENT_OUT_OF_BOUND. */
function checked(value: string, size: string, limit: number, what: string): string {
  const refusal = `Too large ${what}: more than ${limit}`;
  return `(CASE WHEN ${size} > ${limit} THEN error('${refusal}') ELSE ${value} END)`;
}

/**
 * Refuses a call the query cannot hold: inside a lambda, or past the count. `sizedCalls` is how many
 * the query had before this one.
 */
export function checkSizedCall(node: Expression & { name: string }, inLambda: boolean, sizedCalls: number) {
  if (inLambda)
    throw new SnqlError(
      'InvalidExpressionException',
      'invalid_function',
      `${node.name} cannot be used inside a lambda here (run for every element, it could exhaust memory)`,
      node.span,
    );
  if (sizedCalls >= MAX_SIZED_CALLS)
    throw new SnqlError(
      'InvalidExpressionException',
      'invalid_function',
      `a query may call range, repeat, leftPad and rightPad at most ${MAX_SIZED_CALLS} times here`,
      node.span,
    );
}

export function range([n]: readonly FunctionArg[]): SqlExpr {
  const size = literalInt(n);
  if (n && size !== undefined && size > MAX_RANGE_ELEMENTS)
    throw tooLarge('range', `${MAX_RANGE_ELEMENTS} elements`, n.node.span);
  const count = size === undefined ? checked(num(n), num(n), MAX_RANGE_ELEMENTS, 'array size') : num(n);
  // DuckDB's range takes BIGINT only; ClickHouse's any unsigned integer (toUInt64(n) included).
  return e(`range(CAST(${count} AS BIGINT))`, 'array');
}

export function repeat([s, n]: readonly FunctionArg[]): SqlExpr {
  const times = literalInt(n);
  const text = literalString(s);
  if (n && times !== undefined && text !== undefined && BigInt(text.length) * times > MAX_GROWN_STRING)
    throw tooLarge('repeat', `${MAX_GROWN_STRING} characters`, n.node.span);
  const size = `(CAST(strlen(${sqlOf(s)}) AS DOUBLE) * ${num(n)})`;
  return e(`repeat(${sqlOf(s)}, ${checked(num(n), size, MAX_GROWN_STRING, 'string size')})`, 'string');
}

/** `leftPad(s, length[, pad])`: DuckDB's `lpad`/`rpad`, the length checked. */
export function pad(name: 'leftPad' | 'rightPad', duckdb: 'lpad' | 'rpad') {
  return (args: readonly FunctionArg[]): SqlExpr => {
    const [s, n, ...rest] = args;
    const length = literalInt(n);
    if (n && length !== undefined && length > MAX_GROWN_STRING)
      throw tooLarge(name, `${MAX_GROWN_STRING} characters`, n.node.span);
    const count = length === undefined ? checked(num(n), num(n), MAX_GROWN_STRING, 'string size') : num(n);
    // DuckDB's lpad/rpad take an INTEGER length; ClickHouse's any integer (a UInt64 column too).
    const sql = [sqlOf(s), `CAST(${count} AS INTEGER)`, ...rest.map((a) => sqlOf(a))];
    return e(`${duckdb}(${sql.join(', ')})`, 'string');
  };
}

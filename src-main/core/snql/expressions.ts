/**
 * SnQL expressions → SQL through a dialect. Literals always become bound parameters; comparisons
 * apply Snuba's literal processors first (UUID literals normalised, hex span ids to integers,
 * strings compared with DateTime columns parsed as datetimes).
 */
import type {
  Column,
  Expression,
  FunctionCall,
  Lambda,
  Literal,
  LiteralValue,
  Subscript,
} from '../../../src-shared/snql/ast.ts';
import { parseDatetime } from '../../../src-shared/snql/datetimeText.ts';
import { ClickhouseError, SnqlError } from '../../../src-shared/snql/errors.ts';
import type {
  CallContext,
  FunctionArg,
  LambdaRender,
  ParamSink,
  SqlDialect,
  SqlExpr,
  SqlKind,
} from './dialect.ts';
import { checkSizedCall, SIZED_FUNCTIONS } from './duckdb-fn-sizes.ts';
import { checkArgumentTypes, stringAsDateTime, stringAsNumber } from './engine-types.ts';
import { withNullable } from './nullability.ts';

export interface Resolver {
  column(node: Column): SqlExpr;
  subscript(node: Subscript): SqlExpr;
  /** `tags[k] = 'v'` through the tags' hashes, where the source has them (ColumnTranslator.tagEquals). */
  tagEquals?(node: Subscript, value: string): SqlExpr | undefined;
  /** A hoisted array join (`arrayJoin(x)`, `tags_key`, an ARRAY JOIN column), if this is one. */
  hoisted(node: Expression): SqlExpr | undefined;
}

const COMPARISONS = new Set([
  'equals',
  'notEquals',
  'less',
  'greater',
  'lessOrEquals',
  'greaterOrEquals',
  'in',
  'notIn',
]);

const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** Lambda parameters in scope: SnQL name → SQL expression. */
type LambdaScope = ReadonlyMap<string, SqlExpr>;

export class ExpressionTranslator {
  readonly #dialect: SqlDialect;
  readonly #params: ParamSink;
  readonly #resolver: Resolver;
  #lambdaCount = 0;
  /** Lambda bodies being rendered (a sized function there would run once per element). */
  #lambdaDepth = 0;
  /** The calls of range, repeat, leftPad and rightPad rendered (a node rendered twice counts once). */
  readonly #sizedCalls = new Set<FunctionCall>();

  constructor(dialect: SqlDialect, params: ParamSink, resolver: Resolver) {
    this.#dialect = dialect;
    this.#params = params;
    this.#resolver = resolver;
  }

  render(node: Expression, scope: LambdaScope = new Map()): SqlExpr {
    const hoisted = this.#resolver.hoisted(node);
    if (hoisted) return hoisted;
    switch (node.kind) {
      case 'literal':
        return this.literal(node.literal);
      case 'column':
        return this.#resolver.column(node);
      case 'subscript':
        return this.#resolver.subscript(node);
      case 'argument': {
        const bound = scope.get(node.name);
        if (!bound) {
          throw new SnqlError(
            'InvalidExpressionException',
            'undefined_lambda_identifier',
            `identifier(s) \`${node.name}\` not defined`,
            node.span,
          );
        }
        return bound;
      }
      case 'function':
        return this.#function(node, scope);
      case 'curried': {
        const init = node.initArgs.map((a) => this.#arg(a, scope));
        const args = node.args.map((a) => this.#arg(a, scope));
        checkArgumentTypes(
          node.name,
          args.map((a) => a.expr),
          node,
        );
        const out = this.#dialect.curried(node.name, init, args, this.#context(node.args, scope), node);
        return withNullable(out, node.name, args);
      }
      case 'lambda':
        throw new SnqlError(
          'InvalidExpressionException',
          'invalid_function',
          'a lambda can only be the first argument of an array function',
          node.span,
        );
    }
  }

  literal(l: LiteralValue): SqlExpr {
    switch (l.type) {
      case 'string':
        return { sql: this.#params.add({ type: 'string', value: l.value }), kind: 'string' };
      case 'int':
        return { sql: this.#params.add({ type: 'int', value: l.value }), kind: 'int' };
      case 'float':
        return { sql: this.#params.add({ type: 'float', value: l.value }), kind: 'float' };
      case 'bool':
        return { sql: this.#params.add({ type: 'bool', value: l.value }), kind: 'bool' };
      case 'null':
        return { sql: 'NULL', kind: 'null' };
      case 'datetime':
        return {
          sql: this.#params.add({ type: 'timestamp', value: l.value }),
          kind: 'datetime',
          type: 'DateTime',
        };
    }
  }

  #arg(node: Expression, scope: LambdaScope): FunctionArg {
    // Lambdas render inside their array function (CallContext.lambda), not on their own.
    if (node.kind === 'lambda') return { node, expr: { sql: '', kind: 'any' } };
    return { node, expr: this.render(node, scope) };
  }

  #function(node: FunctionCall, scope: LambdaScope): SqlExpr {
    const hashed = this.#tagEquals(node);
    if (hashed) return hashed;
    if (SIZED_FUNCTIONS.has(node.name) && !this.#sizedCalls.has(node)) {
      checkSizedCall(node, this.#lambdaDepth > 0, this.#sizedCalls.size);
      this.#sizedCalls.add(node);
    }
    let args: FunctionArg[];
    if (COMPARISONS.has(node.name) && node.args.length === 2) {
      const left = this.#arg(node.args[0] as Expression, scope);
      const right = node.args[1] as Expression;
      args = this.#tupleOperands(node.name, left, right, scope) ?? [
        left,
        this.#comparedLiteral(left.expr, right, scope),
      ];
    } else {
      args = node.args.map((a) => this.#arg(a, scope));
    }
    checkArgumentTypes(
      node.name,
      args.filter((a) => a.node.kind !== 'lambda').map((a) => a.expr),
      node,
    );
    const out = this.#dialect.call(node.name, args, this.#context(node.args, scope), node);
    return withNullable(out, node.name, args);
  }

  /** `tags[k] = 'v'` (a string literal) answered by the resolver's tag hashes, if it can. */
  #tagEquals(node: FunctionCall): SqlExpr | undefined {
    const [left, right] = node.args;
    if (node.name !== 'equals' || node.args.length !== 2 || left?.kind !== 'subscript') return undefined;
    if (right?.kind !== 'literal' || right.literal.type !== 'string') return undefined;
    if (this.#resolver.hoisted(left)) return undefined;
    return this.#resolver.tagEquals?.(left, right.literal.value);
  }

  /**
   * The right side of a comparison, typed by the left side: Snuba's literal processors (UUIDs,
   * hex span ids, TimeSeriesProcessor's datetimes for a binary comparison), then what ClickHouse
   * does with a constant string against another type (engine-types.ts). An `IN` list's strings
   * reach ClickHouse unparsed, so only its own DateTime text form converts there.
   */
  #comparedLiteral(left: SqlExpr, node: Expression, scope: LambdaScope, inList = false): FunctionArg {
    if (node.kind === 'literal') {
      const expr = this.#convertLiteral(left, node, inList);
      return { node, expr: expr ?? this.render(node, scope) };
    }
    const isList = node.kind === 'function' && (node.name === 'tuple' || node.name === 'array');
    const typed =
      left.rawUuid !== undefined ||
      left.rawHexInt !== undefined ||
      left.kind === 'datetime' ||
      left.kind === 'int' ||
      left.kind === 'float';
    if (isList && typed) {
      const items = node.args.map(
        (a) =>
          (a.kind === 'literal' ? this.#convertLiteral(left, a, true) : undefined) ?? this.render(a, scope),
      );
      const type =
        left.rawUuid !== undefined
          ? 'Array(UUID)'
          : left.rawHexInt !== undefined
            ? 'Array(HexInt)'
            : left.kind === 'datetime'
              ? 'Array(DateTime)'
              : undefined;
      return {
        node,
        expr: {
          sql: `[${items.map((i) => i.sql).join(', ')}]`,
          kind: 'array',
          items,
          ...(type ? { type } : {}),
        },
      };
    }
    return this.#arg(node, scope);
  }

  /** A constant compared with `left`, converted as Snuba and ClickHouse would; undefined if it stays as is. */
  #convertLiteral(left: SqlExpr, lit: Literal, inList: boolean): SqlExpr | undefined {
    const columnType = integerTypeOf(left);
    if (lit.literal.type === 'int' && columnType !== undefined)
      return {
        sql: this.#params.add({ type: 'int', value: lit.literal.value, columnType }),
        kind: 'int',
      };
    if (lit.literal.type !== 'string') return undefined;
    const text = lit.literal.value;
    if (left.rawUuid !== undefined)
      return { sql: this.#params.add({ type: 'uuid', value: uuidLiteral(text, lit) }), kind: 'uuid' };
    if (left.rawHexInt !== undefined)
      return {
        sql: this.#params.add({ type: 'int', value: hexLiteral(text, lit), columnType: 'UInt64' }),
        kind: 'int',
      };
    if (left.kind === 'datetime') {
      const iso = (inList ? undefined : parseDatetime(text)?.iso) ?? stringAsDateTime(text, left, lit);
      return { sql: this.#params.add({ type: 'timestamp', value: iso }), kind: 'datetime' };
    }
    if (left.kind === 'int' || left.kind === 'float' || left.kind === 'bool') {
      // A condition is a UInt8: `notEmpty(x) < ''` is TYPE_MISMATCH, `… = '1'` compares with 1.
      const value = stringAsNumber(
        text,
        left.kind === 'bool' ? { ...left, kind: 'int', type: 'UInt8' } : left,
        lit,
      );
      return typeof value === 'bigint'
        ? {
            sql: this.#params.add({ type: 'int', value, ...(columnType ? { columnType } : {}) }),
            kind: 'int',
          }
        : { sql: this.#params.add({ type: 'float', value }), kind: 'float' };
    }
    return undefined;
  }

  /**
   * A tuple compared with tuples (`tuple(a, b) = tuple(1, 'x')`, `tuple(a, b) IN tuple(tuple(…), …)`):
   * each constant typed by its element on the left, as a comparison of that element alone would
   * type it. ClickHouse refuses tuples of different sizes. Undefined when this is not such a comparison.
   */
  #tupleOperands(
    name: string,
    left: FunctionArg,
    right: Expression,
    scope: LambdaScope,
  ): [FunctionArg, FunctionArg] | undefined {
    const items = left.expr.items;
    if (left.expr.kind !== 'struct' || !items || !isTupleCall(right)) return undefined;
    const membership = name === 'in' || name === 'notIn';
    const set = membership && right.args.length > 0 && right.args.every(isTupleCall);
    const rows = set ? (right.args as FunctionCall[]) : [right];
    const tuples = rows.map((row): FunctionArg => {
      if (row.args.length !== items.length) {
        throw membership
          ? new ClickhouseError(
              'NUMBER_OF_COLUMNS_DOESNT_MATCH',
              `Number of columns in section IN doesn't match. ${items.length} at left, ${row.args.length} at right`,
              row.span,
            )
          : new ClickhouseError('BAD_ARGUMENTS', 'Cannot compare tuples of different sizes', row.span);
      }
      const args = row.args.map((a, i) => this.#comparedLiteral(items[i] as SqlExpr, a, scope, membership));
      return { node: row, expr: this.#dialect.call('tuple', args, this.#context(row.args, scope), row) };
    });
    // UUID and hex elements compare raw against their converted constants (as alone they do).
    const leftNode = left.node;
    let rawLeft = left;
    if (isTupleCall(leftNode)) {
      const raw = items.map((item, i): FunctionArg => {
        const constants = rows.every((row) => row.args[i]?.kind === 'literal');
        const sql = constants ? (item.rawUuid ?? item.rawHexInt) : undefined;
        return { node: leftNode.args[i] ?? leftNode, expr: sql === undefined ? item : { ...item, sql } };
      });
      if (raw.some((r, i) => r.expr !== items[i])) {
        const context = this.#context(leftNode.args, scope);
        rawLeft = { node: leftNode, expr: this.#dialect.call('tuple', raw, context, leftNode) };
      }
    }
    if (!set) return [rawLeft, tuples[0] as FunctionArg];
    const list = this.#dialect.call('tuple', tuples, this.#context(right.args, scope), right);
    return [rawLeft, { node: right, expr: list }];
  }

  #context(args: readonly Expression[], scope: LambdaScope): CallContext {
    return {
      params: this.#params,
      lambda: (index: number): LambdaRender | undefined => {
        const node = args[index];
        if (node?.kind !== 'lambda') return undefined;
        return this.#lambda(node, scope);
      },
    };
  }

  /**
   * ClickHouse zips a lambda's parameters over several arrays (`arrayMap((x, y) -> …, a, b)`);
   * the rendered lambda walks the first array and reads the others by index.
   */
  #lambda(node: Lambda, outer: LambdaScope): LambdaRender {
    return {
      params: node.params,
      render: (arrays: readonly SqlExpr[]) => {
        const n = this.#lambdaCount++;
        const element = `__x${n}`;
        const index = `__i${n}`;
        const scope = new Map(outer);
        node.params.forEach((param, i) => {
          const array = arrays[i];
          // The element's ClickHouse type, when the array's is known (a stored tuple's fields).
          const item = /^Array\((.*)\)$/.exec(array?.type ?? '')?.[1];
          const typed = item !== undefined ? { type: item } : {};
          if (i === 0) scope.set(param, { sql: element, kind: 'any', ...typed });
          else
            scope.set(param, {
              sql: array ? `list_extract(${array.sql}, ${index})` : 'NULL',
              kind: 'any',
              ...typed,
            });
        });
        this.#lambdaDepth++;
        let body: SqlExpr;
        try {
          body = this.render(node.body, scope);
        } finally {
          this.#lambdaDepth--;
        }
        const bodySql = body.kind === 'bool' ? `coalesce(${body.sql}, FALSE)` : body.sql;
        const params = node.params.length > 1 ? [element, index] : [element];
        const kind: SqlKind = body.kind;
        return { sql: this.#dialect.lambda(params, bodySql), kind };
      },
    };
  }
}

const isTupleCall = (node: Expression): node is FunctionCall =>
  node.kind === 'function' && node.name === 'tuple';

/** The integer ClickHouse type of a compared column (`UInt64`, `Nullable(UInt32)`), if it is one. */
function integerTypeOf(left: SqlExpr): string | undefined {
  if (left.kind !== 'int' || left.type === undefined) return undefined;
  return /^(?:Nullable\()?U?Int\d+\)?$/.test(left.type) ? left.type : undefined;
}

function uuidLiteral(text: string, node: Literal): string {
  if (!UUID_RE.test(text)) {
    throw new SnqlError('ColumnTypeError', 'invalid_literal', `Not a valid UUID string: ${text}`, node.span);
  }
  const hex = text.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function hexLiteral(text: string, node: Literal): bigint {
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) {
    throw new SnqlError(
      'ColumnTypeError',
      'invalid_literal',
      `Invalid hexadecimal value: ${text}`,
      node.span,
    );
  }
  return BigInt(`0x${text}`);
}

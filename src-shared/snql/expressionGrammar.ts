/**
 * Expression rules of Snuba's SnQL grammar (`snql_grammar` in snuba/query/snql/parser.py):
 * arithmetic, terms, function calls (curried, aliased), lambdas, subscripts and literals. PEG semantics: ordered, committing choices; each rule keeps Snuba's name so a
 * failure report names the same rule parsimonious would.
 */
import type { Column, CurriedFunctionCall, Expression, FunctionCall, Lambda, Literal, Span } from './ast.ts';
import type { GrammarState, Res } from './grammarState.ts';
import { decodeStringBody, EscapeError, numericLiteral } from './literals.ts';

const FUNCTION_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const COLUMN_NAME = /[a-zA-Z_][a-zA-Z0-9_.:@/]*/y;
const TAG_COLUMN = /(?:[a-zA-Z_][a-zA-Z0-9_]*\.)?(?:tags|flags)\[[^[\]]*\]/y;
const NUMERIC = /-?[0-9]+(?:\.[0-9]+)?(?:e[+-][0-9]+)?/y;
const INTEGER = /-?[0-9]+/y;
const NULL_LITERAL = /NULL/iy;
const TRUE_LITERAL = /TRUE/iy;
const FALSE_LITERAL = /FALSE/iy;
const IDENTIFIER_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const ALIAS = /[a-zA-Z0-9_.+*/:\-[\]]*/y;
const BACKTICK_ALIAS = /[a-zA-Z0-9_.+*/:\-[\]()@]*/y;
/** `NESTED_COL_EXPR_RE` (snuba/utils/constants.py): what `_parse_subscriptables` turns into a subscript. */
const NESTED_COL_EXPR = /^([a-zA-Z0-9_.]+)\[([a-zA-Z0-9_.:-]+)\]$/;

const RULE_LOW_PRI = 1;
const RULE_FUNCTION = 3;

function withAlias<T extends Expression>(node: T, alias: string | undefined, span: Span): T {
  return alias === undefined ? { ...node, span } : { ...node, alias, span };
}

export function operatorCall(
  st: GrammarState,
  name: string,
  args: Expression[],
  start: number,
  end: number,
): FunctionCall {
  return { kind: 'function', name, args, syntax: 'operator', span: st.span(start, end) };
}

// ---- literals and names -------------------------------------------------------------------

/** `quoted_literal = "'" string_literal "'"`: inside, `\\` and `\'` are pairs, anything else but `'` a char. */
export function quotedLiteral(st: GrammarState, pos: number): Res<Literal> {
  return st.named('quoted_literal', pos, () => {
    if (st.text.charAt(pos) !== "'") return null;
    let p = pos + 1;
    const text = st.text;
    while (p < text.length) {
      const c = text.charAt(p);
      const next = text.charAt(p + 1);
      if (c === '\\' && (next === "'" || next === '\\')) p += 2;
      else if (c !== "'") p++;
      else break;
    }
    if (text.charAt(p) !== "'") return null;
    const body = text.slice(pos + 1, p);
    const span = st.span(pos, p + 1);
    let value = body;
    let error: Error | undefined;
    try {
      value = decodeStringBody(body);
    } catch (e) {
      if (!(e instanceof EscapeError)) throw e;
      error = e;
    }
    const node: Literal = { kind: 'literal', literal: { type: 'string', value }, span };
    if (error) st.deferred.set(node, error);
    return { end: p + 1, value: node };
  });
}

export function numericLiteralRule(st: GrammarState, pos: number): Res<Literal> {
  const end = st.regex(pos, NUMERIC, 'numeric_literal');
  if (end < 0) return null;
  const literal = numericLiteral(st.text.slice(pos, end));
  return { end, value: { kind: 'literal', literal, span: st.span(pos, end) } };
}

export function integerLiteral(st: GrammarState, pos: number): Res<number> {
  const end = st.regex(pos, INTEGER, 'integer_literal');
  if (end < 0) return null;
  return { end, value: Number.parseInt(st.text.slice(pos, end), 10) };
}

export function booleanLiteral(st: GrammarState, pos: number): Res<boolean> {
  return st.named('boolean_literal', pos, () => {
    let end = st.regex(pos, TRUE_LITERAL, 'true_literal');
    if (end >= 0) return { end, value: true };
    end = st.regex(pos, FALSE_LITERAL, 'false_literal');
    return end >= 0 ? { end, value: false } : null;
  });
}

export function columnName(st: GrammarState, pos: number): Res<Column> {
  const end = st.regex(pos, COLUMN_NAME, 'column_name');
  if (end < 0) return null;
  return { end, value: { kind: 'column', name: st.text.slice(pos, end), span: st.span(pos, end) } };
}

/** A bracketed column becomes a subscript only if Snuba's `NESTED_COL_EXPR_RE` accepts it. */
function bracketedColumn(st: GrammarState, start: number, end: number): Expression {
  const raw = st.text.slice(start, end);
  const span = st.span(start, end);
  const m = NESTED_COL_EXPR.exec(raw);
  if (m === null || m[1] === undefined || m[2] === undefined) return { kind: 'column', name: raw, span };
  const column: Column = { kind: 'column', name: m[1], span: st.span(start, start + m[1].length) };
  return { kind: 'subscript', column, key: m[2], span };
}

export function tagColumn(st: GrammarState, pos: number): Res<Expression> {
  const end = st.regex(pos, TAG_COLUMN, 'tag_column');
  return end < 0 ? null : { end, value: bracketedColumn(st, pos, end) };
}

/** `subscriptable = column_name open_square column_name close_square`. */
export function subscriptable(st: GrammarState, pos: number): Res<Expression> {
  return st.named('subscriptable', pos, () => {
    const col = columnName(st, pos);
    if (!col) return null;
    let p = st.literal(col.end, '[', 'open_square');
    if (p < 0) return null;
    const key = columnName(st, p);
    if (!key) return null;
    p = st.literal(key.end, ']', 'close_square');
    return p < 0 ? null : { end: p, value: bracketedColumn(st, pos, p) };
  });
}

/** `simple_term = quoted_literal / numeric_literal / null_literal / boolean_literal / column_name`. */
export function simpleTerm(st: GrammarState, pos: number): Res<Expression> {
  return st.named('simple_term', pos, (): Res<Expression> => {
    const q = quotedLiteral(st, pos) ?? numericLiteralRule(st, pos);
    if (q) return q;
    const n = st.regex(pos, NULL_LITERAL, 'null_literal');
    if (n >= 0)
      return { end: n, value: { kind: 'literal', literal: { type: 'null' }, span: st.span(pos, n) } };
    const b = booleanLiteral(st, pos);
    if (b) {
      const literal = { type: 'bool', value: b.value } as const;
      return { end: b.end, value: { kind: 'literal', literal, span: st.span(pos, b.end) } };
    }
    return columnName(st, pos);
  });
}

/** `alias_literal`: a backticked alias, or a bare one (which may be empty). */
export function aliasLiteral(st: GrammarState, pos: number): Res<string> {
  return st.named('alias_literal', pos, () => {
    if (st.text.charAt(pos) === '`') {
      const inner = st.regex(pos + 1, BACKTICK_ALIAS, 'alias_literal');
      if (inner >= 0 && st.text.charAt(inner) === '`') {
        return { end: inner + 1, value: st.text.slice(pos + 1, inner) };
      }
    }
    const end = st.regex(pos, ALIAS, 'alias_literal');
    return end < 0 ? null : { end, value: st.text.slice(pos, end) };
  });
}

/** `space+ "AS" space+ alias_literal` */
export function asAlias(st: GrammarState, pos: number): Res<string> {
  let p = st.spaces1(pos);
  if (p < 0) return null;
  p = st.literal(p, 'AS');
  if (p < 0) return null;
  p = st.spaces1(p);
  if (p < 0) return null;
  return aliasLiteral(st, p);
}

/** ``identifier = backtick ~r"[a-zA-Z_][a-zA-Z0-9_]*" backtick`` */
export function identifier(st: GrammarState, pos: number): Res<string> {
  return st.named('identifier', pos, () => {
    let p = st.literal(pos, '`', 'backtick');
    if (p < 0) return null;
    const end = st.regex(p, IDENTIFIER_NAME, 'identifier');
    if (end < 0) return null;
    p = st.literal(end, '`', 'backtick');
    return p < 0 ? null : { end: p, value: st.text.slice(pos + 1, end) };
  });
}

// ---- arithmetic ---------------------------------------------------------------------------

/** `low_pri_arithmetic = space* high_pri_arithmetic (space* low_pri_tuple)*` (+ and -). */
export function lowPriArithmetic(st: GrammarState, pos: number): Res<Expression> {
  return st.memoized(RULE_LOW_PRI, 'low_pri_arithmetic', pos, () =>
    binaryChain(st, pos, 'low_pri_op', ['+', 'plus'], ['-', 'minus'], highPriArithmetic),
  );
}

/** `high_pri_arithmetic = space* arithmetic_term (space* high_pri_tuple)*` (* and /). */
function highPriArithmetic(st: GrammarState, pos: number): Res<Expression> {
  return st.named('high_pri_arithmetic', pos, () =>
    binaryChain(st, pos, 'high_pri_op', ['/', 'divide'], ['*', 'multiply'], arithmeticTerm),
  );
}

function binaryChain(
  st: GrammarState,
  pos: number,
  opRule: string,
  op1: readonly [string, string],
  op2: readonly [string, string],
  operand: (st: GrammarState, pos: number) => Res<Expression>,
): Res<Expression> {
  const first = operand(st, st.spaces(pos));
  if (!first) return null;
  let left = first.value;
  let p = first.end;
  for (;;) {
    const q = st.spaces(p);
    let fn: string | undefined;
    let r = st.literal(q, op1[0]);
    if (r >= 0) fn = op1[1];
    else {
      r = st.literal(q, op2[0]);
      if (r >= 0) fn = op2[1];
    }
    if (fn === undefined) {
      st.fail(opRule, q);
      break;
    }
    const right = operand(st, st.spaces(r));
    if (!right) break;
    left = operatorCall(st, fn, [left, right.value], left.span.offset, right.end);
    p = right.end;
  }
  return { end: p, value: left };
}

/** `arithmetic_term = space* (function_call / tag_column / subscriptable / simple_term / parenthesized_arithm)` */
function arithmeticTerm(st: GrammarState, pos: number): Res<Expression> {
  return st.named('arithmetic_term', pos, () => {
    const p = st.spaces(pos);
    return (
      functionCall(st, p) ??
      tagColumn(st, p) ??
      subscriptable(st, p) ??
      simpleTerm(st, p) ??
      parenthesizedArithmetic(st, p)
    );
  });
}

function parenthesizedArithmetic(st: GrammarState, pos: number): Res<Expression> {
  return st.named('parenthesized_arithm', pos, () => {
    const p = st.literal(pos, '(', 'open_paren');
    if (p < 0) return null;
    const inner = lowPriArithmetic(st, p);
    if (!inner) return null;
    const end = st.literal(inner.end, ')', 'close_paren');
    return end < 0 ? null : { end, value: inner.value };
  });
}

// ---- functions and lambdas ----------------------------------------------------------------

/** `function_call = name ( params? ) [( params? )] [space+ AS space+ alias]` */
export function functionCall(st: GrammarState, pos: number): Res<FunctionCall | CurriedFunctionCall> {
  return st.memoized(RULE_FUNCTION, 'function_call', pos, () => {
    const nameEnd = st.regex(pos, FUNCTION_NAME, 'function_name');
    if (nameEnd < 0) return null;
    const first = parenthesizedParameters(st, nameEnd);
    if (!first) return null;
    const second = parenthesizedParameters(st, first.end);
    let end = second ? second.end : first.end;
    const alias = asAlias(st, end);
    if (alias) end = alias.end;
    const name = st.text.slice(pos, nameEnd);
    const span = st.span(pos, end);
    const node: FunctionCall | CurriedFunctionCall = second
      ? { kind: 'curried', name, initArgs: first.value, args: second.value, span }
      : { kind: 'function', name, args: first.value, syntax: 'call', span };
    return { end, value: withAlias(node, alias?.value, span) };
  });
}

function parenthesizedParameters(st: GrammarState, pos: number): Res<Expression[]> {
  const p = st.literal(pos, '(', 'open_paren');
  if (p < 0) return null;
  const params = parametersList(st, p);
  const close = st.literal(params ? params.end : p, ')', 'close_paren');
  return close < 0 ? null : { end: close, value: params ? params.value : [] };
}

/** `parameters_list = parameter* param_expression`; `parameter = (lambda / param_expression) space* comma space*` */
function parametersList(st: GrammarState, pos: number): Res<Expression[]> {
  return st.named('parameters_list', pos, () => {
    const items: Expression[] = [];
    let p = pos;
    for (;;) {
      const item = parameter(st, p);
      if (!item) break;
      items.push(item.value);
      p = item.end;
    }
    const last = paramExpression(st, p);
    if (!last) return null;
    items.push(last.value);
    return { end: last.end, value: items };
  });
}

function parameter(st: GrammarState, pos: number): Res<Expression> {
  return st.named('parameter', pos, () => {
    const item = lambda(st, pos) ?? paramExpression(st, pos);
    if (!item) return null;
    const comma = st.literal(st.spaces(item.end), ',', 'comma');
    return comma < 0 ? null : { end: st.spaces(comma), value: item.value };
  });
}

/** `param_expression = low_pri_arithmetic / quoted_literal / identifier` */
function paramExpression(st: GrammarState, pos: number): Res<Expression> {
  return st.named('param_expression', pos, (): Res<Expression> => {
    const e = lowPriArithmetic(st, pos) ?? quotedLiteral(st, pos);
    if (e) return e;
    const id = identifier(st, pos);
    if (!id) return null;
    return { end: id.end, value: { kind: 'argument', name: id.value, span: st.span(pos, id.end) } };
  });
}

/** ``lambda = ( `x` (, `y`)* ) -> function_call`` */
function lambda(st: GrammarState, pos: number): Res<Lambda> {
  return st.named('lambda', pos, () => {
    let p = st.literal(pos, '(', 'open_paren');
    if (p < 0) return null;
    const first = identifier(st, st.spaces(p));
    if (!first) return null;
    const params = [first.value];
    p = first.end;
    for (;;) {
      const comma = st.literal(p, ',', 'comma');
      if (comma < 0) break;
      const next = identifier(st, st.spaces(comma));
      if (!next) break;
      params.push(next.value);
      p = next.end;
    }
    p = st.literal(st.spaces(p), ')', 'close_paren');
    if (p < 0) return null;
    p = st.literal(st.spaces(p), '->', 'arrow');
    if (p < 0) return null;
    const body = functionCall(st, st.spaces(p));
    if (!body) return null;
    return {
      end: body.end,
      value: { kind: 'lambda', params, body: body.value, span: st.span(pos, body.end) },
    };
  });
}

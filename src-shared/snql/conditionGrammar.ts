/**
 * Condition rules of Snuba's SnQL grammar: OR of ANDs of conditions, where a condition is
 * `arith IS [NOT] NULL`, `arith <op> (function_call / simple_term)` or a parenthesised OR.
 */
import type { Expression } from './ast.ts';
import { functionCall, lowPriArithmetic, operatorCall, simpleTerm } from './expressionGrammar.ts';
import type { GrammarState, Res } from './grammarState.ts';

const RULE_CONDITION = 2;
const RULE_OR = 4;

const CONDITION_OPS: ReadonlyArray<readonly [string, string]> = [
  ['!=', 'notEquals'],
  ['>=', 'greaterOrEquals'],
  ['>', 'greater'],
  ['<=', 'lessOrEquals'],
  ['<', 'less'],
  ['=', 'equals'],
  ['NOT IN', 'notIn'],
  ['NOT LIKE', 'notLike'],
  ['IN', 'in'],
  ['LIKE', 'like'],
];

/** `or_expression = space* and_expression (space+ "OR" and_expression)*` */
export function orExpression(st: GrammarState, pos: number): Res<Expression> {
  return st.memoized(RULE_OR, 'or_expression', pos, () => logicalChain(st, pos, 'OR', 'or', andExpression));
}

/** `and_expression = space* condition (space+ "AND" condition)*` */
function andExpression(st: GrammarState, pos: number): Res<Expression> {
  return st.named('and_expression', pos, () => logicalChain(st, pos, 'AND', 'and', condition));
}

/** Whitespace is needed before AND/OR but not after (`ANDtimestamp` parses). */
function logicalChain(
  st: GrammarState,
  pos: number,
  keyword: string,
  fn: string,
  operand: (st: GrammarState, pos: number) => Res<Expression>,
): Res<Expression> {
  const first = operand(st, st.spaces(pos));
  if (!first) return null;
  const operands = [first.value];
  let p = first.end;
  for (;;) {
    const s = st.spaces1(p);
    if (s < 0) break;
    const k = st.literal(s, keyword);
    if (k < 0) break;
    const next = operand(st, k);
    if (!next) break;
    operands.push(next.value);
    p = next.end;
  }
  if (operands.length === 1) return first;
  return { end: p, value: operatorCall(st, fn, operands, first.value.span.offset, p) };
}

/** `condition = unary_condition / main_condition / parenthesized_cdn` */
function condition(st: GrammarState, pos: number): Res<Expression> {
  return st.memoized(
    RULE_CONDITION,
    'condition',
    pos,
    () => unaryCondition(st, pos) ?? mainCondition(st, pos) ?? parenthesizedCondition(st, pos),
  );
}

function unaryCondition(st: GrammarState, pos: number): Res<Expression> {
  return st.named('unary_condition', pos, () => {
    const lhs = lowPriArithmetic(st, pos);
    if (!lhs) return null;
    const s = st.spaces1(lhs.end);
    if (s < 0) return null;
    let end = st.literal(s, 'IS NULL');
    let fn = 'isNull';
    if (end < 0) {
      end = st.literal(s, 'IS NOT NULL');
      fn = 'isNotNull';
    }
    if (end < 0) {
      st.fail('unary_op', s);
      return null;
    }
    return { end, value: operatorCall(st, fn, [lhs.value], lhs.value.span.offset, end) };
  });
}

function mainCondition(st: GrammarState, pos: number): Res<Expression> {
  return st.named('main_condition', pos, () => {
    const lhs = lowPriArithmetic(st, pos);
    if (!lhs) return null;
    const opPos = st.spaces(lhs.end);
    const op = CONDITION_OPS.find(([text]) => st.text.startsWith(text, opPos));
    if (!op) {
      st.fail('condition_op', opPos);
      return null;
    }
    const rhsPos = st.spaces(opPos + op[0].length);
    const rhs = functionCall(st, rhsPos) ?? simpleTerm(st, rhsPos);
    if (!rhs) return null;
    return {
      end: rhs.end,
      value: operatorCall(st, op[1], [lhs.value, rhs.value], lhs.value.span.offset, rhs.end),
    };
  });
}

function parenthesizedCondition(st: GrammarState, pos: number): Res<Expression> {
  return st.named('parenthesized_cdn', pos, () => {
    const p = st.literal(st.spaces(pos), '(', 'open_paren');
    if (p < 0) return null;
    const inner = orExpression(st, p);
    if (!inner) return null;
    const end = st.literal(inner.end, ')', 'close_paren');
    return end < 0 ? null : { end, value: inner.value };
  });
}

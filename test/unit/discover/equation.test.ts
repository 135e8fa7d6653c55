/**
 * Discover's equations as Sentry parses them (`discover/arithmetic.py`; cases learned from its
 * `test_arithmetic.py`): precedence and left-to-right order, signs only on numbers, the operator
 * limit, what may be mixed, and Sentry's texts for what is refused; values with division by zero as
 * no value; the SnQL an equation becomes.
 */
import { describe, expect, it } from 'vitest';
import {
  EquationError,
  type EquationNode,
  equationSnql,
  evaluateEquation,
  parseEquation,
  resolveEquation,
} from '../../../src-shared/discover-equation.ts';

/** A tree written back as nested calls, to compare shapes at a glance. */
function shape(node: EquationNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'field':
      return node.name;
    case 'function':
      return node.text;
    case 'operation':
      return `${node.operator}(${shape(node.lhs)}, ${shape(node.rhs)})`;
  }
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof EquationError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('parsing an equation', () => {
  it.each([
    ['7+5', 'plus(7, 5)'],
    [' 7 - 5 ', 'minus(7, 5)'],
    ['-7+-5', 'plus(-7, -5)'],
    ['+7 * +5', 'multiply(7, 5)'],
    ['1.5 / 0.25', 'divide(1.5, 0.25)'],
    ['9 ÷ 3', 'divide(9, 3)'],
    ['2 + 3 * 4', 'plus(2, multiply(3, 4))'],
    ['8 / 4 - 1', 'minus(divide(8, 4), 1)'],
    ['1 - 2 - 3', 'minus(minus(1, 2), 3)'],
    ['8 / 4 / 2', 'divide(divide(8, 4), 2)'],
    ['1 + 6 / 3 * 2', 'plus(1, multiply(divide(6, 3), 2))'],
    ['(1 + 2) * 3', 'multiply(plus(1, 2), 3)'],
    ['count() / count_unique(user)', 'divide(count(), count_unique(user))'],
    ['transaction.duration * 2', 'multiply(transaction.duration, 2)'],
    ['count_if(level, equals, error) - 1', 'minus(count_if(level, equals, error), 1)'],
    [
      'p50(transaction.duration) / p100(transaction.duration)',
      'divide(p50(transaction.duration), p100(transaction.duration))',
    ],
  ])('%s is %s', (text, expected) => {
    expect(shape(parseEquation(text).tree)).toBe(expected);
  });

  it('names the functions and the fields it reads, each once', () => {
    expect(parseEquation('count() + count() * 2').functions).toEqual(['count()']);
    expect(parseEquation('spans.http + spans.db').fields).toEqual(['spans.http', 'spans.db']);
  });

  it('allows as many operators as the limit, and refuses one more', () => {
    expect(parseEquation('1 + 2 * 3 * 4', 3).tree.kind).toBe('operation');
    expect(refusal(() => parseEquation('1 + 2 * 3 * 4', 2))).toBe('Exceeded maximum number of operations');
    const eleven = Array.from({ length: 12 }, (_, i) => String(i + 1)).join(' + ');
    expect(refusal(() => parseEquation(eleven))).toBe('Exceeded maximum number of operations');
  });

  it.each([
    '1 +',
    '+ 1 + 1',
    '1 + 1 +',
    '1 ** 2',
    '1 -- 1',
    'hello world',
    '',
    '+',
    '(1 + 2',
    '-count() + 1',
  ])('%j is not well formed arithmetic', (text) => {
    expect(refusal(() => parseEquation(text))).toBe(
      'Unable to parse your equation, make sure it is well formed arithmetic',
    );
  });

  it.each([
    ['5/0', 'division by 0 is not allowed'],
    ['spans.http / 0', 'division by 0 is not allowed'],
    ['1 + transaction.status', 'transaction.status not allowed in arithmetic'],
    ['last_seen() + 1', 'last_seen not allowed in arithmetic'],
    ['p50(transaction.duration) + transaction.duration', 'Cannot mix functions and fields in arithmetic'],
    ['12', 'Arithmetic expression must contain at least 2 terms'],
    ['p50(transaction.duration)', 'Arithmetic expression must contain at least 2 terms'],
    ['(12)', 'Arithmetic expression must contain at least 1 operator'],
  ])('%s is refused: %s', (text, message) => {
    expect(refusal(() => parseEquation(text))).toBe(message);
  });

  it('lets a total be mixed with functions, as Sentry does', () => {
    expect(parseEquation('count() / total.count').fields).toEqual(['total.count']);
  });
});

describe('an equation among the request’s fields', () => {
  it('needs a field or a function, each of them selected', () => {
    expect(refusal(() => resolveEquation('equation|1 + 2', []))).toBe(
      'Equations need to include a field or function',
    );
    expect(refusal(() => resolveEquation('equation|count() * 2', ['title']))).toBe(
      'count() used in an equation but is not a selected function',
    );
    expect(refusal(() => resolveEquation('equation|transaction.duration * 2', ['title']))).toBe(
      'transaction.duration used in an equation but is not a selected field',
    );
    expect(resolveEquation('equation|count() * 2', ['count()']).functions).toEqual(['count()']);
  });

  it('on a chart: its functions need not be selected, and it needs one', () => {
    expect(resolveEquation('equation|count() * 2', undefined, { aggregatesOnly: true }).functions).toEqual([
      'count()',
    ]);
    expect(refusal(() => resolveEquation('equation|spans.db * 2', undefined, { aggregatesOnly: true }))).toBe(
      'Only equations on aggregate functions are supported',
    );
  });
});

describe('an equation’s value', () => {
  const values: Record<string, number | null> = { 'count()': 6, 'count_unique(user)': 4, 'sum(x)': null };
  const value = (text: string, operand = values) =>
    evaluateEquation(
      parseEquation(text).tree,
      (node) => operand[node.kind === 'function' ? node.text : node.name] ?? null,
    );

  it('is worked out with the operands read', () => {
    expect(value('count() / count_unique(user)')).toBe(1.5);
    expect(value('(count() - count_unique(user)) * 10')).toBe(20);
    expect(value('count() - count_unique(user) * 10')).toBe(-34);
  });

  it('has no value when it divides by zero or an operand has none', () => {
    expect(value('count() / count_unique(user)', { 'count()': 3, 'count_unique(user)': 0 })).toBeNull();
    expect(value('count() + sum(x)')).toBeNull();
  });

  it('becomes SnQL over the operands’ own, division guarded as Sentry guards it', () => {
    const { tree } = parseEquation('count() / count_unique(user) * 2');
    const snql = equationSnql(tree, (node) => (node.kind === 'function' ? `fn_${node.name}` : node.name));
    expect(snql).toBe('multiply(divide(toFloat64(fn_count), nullIf(toFloat64(fn_count_unique), 0.0)), 2.0)');
  });
});

/**
 * Discover's equations (Sentry's `discover/arithmetic.py`): a field `equation|<expression>` whose
 * expression is `+ - * /` (or `÷`) and parentheses over numbers and either functions
 * (`count() / count_unique(user)`) or fields (`transaction.duration * 2`), never both. Parsed by
 * Sentry's grammar (a sign only as part of a number, `*` and `/` before `+` and `-`, left to right,
 * only spaces between tokens) and refused with Sentry's texts; evaluated with division by zero as
 * null. Pure: the events endpoint renders a tree as SnQL or evaluates it over a group of rows, the
 * Discover page checks an equation before it asks for it.
 */

export const EQUATION_PREFIX = 'equation|';
/** Sentry's `equation[N]`: the N-th equation of the request, as a sort may name it. */
export const EQUATION_ALIAS = /^equation\[(\d*)\]$/;
/** Sentry's default limit on an equation's operators. */
export const MAX_OPERATORS = 10;

export type Operator = 'plus' | 'minus' | 'multiply' | 'divide';

export type EquationNode =
  | { kind: 'number'; value: number }
  | { kind: 'field'; name: string }
  | { kind: 'function'; text: string; name: string }
  | { kind: 'operation'; operator: Operator; lhs: EquationNode; rhs: EquationNode };

export interface ParsedEquation {
  tree: EquationNode;
  /** The fields and the functions it reads, each once, as written. */
  fields: string[];
  functions: string[];
}

/** An equation Sentry refuses; the message is its 400's text. */
export class EquationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EquationError';
  }
}

export const isEquation = (field: string) => field.startsWith(EQUATION_PREFIX);
export const stripEquation = (field: string) => field.slice(EQUATION_PREFIX.length);

/** The fields Sentry allows in arithmetic (its `field_allowlist`): numbers of a transaction. */
const FIELDS = new Set([
  'transaction.duration',
  'spans.http',
  'spans.db',
  'spans.resource',
  'spans.browser',
  'spans.total.time',
  'measurements.app_start_cold',
  'measurements.app_start_warm',
  'measurements.cls',
  'measurements.fcp',
  'measurements.fid',
  'measurements.fp',
  'measurements.frames_frozen',
  'measurements.frames_slow',
  'measurements.frames_total',
  'measurements.lcp',
  'measurements.stall_count',
  'measurements.stall_stall_longest_time',
  'measurements.stall_stall_total_time',
  'measurements.time_to_full_display',
  'measurements.time_to_initial_display',
  'measurements.ttfb',
  'measurements.ttfb.requesttime',
  'total.count',
  'total.transaction_duration',
]);
/** The totals: the one case where fields and functions may be mixed. */
const TOTALS = new Set(['total.count', 'total.transaction_duration']);

/** The functions Sentry allows in arithmetic (its `function_allowlist`): those with a number. */
const FUNCTIONS = new Set([
  'count',
  'count_if',
  'count_unique',
  'failure_count',
  'min',
  'max',
  'avg',
  'sum',
  'p50',
  'p75',
  'p95',
  'p99',
  'p100',
  'percentile',
  'apdex',
  'user_misery',
  'eps',
  'epm',
  'count_miserable',
  'count_web_vitals',
  'percentile_range',
]);

const NUMBER = /[+-]?[0-9]+\.?[0-9]*/y;
const FIELD = /[a-zA-Z_.]+/y;
const FUNCTION_NAME = /[a-zA-Z_0-9]+/y;
const RAW_ARGUMENT = /[^()\t\n, "]+/y;
const QUOTED_ARGUMENT = /"(?:\\"|[^\t\n"])*"/y;
const UNPARSEABLE = 'Unable to parse your equation, make sure it is well formed arithmetic';

/** Sentry's grammar: the whole text is parsed before anything in it is checked. */
class Parser {
  #at = 0;
  /** Primaries read (a parenthesis counts, and so does what is in it), as Sentry counts terms. */
  terms = 0;

  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  get done() {
    return this.#at === this.text.length;
  }

  #spaces() {
    while (this.text[this.#at] === ' ') this.#at += 1;
  }

  #match(pattern: RegExp): string | null {
    pattern.lastIndex = this.#at;
    const found = pattern.exec(this.text);
    if (!found) return null;
    this.#at += found[0].length;
    return found[0];
  }

  #operator(ops: Record<string, Operator>): Operator | null {
    const start = this.#at;
    this.#spaces();
    const op = ops[this.text[this.#at] ?? ''];
    if (op) {
      this.#at += 1;
      this.#spaces();
      return op;
    }
    this.#at = start;
    return null;
  }

  /** term: factor (( + | - ) factor)*, left to right. */
  term(): EquationNode {
    let tree = this.#factor();
    for (;;) {
      const op = this.#operator({ '+': 'plus', '-': 'minus' });
      if (!op) return tree;
      tree = { kind: 'operation', operator: op, lhs: tree, rhs: this.#factor() };
    }
  }

  /** factor: primary (( * | / | ÷ ) primary)*, left to right. */
  #factor(): EquationNode {
    let tree = this.#primary();
    for (;;) {
      const op = this.#operator({ '*': 'multiply', '/': 'divide', '÷': 'divide' });
      if (!op) return tree;
      tree = { kind: 'operation', operator: op, lhs: tree, rhs: this.#primary() };
    }
  }

  #primary(): EquationNode {
    this.#spaces();
    const node = this.#parens() ?? this.#number() ?? this.#function() ?? this.#field();
    if (!node) throw new EquationError(UNPARSEABLE);
    this.terms += 1;
    this.#spaces();
    return node;
  }

  #parens(): EquationNode | null {
    if (this.text[this.#at] !== '(') return null;
    this.#at += 1;
    const inner = this.term();
    if (this.text[this.#at] !== ')') throw new EquationError(UNPARSEABLE);
    this.#at += 1;
    return inner;
  }

  #number(): EquationNode | null {
    const text = this.#match(NUMBER);
    return text === null ? null : { kind: 'number', value: Number.parseFloat(text) };
  }

  #function(): EquationNode | null {
    const start = this.#at;
    const name = this.#match(FUNCTION_NAME);
    if (name === null || this.text[this.#at] !== '(') {
      this.#at = start;
      return null;
    }
    this.#at += 1;
    this.#spaces();
    if (this.text[this.#at] !== ')') {
      const argument = () => this.#match(QUOTED_ARGUMENT) ?? this.#match(RAW_ARGUMENT);
      if (argument() === null) throw new EquationError(UNPARSEABLE);
      for (;;) {
        const before = this.#at;
        this.#spaces();
        if (this.text[this.#at] !== ',') {
          this.#at = before;
          break;
        }
        this.#at += 1;
        this.#spaces();
        if (argument() === null) throw new EquationError(UNPARSEABLE);
      }
      this.#spaces();
    }
    if (this.text[this.#at] !== ')') throw new EquationError(UNPARSEABLE);
    this.#at += 1;
    return { kind: 'function', text: this.text.slice(start, this.#at), name };
  }

  #field(): EquationNode | null {
    const name = this.#match(FIELD);
    return name === null ? null : { kind: 'field', name };
  }
}

/** What a parsed tree reads, checked in the order Sentry's visitor meets it (operands, then their operator). */
class Checker {
  operators = 0;
  readonly fields = new Set<string>();
  readonly functions = new Set<string>();
  readonly maxOperators: number;

  constructor(maxOperators: number) {
    this.maxOperators = maxOperators;
  }

  visit(node: EquationNode): void {
    switch (node.kind) {
      case 'number':
        return;
      case 'field':
        if (!FIELDS.has(node.name)) throw new EquationError(`${node.name} not allowed in arithmetic`);
        this.fields.add(node.name);
        return;
      case 'function':
        if (!FUNCTIONS.has(node.name)) throw new EquationError(`${node.name} not allowed in arithmetic`);
        this.functions.add(node.text);
        return;
      case 'operation':
        this.visit(node.lhs);
        this.visit(node.rhs);
        this.operators += 1;
        if (this.operators > this.maxOperators)
          throw new EquationError('Exceeded maximum number of operations');
        if (node.operator === 'divide' && node.rhs.kind === 'number' && node.rhs.value === 0)
          throw new EquationError('division by 0 is not allowed');
    }
  }
}

/** An equation's expression (without `equation|`) as a tree; Sentry's texts for what it refuses. */
export function parseEquation(text: string, maxOperators = MAX_OPERATORS): ParsedEquation {
  const parser = new Parser(text);
  const tree = parser.term();
  if (!parser.done) throw new EquationError(UNPARSEABLE);
  const checker = new Checker(maxOperators);
  checker.visit(tree);
  const fields = [...checker.fields];
  const functions = [...checker.functions];
  const totals = fields.some((f) => TOTALS.has(f));
  if (!(totals && functions.length > 0)) {
    if (fields.length > 0 && functions.length > 0)
      throw new EquationError('Cannot mix functions and fields in arithmetic');
    if (parser.terms <= 1) throw new EquationError('Arithmetic expression must contain at least 2 terms');
    if (checker.operators === 0)
      throw new EquationError('Arithmetic expression must contain at least 1 operator');
  }
  return { tree, fields, functions };
}

export interface EquationOptions {
  /** Events-stats: an equation must have a function (fields change the grouping). */
  aggregatesOnly?: boolean;
}

/**
 * An equation field of a request (`equation|…`) checked against the request's other fields, as
 * Sentry's `resolve_equation_list` does: it reads a field or a function, each of them selected
 * (`selected` undefined: the fields it reads are added, as events-stats does).
 */
export function resolveEquation(
  field: string,
  selected: readonly string[] | undefined,
  options: EquationOptions = {},
): ParsedEquation {
  const parsed = parseEquation(stripEquation(field));
  if (parsed.fields.length === 0 && parsed.functions.length === 0)
    throw new EquationError('Equations need to include a field or function');
  if (options.aggregatesOnly && parsed.functions.length === 0)
    throw new EquationError('Only equations on aggregate functions are supported');
  if (selected) {
    for (const name of parsed.fields)
      if (!selected.includes(name))
        throw new EquationError(`${name} used in an equation but is not a selected field`);
    for (const name of parsed.functions)
      if (!selected.includes(name))
        throw new EquationError(`${name} used in an equation but is not a selected function`);
  }
  return parsed;
}

/** Division's right side as Sentry sends it (`nullIf(rhs, 0)`): zero gives no value. */
function apply(operator: Operator, lhs: number, rhs: number): number | null {
  switch (operator) {
    case 'plus':
      return lhs + rhs;
    case 'minus':
      return lhs - rhs;
    case 'multiply':
      return lhs * rhs;
    case 'divide':
      return rhs === 0 ? null : lhs / rhs;
  }
}

/** The equation's value, each field or function read by `operand`; null when any of them is. */
export function evaluateEquation(
  tree: EquationNode,
  operand: (node: Extract<EquationNode, { kind: 'field' | 'function' }>) => number | null,
): number | null {
  switch (tree.kind) {
    case 'number':
      return tree.value;
    case 'field':
    case 'function':
      return operand(tree);
    case 'operation': {
      const lhs = evaluateEquation(tree.lhs, operand);
      const rhs = evaluateEquation(tree.rhs, operand);
      return lhs === null || rhs === null ? null : apply(tree.operator, lhs, rhs);
    }
  }
}

/** The equation as SnQL, each field or function as `operand` writes it (Sentry's snql: `divide(a, nullIf(b, 0))`). */
export function equationSnql(
  tree: EquationNode,
  operand: (node: Extract<EquationNode, { kind: 'field' | 'function' }>) => string,
): string {
  switch (tree.kind) {
    case 'number':
      return Number.isInteger(tree.value) ? tree.value.toFixed(1) : String(tree.value);
    case 'field':
    case 'function':
      return `toFloat64(${operand(tree)})`;
    case 'operation': {
      const lhs = equationSnql(tree.lhs, operand);
      const rhs = equationSnql(tree.rhs, operand);
      return `${tree.operator}(${lhs}, ${tree.operator === 'divide' ? `nullIf(${rhs}, 0.0)` : rhs})`;
    }
  }
}

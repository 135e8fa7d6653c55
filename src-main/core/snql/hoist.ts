/**
 * ClickHouse expands rows in two ways: the ARRAY JOIN clause (its arrays are zipped, and the
 * array columns then read as their elements everywhere in the query) and the `arrayJoin(x)`
 * function (each distinct call is its own expansion; `tags_key`/`tags_value` are one zipped
 * expansion, as Snuba's arrayjoin optimizer makes them). Both are hoisted into the relation as
 * `unnest` levels, and references to them read the level's column.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import { nestedFields } from '../../../src-shared/snql/entities/schema.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { exprKey } from '../../../src-shared/snql/exprKey.ts';
import type { ValidatedQuery } from '../../../src-shared/snql/validatedQuery.ts';
import { children } from '../../../src-shared/snql/walk.ts';
import { type ColumnTranslator, type EntityScope, elementType, kindOfType } from './columns.ts';
import type { SqlDialect, SqlExpr } from './dialect.ts';
import type { ExpressionTranslator } from './expressions.ts';

interface Item {
  readonly ident: string;
  /** Already SQL (a stored array column), or an expression rendered once the plan renders. */
  arg: string | Expression;
  element: SqlExpr;
}

const argsKey = (node: Expression): string =>
  node.kind === 'function' ? `arrayJoin(${node.args.map(exprKey).join(',')})` : exprKey(node);

export class ArrayJoinPlan {
  readonly #levels: Item[][] = [];
  readonly #byKey = new Map<string, { level: number; item: Item }>();
  readonly #dialect: SqlDialect;
  #visible = Number.POSITIVE_INFINITY;
  #count = 0;

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect;
  }

  get empty(): boolean {
    return this.#levels.length === 0;
  }

  add(level: number, key: string, arg: string | Expression, element: SqlExpr): void {
    if (this.#byKey.has(key)) return;
    while (this.#levels.length <= level) this.#levels.push([]);
    const ident = this.#dialect.ident(`__aj${this.#count++}`);
    const item: Item = { ident, arg, element: { ...element, sql: ident } };
    this.#levels[level]?.push(item);
    this.#byKey.set(key, { level, item });
  }

  get nextLevel(): number {
    return this.#levels.length;
  }

  lookup(node: Expression): SqlExpr | undefined {
    let key: string | undefined;
    if (node.kind === 'column') key = `col:${node.name}`;
    else if (node.kind === 'function' && node.name === 'arrayJoin') key = argsKey(node);
    if (key === undefined) return undefined;
    const found = this.#byKey.get(key);
    if (!found || found.level >= this.#visible) return undefined;
    return found.item.element;
  }

  /** Renders each level's arguments with only the earlier levels in scope. */
  render(expressions: ExpressionTranslator): void {
    this.#levels.forEach((items, level) => {
      this.#visible = level;
      for (const item of items) {
        if (typeof item.arg === 'string') continue;
        const node = item.arg;
        const rendered = expressions.render(node);
        item.arg = rendered.sql;
        if (item.element.kind === 'any' && rendered.type) {
          item.element = {
            sql: item.element.sql,
            kind: kindOfType(elementType(rendered.type)),
            type: elementType(rendered.type),
          };
        }
      }
    });
    this.#visible = Number.POSITIVE_INFINITY;
  }

  wrap(relation: string): string {
    let sql = relation;
    for (const items of this.#levels) {
      const unnests = items.map((i) => `${this.#dialect.unnest(String(i.arg))} AS ${i.ident}`);
      sql = `(SELECT *, ${unnests.join(', ')} FROM ${sql}) AS ${this.#dialect.ident('t0')}`;
    }
    return sql;
  }
}

function postOrder(e: Expression, visit: (e: Expression) => void): void {
  for (const child of children(e)) postOrder(child, visit);
  visit(e);
}

export function planArrayJoins(
  q: ValidatedQuery,
  scope: EntityScope,
  columns: ColumnTranslator,
  dialect: SqlDialect,
): ArrayJoinPlan | null {
  const plan = new ArrayJoinPlan(dialect);
  const schema = scope.schema;
  const stored = (name: string): void => {
    const column = schema.columns.get(name);
    if (!column) return;
    const type = elementType(column.type);
    plan.add(0, `col:${name}`, columns.physical(scope, name), { sql: '', kind: kindOfType(type), type });
  };
  // The ARRAY JOIN clause: one zipped level.
  for (const item of q.arrayJoin) {
    if (item.kind === 'column') {
      const fields = nestedFields(schema.columns.get(item.name)?.type ?? '');
      if (fields.length > 0) for (const [field] of fields) stored(`${item.name}.${field}`);
      else stored(item.name);
      continue;
    }
    if (item.kind === 'function' && item.name === 'arrayJoin') continue;
    throw new SnqlError(
      'InvalidExpressionException',
      'invalid_function',
      'ARRAY JOIN takes array columns',
      item.span,
    );
  }
  // `tags_key` / `tags_value` (and flags): one zipped level per nested column.
  const roots = [
    ...q.selected.map((s) => s.expression),
    ...q.groupBy,
    ...(q.where ? [q.where] : []),
    ...(q.having ? [q.having] : []),
    ...q.orderBy.map((o) => o.expression),
  ];
  const mapped = new Map<string, number>();
  const calls: Expression[] = [];
  for (const root of roots) {
    postOrder(root, (e) => {
      if (e.kind === 'function' && e.name === 'arrayJoin') calls.push(e);
      if (e.kind !== 'column') return;
      const source = schema.columns.get(e.name)?.source;
      if (source?.kind !== 'array_join') return;
      const parent = source.of.split('.')[0] ?? source.of;
      const level = mapped.get(parent) ?? plan.nextLevel;
      mapped.set(parent, level);
      plan.add(level, `col:${e.name}`, columns.physical(scope, source.of), {
        sql: '',
        kind: 'string',
        type: 'String',
      });
    });
  }
  for (const call of calls) {
    if (call.kind !== 'function' || call.args.length !== 1) continue;
    const arg = call.args[0] as Expression;
    plan.add(plan.nextLevel, argsKey(call), arg, { sql: '', kind: 'any' });
  }
  return plan.empty ? null : plan;
}

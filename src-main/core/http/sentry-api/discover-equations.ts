/**
 * Discover's equation fields (`equation|count() / count_unique(user)`, `src-shared/discover-equation.ts`)
 * on the events endpoint and events-stats: on the errors dataset a SnQL expression over the functions'
 * or fields' own SnQL, on Explore's datasets a value computed over a group's rows from the functions'
 * or columns' own values. Named by the field, typed `number` as Sentry's meta types them, sortable by
 * the field or by `equation[N]` (the N-th equation of the request); refused with Sentry's texts.
 */
import {
  EquationError,
  type EquationOptions,
  equationSnql,
  evaluateEquation,
  isEquation,
  type ParsedEquation,
  resolveEquation,
} from '../../../../src-shared/discover-equation.ts';
import { type DiscoverField, discoverField, type FieldContext } from './discover-fields.ts';
import {
  asNumber,
  type ExploreDataset,
  exploreColumn,
  type TableField,
  tableField,
} from './explore-table.ts';
import { SentryApiError } from './request.ts';

export { isEquation };

/** The equation checked against the request's fields; Sentry's 400 for one it refuses. */
function resolved(name: string, selected: readonly string[] | undefined, options: EquationOptions) {
  try {
    return resolveEquation(name, selected, options);
  } catch (error) {
    if (error instanceof EquationError) throw new SentryApiError(400, error.message);
    throw error;
  }
}

/** Each equation's `equation[N]`, N its place among the request's equations. */
export function equationAliases(names: readonly string[]): Map<string, string> {
  const equations = names.filter(isEquation);
  return new Map(equations.map((name, i) => [name, `equation[${i}]`]));
}

/** A sort naming an empty equation (`-equation|`): Sentry's 400. */
export function assertSortable(bare: string): void {
  if (bare === 'equation|') throw new SentryApiError(400, 'Cannot sort by an empty equation');
}

export interface EquationRequest {
  /** The request's fields (undefined: events-stats, which adds the functions an equation reads). */
  selected: readonly string[] | undefined;
  alias: string;
  options?: EquationOptions;
}

/** An equation on the errors dataset: a SnQL expression over the functions' or fields' SnQL. */
export function errorsEquationField(
  name: string,
  request: EquationRequest,
  context: FieldContext,
): DiscoverField {
  const parsed = resolved(name, request.selected, request.options ?? {});
  const snql = equationSnql(parsed.tree, (node) =>
    discoverField(node.kind === 'function' ? node.text : node.name, context).snql.replace(
      // A tag's value is text: read as a number, or no value.
      /^(tags\[.*\])$/,
      'toFloat64OrNull($1)',
    ),
  );
  return {
    name,
    snql,
    aggregate: parsed.functions.length > 0,
    type: 'number',
    unit: null,
    value: 'plain',
    alias: request.alias,
  };
}

/** An equation on an Explore dataset: its value over a group's rows, from the functions' and columns' own. */
export function exploreEquationField<R>(
  dataset: ExploreDataset<R>,
  name: string,
  request: EquationRequest & { periodSeconds: number; fieldNames: (names: string[]) => string[] },
): TableField<R> {
  const parsed: ParsedEquation = resolved(name, request.selected, request.options ?? {});
  const functions = new Map(
    parsed.functions.map((text) => [
      text,
      tableField(dataset, request.fieldNames([text])[0] ?? text, request.periodSeconds),
    ]),
  );
  const columns = new Map(parsed.fields.map((field) => [field, exploreColumn(dataset, field)]));
  return {
    name,
    aggregate: parsed.functions.length > 0,
    type: 'number',
    unit: null,
    alias: request.alias,
    value: (rows) =>
      evaluateEquation(parsed.tree, (node) => {
        if (node.kind === 'function') return asNumber(functions.get(node.text)?.value(rows) ?? null);
        const first = rows[0];
        return first === undefined ? null : asNumber(columns.get(node.name)?.get(first) ?? null);
      }),
  };
}

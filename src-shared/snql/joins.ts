/**
 * `_qualify_columns` for join queries: every column must name its entity alias (`e.event_id`);
 * the alias moves from the column name into `entityAlias`.
 */
import type { Column, Expression } from './ast.ts';
import { SnqlError } from './errors.ts';
import { mapParts, type QueryParts } from './queryParts.ts';
import { transformExpression } from './walk.ts';

function qualify(column: Column, aliases: ReadonlySet<string>): Column {
  const dot = column.name.indexOf('.');
  const alias = dot > 0 ? column.name.slice(0, dot) : '';
  if (!aliases.has(alias)) {
    throw new SnqlError(
      'ParsingException',
      'unqualified_column',
      `column ${column.name} must be qualified in a join query`,
      column.span,
    );
  }
  return { ...column, entityAlias: alias, name: column.name.slice(dot + 1) };
}

export function qualifyJoinColumns(parts: QueryParts, aliases: ReadonlySet<string>): QueryParts {
  const fn = (e: Expression): Expression => {
    if (e.kind === 'column' && e.entityAlias === undefined) return qualify(e, aliases);
    return e;
  };
  return mapParts(parts, (root) => transformExpression(root, fn));
}

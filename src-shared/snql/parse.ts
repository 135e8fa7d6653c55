/**
 * `parseSnql`: Snuba's `parse_snql_query_initial`. Runs the grammar over the whole text, builds
 * the AST, and reports grammar failures in Snuba's two wordings:
 *  - a prefix parsed but text is left over (parsimonious IncompleteParseError):
 *    `Parsing error on line L at '<3 chars before><10 after>'`, anchored where the prefix ended;
 *  - nothing parsed (ParseError): `Rule 'x' didn't match at '<20 chars>' (line L, column C).`
 * Both are ParsingException. The error's `span` points at the furthest failure instead, which is
 * usually where the mistake is, for the editor to underline.
 */
import type { DataSource, Expression, Query, Span } from './ast.ts';
import { SNUBA_ENTITY_KEYS, SNUBA_STORAGE_KEYS } from './entities/snubaKeys.ts';
import { SnqlError } from './errors.ts';
import { GrammarState, NestingTooDeep } from './grammarState.ts';
import { queryExp } from './queryGrammar.ts';
import { forEachExpression } from './walk.ts';

export function parseSnql(text: string): Query {
  const st = new GrammarState(text);
  const root = runGrammar(st);
  if (root === null) throw ruleError(st);
  if (root.end < text.length) throw incompleteParseError(st, root.end);
  raiseDeferred(st, root.value);
  checkSourceNames(root.value.from);
  return root.value;
}

/** The grammar over the whole text; too deep a nesting is a ParsingException, not a crash. */
function runGrammar(st: GrammarState): ReturnType<typeof queryExp> {
  try {
    return queryExp(st, 0);
  } catch (error) {
    const pos = error instanceof NestingTooDeep ? error.pos : isStackOverflow(error) ? st.failPos : -1;
    if (pos < 0) throw error;
    const { line, column } = st.span(pos, pos);
    throw new SnqlError(
      'ParsingException',
      'syntax',
      `Parsing error on line ${line} at column ${column}: the query is nested too deeply`,
      underline(st, Math.min(Math.max(0, pos), st.text.length)),
    );
  }
}

const isStackOverflow = (error: unknown): boolean =>
  error instanceof RangeError && /call stack/i.test(error.message);

function underline(st: GrammarState, pos: number): Span {
  const m = /[A-Za-z0-9_]+/y;
  m.lastIndex = pos;
  const word = m.exec(st.text);
  const end = Math.min(st.text.length, pos + (word ? word[0].length : 1));
  return st.span(pos, Math.max(end, pos));
}

function ruleError(st: GrammarState): SnqlError {
  const pos = Math.max(0, st.failPos);
  const at = st.text.slice(pos, pos + 20);
  const { line, column } = st.span(pos, pos);
  const message = `Rule '${st.failRule}' didn't match at '${at}' (line ${line}, column ${column}).`;
  // Snuba keeps only the first line of parsimonious' message.
  return new SnqlError('ParsingException', 'syntax', message.split('\n')[0] ?? message, underline(st, pos));
}

function incompleteParseError(st: GrammarState, pos: number): SnqlError {
  const { line, column } = st.span(pos, pos);
  const lineText = st.text.split('\n')[line - 1] ?? st.text;
  const prefix = lineText.slice(Math.max(0, column - 3), column);
  const suffix = lineText.slice(column, column + 10);
  const message = `Parsing error on line ${line} at '${prefix}${suffix}'`;
  return new SnqlError('ParsingException', 'syntax', message, underline(st, Math.max(pos, st.failPos)));
}

/** String-escape errors are visitor errors: raised only for literals in the successful parse. */
function raiseDeferred(st: GrammarState, query: Query): void {
  forEachQuery(query, (q) =>
    forEachQueryExpression(q, (e) => {
      const error = st.deferred.get(e);
      if (error) throw new SnqlError('ParsingException', 'invalid_literal', error.message, e.span);
    }),
  );
}

/** Snuba's visitor resolves entity and storage keys while building the AST. */
function checkSourceNames(from: DataSource): void {
  switch (from.kind) {
    case 'entity':
      if (!SNUBA_ENTITY_KEYS.has(from.entity)) {
        throw new SnqlError(
          'ParsingException',
          'invalid_entity',
          `${from.entity} is not a valid entity name`,
          from.span,
        );
      }
      return;
    case 'storage':
      if (!SNUBA_STORAGE_KEYS.has(from.storage)) {
        throw new SnqlError(
          'ParsingException',
          'invalid_entity',
          `${from.storage} is not a valid storage name`,
          from.span,
        );
      }
      return;
    case 'join':
      for (const rel of from.relationships) {
        checkSourceNames(rel.lhs);
        checkSourceNames(rel.rhs);
      }
      return;
    case 'subquery':
      checkSourceNames(from.query.from);
      return;
  }
}

export function forEachQuery(query: Query, visit: (q: Query) => void): void {
  visit(query);
  if (query.from.kind === 'subquery') forEachQuery(query.from.query, visit);
}

/** Every expression of one query level (not its subquery), in clause order, outermost first. */
export function forEachQueryExpression(query: Query, visit: (e: Expression) => void): void {
  const roots: Expression[] = [
    ...query.groupBy.map((s) => s.expression),
    ...query.select.map((s) => s.expression),
    ...query.arrayJoin,
    ...(query.where ? [query.where] : []),
    ...(query.having ? [query.having] : []),
    ...query.orderBy.map((o) => o.expression),
    ...(query.limitBy ? query.limitBy.columns : []),
  ];
  for (const root of roots) forEachExpression(root, visit);
}

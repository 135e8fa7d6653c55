/**
 * The `query` of the Explore datasets in Sentry's search syntax, over a dataset's columns and
 * attributes (`explore-table.ts`): `key:value` (`*` a wildcard, `[a, b]` any of them), `!key:value`,
 * `key:>N` on numbers (a duration may say its unit: `span.duration:>1.5s`), `has:key`, and free text
 * (a case-insensitive substring of the span's description or the log's message), joined by `AND`
 * (or side by side), `OR` and parentheses as Sentry's Explore joins them (`tree.ts`).
 */
import { analyzeSearchTree, type SearchTree, treeTest } from '../../../../src-shared/issue-search/index.ts';
import type { RawTerm } from '../../../../src-shared/issue-search/tokenize.ts';
import type { CompareOp } from '../../../../src-shared/issue-search/types.ts';
import { mistakeAt } from '../../issues/queries/search-keys.ts';
import { compare, wildcard } from '../../logs/filter.ts';
import { type Cell, type ExploreDataset, exploreColumn } from './explore-table.ts';
import { SentryApiError } from './request.ts';

export type RowTest<R> = (row: R) => boolean;

export type FilterTerm = Extract<RawTerm, { kind: 'filter' }>;

/** The query's tree (`AND`, `OR`, parentheses, as Sentry's Explore reads them); a query that does not parse is Sentry's 400. */
export function exploreTree(query: string): SearchTree<RawTerm> | null {
  const { tree, errors } = analyzeSearchTree(query);
  if (errors.length > 0)
    throw new SentryApiError(
      400,
      `Invalid query: ${errors.map((error) => mistakeAt(query, error.span, error.message)).join('; ')}`,
    );
  return tree;
}

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A number as a filter writes it; a duration with its unit (`1.5s`), in milliseconds. */
function filterNumber(text: string, duration: boolean): number | null {
  const match = /^(-?\d+(?:\.\d+)?)(ms|s|min|m|h)?$/.exec(text.trim());
  if (!match || (match[2] && !duration)) return null;
  return Number(match[1]) * (match[2] ? (DURATION_MS[match[2]] ?? 1) : 1);
}

const present = (cell: Cell) => cell !== null && cell !== '';

function valueTest<R>(get: (row: R) => Cell, type: string, op: CompareOp | null, value: string): RowTest<R> {
  if (op !== null && op !== '=' && op !== '!=') {
    const wanted = filterNumber(value, type === 'duration');
    if (wanted === null)
      throw new SentryApiError(400, `Invalid query: '${op}' compares numbers, not '${value}'`);
    return (row) => {
      const actual = get(row);
      const n = typeof actual === 'number' ? actual : Number(actual);
      return actual !== null && actual !== '' && Number.isFinite(n) && compare(n, op, wanted);
    };
  }
  const number = type === 'string' ? null : filterNumber(value, type === 'duration');
  const pattern = value.includes('*') ? wildcard(value, true, '') : null;
  const equal: RowTest<R> = (row) => {
    const actual = get(row);
    if (actual === null) return false;
    if (number !== null && typeof actual === 'number') return actual === number;
    return pattern ? pattern.test(String(actual)) : String(actual) === value;
  };
  return op === '!=' ? (row) => !equal(row) : equal;
}

/** A filter term as a test of the dataset's rows. */
export function termTest<R>(dataset: ExploreDataset<R>, term: FilterTerm): RowTest<R> {
  const values = term.values.map((item) => item.text);
  let test: RowTest<R>;
  if (term.key.toLowerCase() === 'has') {
    const gets = values.map((key) => exploreColumn(dataset, key).get);
    test = (row) => gets.some((get) => present(get(row)));
  } else {
    const column = exploreColumn(dataset, term.key);
    const tests = values.map((value) => valueTest(column.get, column.type, term.op, value));
    test = (row) => tests.some((t) => t(row));
  }
  return term.negated ? (row) => !test(row) : test;
}

/** The query as one test, its terms joined as its tree joins them; free text is a substring of `text(row)`. */
export function exploreFilter<R>(
  dataset: ExploreDataset<R>,
  query: string,
  textOf: (row: R) => string | null,
): RowTest<R> {
  return treeTest(exploreTree(query), (term): RowTest<R> => {
    if (term.kind === 'filter') return termTest(dataset, term);
    const pattern = wildcard(term.text, false, 'i');
    return (row) => pattern.test(textOf(row) ?? '');
  });
}

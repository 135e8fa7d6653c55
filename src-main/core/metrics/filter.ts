/**
 * The Metrics page's filter on data points, in Sentry's event search grammar (`AND`, `OR` and
 * parentheses as in Sentry's Explore, `tree.ts`): `key:value` terms on attributes, side by side all
 * of which must hold, each negatable with `!`; a key is also
 * found under Sentry's `sentry.` prefix (`environment:` finds `sentry.environment`), values are
 * equal as text (`*` a wildcard, `[a, b]` a list) or compared (`:>`, `:<=` …) as numbers; `has:KEY`
 * says the point has the attribute; `trace:` (`trace_id:`, `trace.id:`) and `span_id:` match the ids.
 * Free text names nothing a data point has: it is an `invalid_query`, as is any other mistake,
 * each named at its place.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { analyzeSearchTree, treeTerms, treeTest } from '../../../src-shared/issue-search/index.ts';
import type { RawTerm } from '../../../src-shared/issue-search/tokenize.ts';
import type { MetricAttributeValue, MetricRecord } from '../../../src-shared/metrics-api.ts';
import { mistakeAt } from '../issues/queries/search-keys.ts';
import { compare, wildcard } from '../logs/filter.ts';

export type MetricTest = (record: MetricRecord) => boolean;
type Getter = (record: MetricRecord) => MetricAttributeValue | undefined;
type FilterTerm = Extract<RawTerm, { kind: 'filter' }>;

const TRACE_KEYS = new Set(['trace', 'trace_id', 'trace.id']);
const SPAN_KEYS = new Set(['span_id', 'span.id']);

/** The attribute `key`, or Sentry's `sentry.key` when the point has no attribute of that name. */
export function metricAttribute(record: MetricRecord, key: string): MetricAttributeValue | undefined {
  const { attributes } = record;
  if (Object.hasOwn(attributes, key)) return attributes[key];
  const prefixed = `sentry.${key}`;
  return Object.hasOwn(attributes, prefixed) ? attributes[prefixed] : undefined;
}

function getter(key: string): Getter {
  const lower = key.toLowerCase();
  if (TRACE_KEYS.has(lower)) return (record) => record.traceId ?? undefined;
  if (SPAN_KEYS.has(lower)) return (record) => record.spanId ?? undefined;
  return (record) => metricAttribute(record, key);
}

function asNumber(value: MetricAttributeValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function valueTest(get: Getter, term: FilterTerm, item: FilterTerm['values'][number], query: string) {
  const { op } = term;
  if (op !== null && op !== '=' && op !== '!=') {
    const wanted = Number(item.text);
    if (!Number.isFinite(wanted))
      throw new FaultlineError('invalid_query', mistakeAt(query, item.span, `'${op}' compares numbers`));
    return (record: MetricRecord) => {
      const actual = asNumber(get(record));
      return actual !== null && compare(actual, op, wanted);
    };
  }
  const pattern = item.text.includes('*') ? wildcard(item.text, true, '') : null;
  const test = (record: MetricRecord) => {
    const actual = get(record);
    if (actual === undefined || actual === null) return false;
    return pattern ? pattern.test(String(actual)) : String(actual) === item.text;
  };
  return op === '!=' ? (record: MetricRecord) => !test(record) : test;
}

function filterTest(term: FilterTerm, query: string): MetricTest {
  const tests: MetricTest[] =
    term.key.toLowerCase() === 'has'
      ? term.values.map((item) => {
          const get = getter(item.text);
          return (record) => {
            const value = get(record);
            return value !== undefined && value !== null;
          };
        })
      : term.values.map((item) => valueTest(getter(term.key), term, item, query));
  const any: MetricTest = (record) => tests.some((test) => test(record));
  return term.negated ? (record) => !any(record) : any;
}

/** The filter as one test of a data point, its terms joined as its tree joins them. */
export function parseMetricFilter(query: string | undefined): MetricTest {
  const text = query ?? '';
  const { tree, errors } = analyzeSearchTree(text);
  const mistakes = errors.map((error) => mistakeAt(text, error.span, error.message));
  for (const term of treeTerms(tree))
    if (term.kind === 'text')
      mistakes.push(mistakeAt(text, term.span, 'a metric filter is key:value (free text matches nothing)'));
  if (mistakes.length > 0) throw new FaultlineError('invalid_query', mistakes.join('; '));
  return treeTest(
    tree,
    (term): MetricTest => (term.kind === 'filter' ? filterTest(term, text) : () => false),
  );
}

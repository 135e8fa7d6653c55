/**
 * The Logs page's search, in Sentry's event search grammar (`AND`, `OR` and parentheses as in
 * Sentry's Explore, `tree.ts`): free text is a case-insensitive substring of the body (consecutive
 * unquoted words one phrase, as written; `*` a wildcard), and `key:value` filters, each negatable with `!`:
 * - `level:` (alias `severity:`; `warning`/`critical` read as `warn`/`fatal`; a list `[a, b]`
 *   or, as before, `a,b`);
 * - `trace:` (alias `trace_id:`, `trace.id:`) and `span_id:` (alias `span.id:`);
 * - `message:` (alias `body:`): the body, as free text is;
 * - `severity_number:` with comparisons (`:>=13`);
 * - `has:KEY`: the record has that attribute (or trace / span id);
 * - any other key is an attribute, also found under Sentry's `sentry.` prefix, so `environment:`
 *   and `release:` find `sentry.environment` and `sentry.release` as Sentry's Logs explorer does:
 *   equal (`*` a wildcard), or compared (`:>`, `:<=` …) when both sides are numbers.
 * A search that does not scan is an `invalid_query` naming every mistake at its place.
 */

import { FaultlineError } from '../../../src-shared/errors.ts';
import { analyzeSearchTree, treeTest } from '../../../src-shared/issue-search/index.ts';
import type { RawTerm } from '../../../src-shared/issue-search/tokenize.ts';
import type { CompareOp, Span } from '../../../src-shared/issue-search/types.ts';
import type { LogAttributeValue, LogRecord } from '../../../src-shared/logs-api.ts';
import { mistakeAt } from '../issues/queries/search-keys.ts';

type Test = (record: LogRecord) => boolean;

export interface LogFilter {
  /** Every one must hold. */
  tests: Test[];
  since: number | null;
  until: number | null;
  /** Records stamped at or after it are left out (an absolute range's end). */
  before: number | null;
}

function bound(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  return typeof value === 'number' ? value : Date.parse(value);
}

const LEVEL_ALIASES: Record<string, string> = { warning: 'warn', critical: 'fatal' };
const LEVEL_KEYS = new Set(['level', 'severity', 'severity_text']);
const TRACE_KEYS = new Set(['trace', 'trace_id', 'trace.id']);
const SPAN_KEYS = new Set(['span_id', 'span.id']);
const MESSAGE_KEYS = new Set(['message', 'body']);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `*` is any run of characters; anchored or not, and case-insensitive or not. */
export function wildcard(pattern: string, anchored: boolean, flags: string): RegExp {
  const body = pattern.split('*').map(escapeRegExp).join('[\\s\\S]*');
  return new RegExp(anchored ? `^${body}$` : body, flags);
}

/** Free text and `message:`: a case-insensitive substring of the body, `*` a wildcard. */
function bodyContains(text: string): Test {
  if (text.includes('*')) {
    const pattern = wildcard(text, false, 'i');
    return (record) => pattern.test(record.body);
  }
  const wanted = text.toLowerCase();
  return (record) => record.body.toLowerCase().includes(wanted);
}

/** The attribute `key`, or Sentry's `sentry.key` when the record has no attribute of that name. */
function attribute(record: LogRecord, key: string): LogAttributeValue | undefined {
  const { attributes } = record;
  if (Object.hasOwn(attributes, key)) return attributes[key];
  const prefixed = `sentry.${key}`;
  return Object.hasOwn(attributes, prefixed) ? attributes[prefixed] : undefined;
}

export function compare(left: number, op: CompareOp, right: number): boolean {
  switch (op) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '!=':
      return left !== right;
    default:
      return left === right;
  }
}

const asNumber = (value: LogAttributeValue | undefined): number | null => {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** One value of an attribute filter: equal as text (`*` a wildcard), or compared as numbers. */
function valueTest(
  get: (record: LogRecord) => LogAttributeValue | undefined,
  op: CompareOp | null,
  value: string,
  span: Span,
  query: string,
): Test {
  if (op !== null && op !== '=' && op !== '!=') {
    const wanted = Number(value);
    if (!Number.isFinite(wanted))
      throw new FaultlineError('invalid_query', mistakeAt(query, span, `'${op}' compares numbers`));
    return (record) => {
      const actual = asNumber(get(record));
      return actual !== null && compare(actual, op, wanted);
    };
  }
  const equal: (actual: string) => boolean = value.includes('*')
    ? (
        (pattern) => (actual) =>
          pattern.test(actual)
      )(wildcard(value, true, ''))
    : (actual) => actual === value;
  const test: Test = (record) => {
    const actual = get(record);
    return actual !== undefined && actual !== null && equal(String(actual));
  };
  return op === '!=' ? (record) => !test(record) : test;
}

function levelTest(values: string[]): Test {
  const levels = new Set(
    values
      .flatMap((value) => value.toLowerCase().split(','))
      .filter((name) => name !== '')
      .map((name) => LEVEL_ALIASES[name] ?? name),
  );
  return (record) => levels.has(record.level);
}

function hasTest(key: string): Test {
  if (TRACE_KEYS.has(key.toLowerCase())) return (record) => record.traceId !== null;
  if (SPAN_KEYS.has(key.toLowerCase())) return (record) => record.spanId !== null;
  return (record) => {
    const value = attribute(record, key);
    return value !== undefined && value !== null;
  };
}

/** What a key other than `level:`, `message:` and `has:` compares, and how a value is written. */
function field(key: string): {
  get: (record: LogRecord) => LogAttributeValue | undefined;
  normalize: (value: string) => string;
} {
  const same = (value: string) => value;
  const lower = key.toLowerCase();
  if (TRACE_KEYS.has(lower))
    return {
      get: (record) => record.traceId ?? undefined,
      normalize: (value) => value.replaceAll('-', '').toLowerCase(),
    };
  if (SPAN_KEYS.has(lower)) return { get: (record) => record.spanId ?? undefined, normalize: same };
  if (lower === 'severity_number')
    return { get: (record) => record.severityNumber ?? undefined, normalize: same };
  return { get: (record) => attribute(record, key), normalize: same };
}

type FilterTerm = Extract<RawTerm, { kind: 'filter' }>;

const any =
  (tests: Test[]): Test =>
  (record) =>
    tests.some((test) => test(record));

function filterTest(term: FilterTerm, query: string): Test {
  const key = term.key.toLowerCase();
  const values = term.values.map((item) => item.text);
  let test: Test;
  if (key === 'has') test = any(values.map(hasTest));
  else if (LEVEL_KEYS.has(key) && term.op === null) test = levelTest(values);
  else if (MESSAGE_KEYS.has(key) && term.op === null) test = any(values.map(bodyContains));
  else {
    const { get, normalize } = field(term.key);
    test = any(term.values.map((item) => valueTest(get, term.op, normalize(item.text), item.span, query)));
  }
  return term.negated ? (record) => !test(record) : test;
}

/** One term of the search (a filter, or free text) as a test of a record. */
export function logTermTest(term: RawTerm, query: string): Test {
  return term.kind === 'text' ? bodyContains(term.text) : filterTest(term, query);
}

export function parseLogFilter(
  query: string | undefined,
  since?: string | number,
  until?: string | number,
): LogFilter {
  const text = query ?? '';
  const { tree, errors } = analyzeSearchTree(text);
  if (errors.length > 0)
    throw new FaultlineError(
      'invalid_query',
      errors.map((error) => mistakeAt(text, error.span, error.message)).join('; '),
    );
  const tests = tree ? [treeTest(tree, (term) => logTermTest(term, text))] : [];
  return { tests, since: bound(since), until: bound(until), before: null };
}

export function matchesLogFilter(record: LogRecord, filter: LogFilter): boolean {
  if (filter.since !== null && record.timestamp < filter.since) return false;
  if (filter.until !== null && record.timestamp > filter.until) return false;
  if (filter.before !== null && record.timestamp >= filter.before) return false;
  return filter.tests.every((test) => test(record));
}

/**
 * What the app's Discover page offers: the datasets the events endpoint answers with rows, each with
 * its own columns and the functions its field parser accepts. The functions are found by asking that
 * parser (the endpoint's own) which of Sentry's function names it takes, and with which argument,
 * so the page never offers what the endpoint would refuse, and a function or dataset added there
 * shows up here.
 */
import type { DiscoverDataset, DiscoverFunction } from '../../../src-shared/discover-api.ts';
import { servedDatasets } from '../http/sentry-api/discover.ts';
import { discoverField, errorsColumnNames } from '../http/sentry-api/discover-fields.ts';
import { LOGS } from '../http/sentry-api/explore-logs.ts';
import { SPANS } from '../http/sentry-api/explore-spans.ts';
import { tableField } from '../http/sentry-api/explore-table.ts';
import { TRANSACTIONS } from '../http/sentry-api/explore-transactions.ts';

/** Sentry's Discover and Explore function names, the candidates each dataset's parser is asked about. */
const SENTRY_FUNCTIONS = [
  'count',
  'count_unique',
  'count_if',
  'last_seen',
  'first_seen',
  'epm',
  'eps',
  'failure_rate',
  'failure_count',
  'apdex',
  'user_misery',
  'tpm',
  'tps',
  'avg',
  'sum',
  'min',
  'max',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p100',
];

interface Parser {
  columns: string[];
  /** Throws the endpoint's 400 for a field it does not take. */
  parse: (field: string) => void;
}

/** The field parser of each kind of rows the endpoint reads (`servedDatasets`' kinds). */
const PARSERS: Record<string, Parser> = {
  errors: { columns: errorsColumnNames(), parse: (field) => discoverField(field, { periodSeconds: 3600 }) },
  spans: { columns: Object.keys(SPANS.columns), parse: (field) => tableField(SPANS, field, 3600) },
  logs: { columns: Object.keys(LOGS.columns), parse: (field) => tableField(LOGS, field, 3600) },
  transactions: {
    columns: Object.keys(TRANSACTIONS.columns),
    parse: (field) => tableField(TRANSACTIONS, field, 3600),
  },
};

const accepts = (parser: Parser, field: string): boolean => {
  try {
    parser.parse(field);
    return true;
  } catch {
    return false;
  }
};

function functionOf(parser: Parser, name: string): DiscoverFunction | undefined {
  if (accepts(parser, `${name}()`)) return { name, argument: 'none', fields: [] };
  const fields = parser.columns.filter((column) => accepts(parser, `${name}(${column})`));
  if (fields.length > 0) return { name, argument: 'field', fields };
  const [first] = parser.columns;
  if (first && accepts(parser, `${name}(${first},equals,x)`))
    return { name, argument: 'condition', fields: [] };
  return undefined;
}

let cached: DiscoverDataset[] | undefined;

/** The datasets, a dataset's other names folded into the one named after its kind. */
export function discoverDatasets(): DiscoverDataset[] {
  if (cached) return cached;
  const byKind = new Map<string, string[]>();
  for (const { name, kind } of servedDatasets()) byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
  cached = [...byKind].map(([kind, names]) => {
    const name = names.includes(kind) ? kind : (names[0] ?? kind);
    const parser = PARSERS[kind];
    return {
      name,
      aliases: names.filter((other) => other !== name),
      columns: parser?.columns ?? [],
      functions: parser
        ? SENTRY_FUNCTIONS.flatMap((fn) => {
            const found = functionOf(parser, fn);
            return found ? [found] : [];
          })
        : [],
    };
  });
  return cached;
}

/**
 * The events endpoint on Sentry's Explore datasets: `spans`, and `logs` (Sentry's `ourlogs`, also
 * named `logs`), as Sentry's MCP server (`search_events`) and Explore ask them; and, the same way,
 * `transactions` (and `metricsEnhanced`, Sentry's metrics-first reading of them) for Performance's
 * queries. The rows are read from the stores (`explore-spans.ts`, `explore-logs.ts`,
 * `explore-transactions.ts`), filtered by `query` and made a table by `explore-table.ts`. Faultline reads a bounded number of each project's newest items: the meta's
 * `faultlinePartial` is true when older ones were left unread.
 */
import type { CoreContext } from '../../context.ts';
import { nameOf } from '../../performance/transactions.ts';
import { assertSortable, equationAliases, exploreEquationField } from './discover-equations.ts';
import { tableMeta } from './discover-fields.ts';
import { LOGS, readLogs } from './explore-logs.ts';
import { exploreFilter } from './explore-search.ts';
import { readSpans, SPANS } from './explore-spans.ts';
import {
  type ExploreDataset,
  type TableField,
  type TableSort,
  tableField,
  tableRows,
} from './explore-table.ts';
import { readTransactions, TRANSACTIONS, transactionFieldNames } from './explore-transactions.ts';
import { streamProjects } from './issues.ts';
import { linkHeader, pageOf } from './pagination.ts';
import { type ApiReply, ok, SentryApiError } from './request.ts';
import type { TimeRange } from './time-range.ts';

export const EXPLORE_DATASETS: Record<string, 'spans' | 'logs' | 'transactions'> = {
  spans: 'spans',
  logs: 'logs',
  ourlogs: 'logs',
  transactions: 'transactions',
  metricsEnhanced: 'transactions',
};

export function sortsOf<R>(query: URLSearchParams, fields: TableField<R>[]): TableSort[] {
  const sorts = query.getAll('sort').length > 0 ? query.getAll('sort') : query.getAll('orderby');
  const asked = sorts
    .filter((sort) => sort !== '')
    .map((sort) => {
      const bare = sort.replace(/^-/, '');
      assertSortable(bare);
      const field = fields.find((f) => f.name === bare || f.alias === bare);
      if (!field) throw new SentryApiError(400, 'Cannot sort by a field that is not selected.');
      return { field: field.name, descending: sort.startsWith('-') };
    });
  if (asked.length > 0) return asked;
  // Unsorted, newest first when the time is selected.
  return fields.some((f) => f.name === 'timestamp') ? [{ field: 'timestamp', descending: true }] : [];
}

/**
 * An Explore dataset's rows for a request, read only when asked (a request Sentry refuses is refused
 * before anything is read): the dataset's columns, the names of the requested fields as the dataset
 * reads them, and its rows matching the request's `query`.
 */
export interface ExploreSource<R> {
  dataset: ExploreDataset<R>;
  fieldNames: (names: string[]) => string[];
  read: () => { rows: R[]; partial: boolean };
}

/** What is done with a source whatever its rows are (the table, the time series). */
export interface ExploreVisitor<T> {
  visit<R>(source: ExploreSource<R>): T;
}

/** The source of an Explore dataset (`EXPLORE_DATASETS`) over the request's projects, range and search. */
export function withExploreSource<T>(
  ctx: CoreContext,
  query: URLSearchParams,
  datasetName: string,
  range: TimeRange,
  visitor: ExploreVisitor<T>,
): T {
  const projects = streamProjects(ctx, query);
  const search = query.get('query') ?? '';
  const kind = EXPLORE_DATASETS[datasetName];
  if (kind === 'logs')
    return visitor.visit({
      dataset: LOGS,
      fieldNames: (names) => names,
      read: () => readLogs(ctx.db, projects, range, search),
    });
  if (kind === 'transactions')
    return visitor.visit({
      dataset: TRANSACTIONS,
      fieldNames: transactionFieldNames,
      read: () => {
        // Free text is the transaction's name (Sentry's `message` of a transaction).
        const test = exploreFilter(TRANSACTIONS, search, nameOf);
        const read = readTransactions(ctx.db, projects, range);
        return { ...read, rows: read.rows.filter(test) };
      },
    });
  return visitor.visit({
    dataset: SPANS,
    fieldNames: (names) => names,
    read: () => {
      const test = exploreFilter(SPANS, search, (row) => row.span.name);
      const read = readSpans(ctx.db, projects, range);
      return { ...read, rows: read.rows.filter(test) };
    },
  });
}

/**
 * The table's fields of a source: its columns and functions, and equations over them (for a chart's
 * `yAxis`, `axes`: only equations of functions, which need not be selected).
 */
export function exploreFields<R>(
  source: ExploreSource<R>,
  names: string[],
  periodSeconds: number,
  axes = false,
): TableField<R>[] {
  const aliases = equationAliases(names);
  return names.map((name) => {
    const alias = aliases.get(name);
    return alias
      ? exploreEquationField(source.dataset, name, {
          selected: axes ? undefined : names,
          alias,
          options: { aggregatesOnly: axes },
          periodSeconds,
          fieldNames: source.fieldNames,
        })
      : tableField(source.dataset, name, periodSeconds);
  });
}

export function exploreEvents(
  ctx: CoreContext,
  request: { query: URLSearchParams; url: URL },
  datasetName: string,
  names: string[],
  range: TimeRange,
): ApiReply {
  return withExploreSource(ctx, request.query, datasetName, range, {
    visit: (source) => {
      // The request is refused before anything is read when Sentry would refuse it.
      const periodSeconds = Math.max(1, (range.end - range.start) / 1000);
      const fields = exploreFields(source, source.fieldNames(names), periodSeconds);
      const sorts = sortsOf(request.query, fields);
      const page = pageOf(request.query, 100, 100);
      const { rows, partial } = source.read();
      const table = tableRows(rows, fields, sorts);
      const data = table.slice(page.offset, page.offset + page.limit);
      const meta = { ...tableMeta(fields, datasetName), faultlinePartial: partial };
      return ok(
        { data, meta },
        { link: linkHeader(request.url, page, table.length > page.offset + page.limit) },
      );
    },
  });
}

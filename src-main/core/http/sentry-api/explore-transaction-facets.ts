/**
 * `get_facets` of the `transactions` dataset (and `metricsEnhanced`), counted over the rows the events
 * endpoint reads for it (`readTransactions`, filtered by the search as its table is): each
 * transaction's tags — the event's own, or a streamed segment's — with the `environment`, `release`
 * and `transaction` Sentry keeps as tags of every transaction.
 */

import type { CoreContext } from '../../context.ts';
import { nameOf } from '../../performance/transactions.ts';
import { obj, text } from '../../store/item-json.ts';
import { exploreFilter } from './explore-search.ts';
import { readTransactions, TRANSACTIONS, type TransactionRow } from './explore-transactions.ts';
import { type FacetPage, type FacetRow, keyWindow, orderFacetRows, TOP_VALUES } from './facet-rows.ts';
import { streamProjects } from './issues.ts';
import type { TimeRange } from './time-range.ts';

function scalar(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return text(value);
}

/** A row's tags as (key, value) pairs, each key once. */
function tagsOf(row: TransactionRow): Map<string, string> {
  const tags = new Map<string, string>();
  const own = row.item ? row.item.tags : row.root.tags;
  if (Array.isArray(own)) {
    for (const pair of own)
      if (Array.isArray(pair) && typeof pair[0] === 'string') {
        const value = scalar(pair[1]);
        if (value !== null) tags.set(pair[0], value);
      }
  } else
    for (const [key, value] of Object.entries(obj(own) ?? {})) {
      const found = scalar(value);
      if (found !== null) tags.set(key, found);
    }
  for (const key of ['environment', 'release'] as const) {
    const value = TRANSACTIONS.columns[key]?.get(row);
    if (typeof value === 'string' && value !== '' && !tags.has(key)) tags.set(key, value);
  }
  if (!tags.has('transaction')) tags.set('transaction', nameOf(row));
  return tags;
}

const byCountThenKey = <K extends string | number>(a: [K, number], b: [K, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export async function transactionFacetRows(
  ctx: CoreContext,
  query: URLSearchParams,
  range: TimeRange,
  page: FacetPage,
): Promise<FacetRow[]> {
  const test = exploreFilter(TRANSACTIONS, query.get('query') ?? '', nameOf);
  const rows = readTransactions(ctx.db, streamProjects(ctx, query), range).rows.filter(test);
  const values = new Map<string, Map<string, number>>();
  const keyCounts = new Map<string, number>();
  const projectCounts = new Map<number, number>();
  for (const row of rows) {
    projectCounts.set(row.root.projectId, (projectCounts.get(row.root.projectId) ?? 0) + 1);
    for (const [key, value] of tagsOf(row)) {
      keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
      const counts = values.get(key) ?? new Map<string, number>();
      counts.set(value, (counts.get(value) ?? 0) + 1);
      values.set(key, counts);
    }
  }
  const window = keyWindow(page);
  const keys = [...keyCounts]
    .sort(byCountThenKey)
    .slice(window.offset, window.offset + window.limit)
    .map(([key]) => key);
  if (keys.length === 0) return [];
  if (window.projects && keys.length === window.limit) keys.pop();
  const projects: FacetRow[] = window.projects
    ? [...projectCounts].sort(byCountThenKey).map(([id, count]) => ({ key: 'project', value: id, count }))
    : [];
  const tags = keys.flatMap((key) =>
    [...(values.get(key) ?? [])]
      .sort(byCountThenKey)
      .slice(0, TOP_VALUES)
      .map(([value, count]) => ({ key, value, count })),
  );
  return orderFacetRows(projects, tags, keys);
}

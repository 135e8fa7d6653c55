/**
 * The URL state of a sortable Insights or Performance list: the project, the search, the period, the
 * column the table sorts by and — for a table that sorts both ways — its direction, each read with the
 * page's default. `next` writes them back in that order (project, query, sort, order, period), so the
 * page's own parameters follow and its links stay as they were.
 */
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { useRoute } from '../../app/router.ts';
import { periodOf } from '../issues/RangePicker.tsx';
import type { SortOrder } from './SortHeader.tsx';

/** What a list's controls change: the project, the search, the period, the sorted column and direction. */
export interface ListChange<Sort extends string> {
  project?: number;
  query?: string;
  sort?: Sort;
  order?: SortOrder;
  period?: StatsPeriod;
}

export interface ListParams<Sort extends string> {
  params: URLSearchParams;
  projectId: number;
  query: string;
  period: StatsPeriod;
  sort: Sort;
  /** The direction, for a table that sorts both ways; undefined for one that sorts descending only. */
  order: SortOrder | undefined;
  /** The list's part of the next URL, after `change`. */
  next: (change: ListChange<Sort>) => Record<string, string>;
}

interface ListDefaults<Sort extends string> {
  /** The columns the table sorts by. */
  sorts: readonly Sort[];
  sort: Sort;
  period: StatsPeriod;
  /** The direction, for a table that sorts both ways. */
  order?: SortOrder;
}

export function useListParams<Sort extends string>(
  defaults: ListDefaults<Sort> & { order: SortOrder },
): ListParams<Sort> & { order: SortOrder };
export function useListParams<Sort extends string>(defaults: ListDefaults<Sort>): ListParams<Sort>;
export function useListParams<Sort extends string>(defaults: ListDefaults<Sort>): ListParams<Sort> {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const period = periodOf(params.get('period'), defaults.period);
  const sort = defaults.sorts.find((id) => id === params.get('sort')) ?? defaults.sort;
  const order = defaults.order && orderOf(params.get('order'), defaults.order);
  const next = (change: ListChange<Sort>) => {
    const url: Record<string, string> = {
      project: String(change.project ?? projectId),
      query: change.query ?? query,
      sort: change.sort ?? sort,
    };
    if (order !== undefined) url.order = change.order ?? order;
    url.period = change.period ?? period;
    return url;
  };
  return { params, projectId, query, period, sort, order, next };
}

/** The URL's direction: the other one when it says so, else the table's default. */
function orderOf(value: string | null, fallback: SortOrder): SortOrder {
  const other: SortOrder = fallback === 'asc' ? 'desc' : 'asc';
  return value === other ? other : fallback;
}

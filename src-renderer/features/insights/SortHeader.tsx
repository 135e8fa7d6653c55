/**
 * A sortable column's header of the Insights and Performance tables: its label as a button that sorts
 * by it, marked with its direction and `aria-sort` while it is the table's order. A table that sorts
 * both ways (given `order`) turns its current column's direction over on a click, as Sentry's tables
 * do, and sorts another column largest first; one without `order` sorts descending only.
 */
export type SortOrder = 'desc' | 'asc';

export function SortHeader<Sort extends string>({
  id,
  label,
  title,
  sort,
  order,
  onSort,
}: {
  id: Sort;
  label: string;
  /** What the column means, on hover. */
  title?: string | undefined;
  sort: Sort;
  /** The table's direction, when it sorts both ways. */
  order?: SortOrder | undefined;
  onSort: (sort: Sort, order: SortOrder) => void;
}) {
  const current = sort === id;
  const shown = order ?? 'desc';
  const next: SortOrder = order !== undefined && current && order === 'desc' ? 'asc' : 'desc';
  return (
    <th className="num" aria-sort={current ? (shown === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-header" onClick={() => onSort(id, next)} title={title}>
        {label}
        {current ? (shown === 'asc' ? ' ↑' : ' ↓') : ''}
      </button>
    </th>
  );
}

/** The sortable headers of a table, `ids` in order, each labelled by `labels` and titled by `titles`. */
export function SortHeaders<Sort extends string>({
  ids,
  labels,
  titles = {},
  sort,
  order,
  onSort,
}: {
  ids: readonly Sort[];
  labels: Record<Sort, string>;
  titles?: Partial<Record<Sort, string>>;
  sort: Sort;
  order?: SortOrder | undefined;
  onSort: (sort: Sort, order: SortOrder) => void;
}) {
  return ids.map((id) => (
    <SortHeader
      key={id}
      id={id}
      label={labels[id]}
      title={titles[id]}
      sort={sort}
      order={order}
      onSort={onSort}
    />
  ));
}

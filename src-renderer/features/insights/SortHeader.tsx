/**
 * A sortable column's header of the Insights and Performance tables: its label as a button that
 * sorts by it, descending, marked ↓ and `aria-sort` while it is the table's order.
 */
export function SortHeader<Sort extends string>({
  id,
  label,
  title,
  sort,
  onSort,
}: {
  id: Sort;
  label: string;
  /** What the column means, on hover. */
  title?: string | undefined;
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  return (
    <th className="num" aria-sort={sort === id ? 'descending' : 'none'}>
      <button type="button" className="sort-header" onClick={() => onSort(id)} title={title}>
        {label}
        {sort === id ? ' ↓' : ''}
      </button>
    </th>
  );
}

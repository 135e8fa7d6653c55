/**
 * A sortable column's header of the Insights tables (Queries, Requests): its label as a button that
 * sorts by it, descending, marked ↓ and `aria-sort` while it is the table's order.
 */
export function SortHeader<Sort extends string>({
  id,
  label,
  sort,
  onSort,
}: {
  id: Sort;
  label: string;
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  return (
    <th className="num" aria-sort={sort === id ? 'descending' : 'none'}>
      <button type="button" className="sort-header" onClick={() => onSort(id)}>
        {label}
        {sort === id ? ' ↓' : ''}
      </button>
    </th>
  );
}

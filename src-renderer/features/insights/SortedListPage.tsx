/**
 * The layout of a sortable Insights or Performance list page: the title over the project picker, the
 * search and the period; what the page shows above its table (charts, an overview); the table, its
 * fixed header cells then its sortable ones, each row named by a button that opens it onto its panel
 * (a second click closes it); the note that older items were not read; then `children` (notes, the
 * open row's panel). The page says what it shows; this draws it.
 */
import type { ReactNode } from 'react';
import { ListHeader, type ListRead, ListTable } from '../../app/ListPage.tsx';
import { PeriodPicker } from '../issues/RangePicker.tsx';
import type { ListChange, ListParams } from './list-params.ts';
import { SortHeaders } from './SortHeader.tsx';
import { type Column, HeaderCells, OpenRow } from './table-parts.tsx';

/** How the table draws a row: `id` is what opens it (its URL parameter), `name` its first cell. */
export interface ListRow<Row> {
  id: (row: Row) => string | null;
  name: (row: Row) => string;
  /** The row's other cells, in the order of the header's. */
  cells: (row: Row) => ReactNode;
}

export function SortedListPage<Row, Sort extends string>({
  title,
  list,
  onChange,
  onProject,
  search,
  overview,
  read,
  rows,
  empty,
  noMatch,
  label,
  testId,
  columns,
  sorts,
  row,
  open,
  onOpen,
  partial,
  children,
}: {
  title: string;
  list: ListParams<Sort>;
  onChange: (change: ListChange<Sort>) => void;
  /** Another project: the page closes its panel too. */
  onProject: (project: number) => void;
  search: { label: string; placeholder: string };
  /** What stands between the toolbar and the table. */
  overview?: ReactNode;
  read: ListRead;
  rows: readonly Row[];
  /** The page's note when it has nothing to show. */
  empty: ReactNode;
  /** The words for a search that found nothing. */
  noMatch: string;
  label: string;
  testId: string;
  /** The headers before the sortable ones. */
  columns: readonly Column[];
  sorts: { ids: readonly Sort[]; labels: Record<Sort, string>; titles?: Partial<Record<Sort, string>> };
  row: ListRow<Row>;
  /** The open row's id. */
  open: string | null;
  onOpen: (id: string | null) => void;
  partial?: { testId: string; text: ReactNode };
  children?: ReactNode;
}) {
  return (
    <section>
      <ListHeader
        title={title}
        projectId={list.projectId}
        onProject={onProject}
        search={{ ...search, value: list.query, onSubmit: (query) => onChange({ query }) }}
      >
        <PeriodPicker period={list.period} onPeriod={(period) => onChange({ period })} />
      </ListHeader>
      {overview}
      <ListTable
        read={read}
        rows={rows}
        searched={list.query !== ''}
        empty={empty}
        noMatch={noMatch}
        className="traces-table queries-table"
        label={label}
        testId={testId}
        head={
          <>
            <HeaderCells columns={columns} />
            <SortHeaders
              ids={sorts.ids}
              labels={sorts.labels}
              titles={sorts.titles}
              sort={list.sort}
              order={list.order}
              onSort={(sort, order) => onChange({ sort, order })}
            />
          </>
        }
        row={(item) => {
          const id = row.id(item);
          // A row without an id (Caches' unnamed transaction) is never the open one.
          const selected = open !== null && id === open;
          return (
            <OpenRow
              key={id ?? ''}
              text={row.name(item)}
              selected={selected}
              onOpen={() => onOpen(selected ? null : id)}
            >
              {row.cells(item)}
            </OpenRow>
          );
        }}
        {...(partial ? { partial } : {})}
      />
      {children}
    </section>
  );
}

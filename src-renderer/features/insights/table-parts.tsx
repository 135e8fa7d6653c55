/**
 * Parts the Insights and Performance pages share: a row that opens onto a panel, its first cell that
 * opens it (the whole row opens it too, on click), a panel's table whose rows narrow its samples, a
 * panel's plain table and the link from a sample to its trace, and the figures above a panel as a list of
 * labels and values.
 */
import type { ReactNode } from 'react';
import { hrefFor } from '../../app/router.ts';

/** A column's header: its name, or `{ num: name }` for a column of figures (aligned right). */
export type Column = string | { num: string };

/** The header cells of `columns`, in order. */
export function HeaderCells({ columns }: { columns: readonly Column[] }) {
  return columns.map((column) =>
    typeof column === 'string' ? (
      <th key={column}>{column}</th>
    ) : (
      <th key={column.num} className="num">
        {column.num}
      </th>
    ),
  );
}

/** A panel's table: `columns` over `children`, its rows. */
export function PanelTable({
  label,
  className = 'traces-table',
  columns,
  children,
}: {
  label: string;
  className?: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          <HeaderCells columns={columns} />
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Where a sample span opens: its trace, scrolled to its transaction when the sample names it. */
export function traceHref(
  projectId: number,
  sample: { traceId: string; transactionSpanId?: string | null | undefined },
): string {
  return hrefFor('traces', [sample.traceId], {
    project: String(projectId),
    ...(sample.transactionSpanId ? { span: sample.transactionSpanId } : {}),
  });
}

/** A sample's cell naming its transaction (or, with none, its trace), linking to its trace. */
export function TraceCell({
  projectId,
  sample,
}: {
  projectId: number;
  sample: { traceId: string; transactionSpanId?: string | null | undefined; transaction: string | null };
}) {
  return (
    <td>
      <a href={traceHref(projectId, sample)}>{sample.transaction ?? sample.traceId}</a>
    </td>
  );
}

/**
 * A panel's table of the transactions behind it, each of whose first cell narrows the panel's samples
 * to it (pressed while it does; a second press widens them again); a row without a transaction's name
 * cannot narrow and says `unnamed`.
 */
export function NarrowTable<Row extends { transaction: string | null }>({
  label,
  columns,
  rows,
  unnamed,
  rowKey,
  selected,
  onPress,
  cells,
}: {
  label: string;
  columns: readonly Column[];
  rows: readonly Row[];
  unnamed: string;
  rowKey: (row: Row, name: string) => string;
  selected: (row: Row) => boolean;
  /** A press on a row, `selected` when it narrows the samples now. */
  onPress: (row: Row, selected: boolean) => void;
  /** The row's other cells. */
  cells: (row: Row) => ReactNode;
}) {
  return (
    <PanelTable label={label} className="traces-table queries-table" columns={columns}>
      {rows.map((row) => {
        const name = row.transaction ?? unnamed;
        const pressed = selected(row);
        return (
          <tr key={rowKey(row, name)} className="trace-list-row" aria-selected={pressed}>
            <td className="query-description" title={name}>
              <button
                type="button"
                className="query-open"
                aria-pressed={pressed}
                disabled={row.transaction === null}
                onClick={() => onPress(row, pressed)}
              >
                {name}
              </button>
            </td>
            {cells(row)}
          </tr>
        );
      })}
    </PanelTable>
  );
}

/** NarrowTable's choice when a row narrows the samples to its transaction's name. */
export function narrowByTransaction(
  transaction: string | null,
  onTransaction: (transaction: string | null) => void,
) {
  return {
    selected: (row: { transaction: string | null }) =>
      row.transaction !== null && row.transaction === transaction,
    onPress: (row: { transaction: string | null }, selected: boolean) =>
      onTransaction(selected ? null : row.transaction),
  };
}

/** A row named by `text` that opens (or, `selected`, closes) its panel; `children`: its other cells. */
export function OpenRow({
  text,
  selected,
  onOpen,
  children,
}: {
  text: string;
  selected: boolean;
  onOpen: () => void;
  children: ReactNode;
}) {
  return (
    <tr className="trace-list-row" aria-selected={selected} onClick={onOpen}>
      <OpenCell text={text} onOpen={onOpen} />
      {children}
    </tr>
  );
}

/** The cell naming a row, as a button that opens it (without the row's own click running again). */
export function OpenCell({ text, onOpen }: { text: string; onOpen: () => void }) {
  return (
    <td className="query-description" title={text}>
      <button
        type="button"
        className="query-open"
        onClick={(event) => {
          event.stopPropagation();
          onOpen();
        }}
      >
        {text}
      </button>
    </td>
  );
}

/** A panel's figures, `[label, value]` in order. */
export function FigureList({ label, figures }: { label: string; figures: ReadonlyArray<[string, string]> }) {
  return (
    <dl className="request-figures" aria-label={label}>
      {figures.map(([name, value]) => (
        <div key={name}>
          <dt className="muted">{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

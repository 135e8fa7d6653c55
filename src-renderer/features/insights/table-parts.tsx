/**
 * Parts the Insights and Performance pages share: a row that opens onto a panel, its first cell that
 * opens it (the whole row opens it too, on click), and the figures above a panel as a list of labels
 * and values.
 */
import type { ReactNode } from 'react';

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

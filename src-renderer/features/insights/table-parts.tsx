/**
 * Parts the Insights and Performance pages share: a row's first cell that opens the row (the whole
 * row opens it too, on click), and the figures above a panel as a list of labels and values.
 */

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

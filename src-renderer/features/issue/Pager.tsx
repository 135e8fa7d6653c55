/**
 * The pager under an issue tab's list: "first–last of total" and the two page buttons, named as
 * Sentry names them there (Newer/Older for things in time order, Previous/Next otherwise).
 */
export function Pager({
  offset,
  shown,
  total,
  pageSize,
  onPage,
  noun,
  empty,
  labels = ['Newer', 'Older'],
}: {
  offset: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  pageSize: number;
  onPage: (offset: number) => void;
  /** What is counted, singular and plural, after the total ("of 2 values"). */
  noun?: [string, string];
  /** The text when there is nothing at all. */
  empty?: string;
  labels?: [string, string];
}) {
  const range =
    total === 0 && empty !== undefined
      ? empty
      : `${offset + 1}–${offset + shown} of ${total}${noun ? ` ${total === 1 ? noun[0] : noun[1]}` : ''}`;
  return (
    <div className="pager">
      <span className="muted">{range}</span>
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - pageSize))}>
        {labels[0]}
      </button>
      <button type="button" disabled={offset + shown >= total} onClick={() => onPage(offset + pageSize)}>
        {labels[1]}
      </button>
    </div>
  );
}

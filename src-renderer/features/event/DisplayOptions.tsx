/** The display options of a stack trace section, as Sentry's: Newest / Oldest first, and Raw. */
export function DisplayOptions({
  newestFirst,
  onNewestFirst,
  raw,
  onRaw,
}: {
  newestFirst: boolean;
  onNewestFirst: (value: boolean) => void;
  raw: boolean;
  onRaw: (value: boolean) => void;
}) {
  return (
    <div className="display-options">
      <fieldset className="trace-toggle" aria-label="Sort">
        <button type="button" aria-pressed={newestFirst} onClick={() => onNewestFirst(true)}>
          Newest first
        </button>
        <button type="button" aria-pressed={!newestFirst} onClick={() => onNewestFirst(false)}>
          Oldest first
        </button>
      </fieldset>
      <button type="button" className="raw-toggle" aria-pressed={raw} onClick={() => onRaw(!raw)}>
        Raw
      </button>
    </div>
  );
}

/**
 * A page's search box: edits stay local until Enter submits them, and a search changed from
 * elsewhere (the URL, a clicked value) replaces what is typed.
 */
import { useEffect, useState } from 'react';

export function PageSearch({
  label,
  value,
  placeholder,
  className,
  onSubmit,
}: {
  label: string;
  value: string;
  placeholder: string;
  className: string;
  onSubmit: (query: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(draft);
      }}
    >
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        onChange={(event) => setDraft(event.currentTarget.value)}
      />
    </form>
  );
}

/** The issue search box: checks the syntax while typing and marks where an error is. */
import { useEffect, useState } from 'react';
import { tryParseIssueSearch } from '../../../src-shared/issue-search/index.ts';

export function SearchBox({
  value,
  onSubmit,
  placeholder = 'is:unresolved level:error release:1.0 TypeError',
  label = 'Search issues',
}: {
  value: string;
  onSubmit: (query: string) => void;
  placeholder?: string;
  label?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const parsed = tryParseIssueSearch(text);
  return (
    <form
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed.ok) onSubmit(text.trim());
      }}
    >
      <input
        type="search"
        aria-label={label}
        aria-invalid={!parsed.ok}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      {!parsed.ok && (
        <p className="search-error" role="alert" data-testid="search-error">
          {parsed.error.message}:{' '}
          <code>
            {text.slice(0, parsed.error.span.start)}
            <mark>{text.slice(parsed.error.span.start, parsed.error.span.end) || ' '}</mark>
            {text.slice(parsed.error.span.end)}
          </code>
        </p>
      )}
    </form>
  );
}

/** The issue search box: checks the syntax while typing and marks where every error is. */
import { type ReactNode, useEffect, useState } from 'react';
import { type IssueSearchError, tryParseIssueSearch } from '../../../src-shared/issue-search/index.ts';

/** The text with each error's span marked (spans are in text order and do not overlap). */
function MarkedText({ text, errors }: { text: string; errors: readonly IssueSearchError[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [index, { span }] of errors.entries()) {
    if (span.start < at) continue;
    parts.push(text.slice(at, span.start));
    parts.push(<mark key={index}>{text.slice(span.start, span.end) || ' '}</mark>);
    at = span.end;
  }
  parts.push(text.slice(at));
  return <code>{parts}</code>;
}

function SearchErrors({ text, errors }: { text: string; errors: readonly IssueSearchError[] }) {
  if (errors.length === 1 && errors[0])
    return (
      <p className="search-error" role="alert" data-testid="search-error">
        {errors[0].message}: <MarkedText text={text} errors={errors} />
      </p>
    );
  return (
    <div className="search-error" role="alert" data-testid="search-error">
      {errors.length} problems: <MarkedText text={text} errors={errors} />
      <ul>
        {errors.map((error) => (
          <li key={`${error.span.start}-${error.message}`} data-testid="search-error-item">
            <code>{text.slice(error.span.start, error.span.end) || '(end)'}</code> {error.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

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
      {!parsed.ok && <SearchErrors text={text} errors={parsed.errors} />}
    </form>
  );
}

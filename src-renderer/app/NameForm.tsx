/**
 * A name asked for inline (saving or renaming a saved query or view): the input, focused as it
 * opens, and its button; Escape or Cancel closes it, and a blank name cannot be sent.
 */
import { useState } from 'react';

export function NameForm({
  label,
  initial,
  action,
  maxLength,
  className,
  onSubmit,
  onCancel,
}: {
  label: string;
  initial: string;
  action: string;
  maxLength: number;
  className: string;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  return (
    <form
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() !== '') onSubmit(name.trim());
      }}
    >
      <input
        aria-label={label}
        value={name}
        maxLength={maxLength}
        // biome-ignore lint/a11y/noAutofocus: the form opens on the user's click to take a name.
        autoFocus
        onChange={(event) => setName(event.currentTarget.value)}
        onKeyDown={(event) => event.key === 'Escape' && onCancel()}
      />
      <button type="submit" disabled={name.trim() === ''}>
        {action}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

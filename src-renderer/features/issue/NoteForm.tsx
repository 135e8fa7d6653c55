/**
 * Sentry's note input: write a comment (markdown, shown as written), post it with the button or
 * Ctrl/⌘+Enter; editing an existing note offers Save Comment and Cancel.
 */
import { useState } from 'react';
import { MAX_NOTE_LENGTH } from '../../../src-shared/activity-api.ts';
import type { FaultlineError } from '../../../src-shared/errors.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';

export interface NoteFormProps {
  initialText?: string;
  /** Set when editing: the form then offers Save Comment and Cancel. */
  onCancel?: () => void;
  /** Resolves once stored; the form empties (a new note) or closes (an edit). */
  onSubmit: (text: string) => Promise<unknown>;
  busy: boolean;
  error: FaultlineError | null;
}

export function NoteForm({ initialText = '', onCancel, onSubmit, busy, error }: NoteFormProps) {
  const [text, setText] = useState(initialText);
  const editing = onCancel !== undefined;
  const canSubmit = text.trim() !== '' && !busy;
  const submit = () => {
    if (!canSubmit) return;
    onSubmit(text).then(
      () => {
        if (!editing) setText('');
      },
      () => {},
    );
  };
  return (
    <form
      className="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        aria-label={editing ? 'Edit comment' : 'Add a comment'}
        placeholder="Add details or updates to this issue (markdown is kept as written)"
        value={text}
        maxLength={MAX_NOTE_LENGTH}
        rows={editing ? 3 : 4}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <div className="note-form-footer">
        {error ? <ErrorNote error={error} /> : <span className="muted">Ctrl+Enter posts</span>}
        <span className="note-form-buttons">
          {editing && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" disabled={!canSubmit}>
            {editing ? 'Save Comment' : 'Post Comment'}
          </button>
        </span>
      </div>
    </form>
  );
}

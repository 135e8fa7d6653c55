/**
 * Discover's column editor: the query's columns in order, each a field or a function with its
 * argument, added, removed and moved; "Apply" makes them the query. The dataset's columns and
 * functions are the core's (`discover.datasets`); any other name can be typed (a tag), and what the
 * core does not take comes back as its error.
 */
import { useEffect, useState } from 'react';
import {
  type ColumnParts,
  columnField,
  columnParts,
  type DiscoverDataset,
} from '../../../src-shared/discover-api.ts';

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
};

function ColumnRow({
  index,
  count,
  parts,
  dataset,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  parts: ColumnParts;
  dataset: DiscoverDataset | undefined;
  onChange: (parts: ColumnParts) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const fn = dataset?.functions.find((f) => f.name === parts.fn);
  const known = parts.fn === '' || fn !== undefined;
  const suggestions = parts.fn === '' ? (dataset?.columns ?? []) : (fn?.fields ?? dataset?.columns ?? []);
  const listId = `discover-column-${index}-options`;
  const needsArgument = parts.fn === '' || fn?.argument !== 'none';
  const n = index + 1;
  return (
    <li className="discover-column" data-testid="discover-column">
      <select
        aria-label={`Column ${n} kind`}
        value={parts.fn}
        onChange={(e) => {
          const next = e.currentTarget.value;
          const nextFn = dataset?.functions.find((f) => f.name === next);
          onChange({ fn: next, argument: nextFn?.argument === 'none' ? '' : parts.argument });
        }}
      >
        <option value="">field</option>
        {!known && <option value={parts.fn}>{parts.fn}()</option>}
        {dataset?.functions.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name}()
          </option>
        ))}
      </select>
      {needsArgument && (
        <>
          <input
            aria-label={`Column ${n} ${parts.fn === '' ? 'field' : 'argument'}`}
            list={listId}
            value={parts.argument}
            placeholder={fn?.argument === 'condition' ? 'field,equals,value' : 'field or tag'}
            onChange={(e) => onChange({ ...parts, argument: e.currentTarget.value })}
          />
          <datalist id={listId}>
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </>
      )}
      <button
        type="button"
        aria-label={`Move column ${n} up`}
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label={`Move column ${n} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
      <button type="button" aria-label={`Remove column ${n}`} disabled={count === 1} onClick={onRemove}>
        ✕
      </button>
    </li>
  );
}

export function ColumnEditor({
  fields,
  dataset,
  onApply,
}: {
  fields: readonly string[];
  dataset: DiscoverDataset | undefined;
  onApply: (fields: string[]) => void;
}) {
  const [draft, setDraft] = useState<ColumnParts[]>(() => fields.map(columnParts));
  // A query changed elsewhere (the URL, Back) replaces the columns being edited.
  const key = fields.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the fields' contents.
  useEffect(() => setDraft(fields.map(columnParts)), [key]);
  const result = draft.map(columnField).filter((field) => field !== '');
  const unchanged = result.join('\n') === key;
  return (
    <form
      className="discover-columns"
      aria-label="Columns"
      onSubmit={(e) => {
        e.preventDefault();
        if (result.length > 0) onApply(result);
      }}
    >
      <ol>
        {draft.map((parts, index) => (
          <ColumnRow
            // biome-ignore lint/suspicious/noArrayIndexKey: a column is its place in the list.
            key={index}
            index={index}
            count={draft.length}
            parts={parts}
            dataset={dataset}
            onChange={(next) => setDraft(draft.map((p, i) => (i === index ? next : p)))}
            onMove={(to) => setDraft(move(draft, index, to))}
            onRemove={() => setDraft(draft.filter((_, i) => i !== index))}
          />
        ))}
      </ol>
      <button type="button" onClick={() => setDraft([...draft, { fn: '', argument: '' }])}>
        Add column
      </button>
      <button type="submit" disabled={unchanged || result.length === 0}>
        Apply columns
      </button>
    </form>
  );
}

/**
 * Discover's column editor: the query's columns in order, each a field, a function with its
 * argument, or an equation (Sentry's "Add an Equation": `equation|count() / count_unique(user)`),
 * added, removed and moved; "Apply" makes them the query. The dataset's columns and functions are
 * the core's (`discover.datasets`); any other name can be typed (a tag). An equation is checked as
 * it is typed, with Sentry's words; what the core does not take comes back as its error.
 */
import { useEffect, useState } from 'react';
import {
  type ColumnParts,
  columnField,
  columnParts,
  type DiscoverDataset,
} from '../../../src-shared/discover-api.ts';
import {
  EQUATION_PREFIX,
  EquationError,
  isEquation,
  resolveEquation,
  stripEquation,
} from '../../../src-shared/discover-equation.ts';

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
};

/** Why the core would refuse the equation among the other columns, or undefined when it would take it. */
function equationProblem(field: string, columns: readonly string[]): string | undefined {
  if (stripEquation(field).trim() === '') return undefined;
  try {
    resolveEquation(field, columns);
    return undefined;
  } catch (error) {
    if (error instanceof EquationError) return error.message;
    throw error;
  }
}

function EquationInput({
  n,
  field,
  columns,
  onChange,
}: {
  n: number;
  field: string;
  columns: readonly string[];
  onChange: (field: string) => void;
}) {
  const problem = equationProblem(field, columns);
  return (
    <>
      <span className="discover-column-kind">equation</span>
      <input
        aria-label={`Column ${n} equation`}
        className="discover-equation"
        value={stripEquation(field)}
        placeholder="count() / count_unique(user)"
        aria-invalid={problem !== undefined}
        onChange={(e) => onChange(`${EQUATION_PREFIX}${e.currentTarget.value}`)}
      />
      {problem && (
        <span className="discover-equation-problem" role="note" data-testid="discover-equation-problem">
          {problem}
        </span>
      )}
    </>
  );
}

function ColumnRow({
  index,
  count,
  parts,
  columns,
  dataset,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  parts: ColumnParts;
  /** The editor's columns as fields, which an equation reads. */
  columns: readonly string[];
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
  const equation = parts.fn === '' && isEquation(parts.argument);
  return (
    <li className="discover-column" data-testid="discover-column">
      {equation && (
        <EquationInput
          n={n}
          field={parts.argument}
          columns={columns}
          onChange={(argument) => onChange({ fn: '', argument })}
        />
      )}
      {!equation && (
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
      )}
      {!equation && needsArgument && (
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
  // An equation with nothing typed yet is not a column.
  const result = draft
    .map(columnField)
    .filter((field) => field !== '' && !(isEquation(field) && stripEquation(field).trim() === ''));
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
            columns={result}
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
      <button type="button" onClick={() => setDraft([...draft, { fn: '', argument: EQUATION_PREFIX }])}>
        Add an Equation
      </button>
      <button type="submit" disabled={unchanged || result.length === 0}>
        Apply columns
      </button>
    </form>
  );
}

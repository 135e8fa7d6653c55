/**
 * The Explore pages' tables, as Sentry's Explore shows them, read by the events endpoint's own code
 * on the page's dataset (`discover.events`): a cell formatted by its field's type and unit, headers
 * that sort, the "Add a column" form of the samples' column editor, and the aggregates grouped by
 * the Group By columns with every visualized function, each row's "Samples" narrowing the samples
 * to its group.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DiscoverQuery, DiscoverTable } from '../../../src-shared/discover-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { formatCell } from '../discover/cell-format.ts';
import { SortHeader } from '../insights/SortHeader.tsx';

export function useExploreTable(query: DiscoverQuery) {
  return useQuery({
    ...apiQueryOptions(useTransport(), 'discover.events', query),
    placeholderData: (previous) => previous,
    retry: false,
  });
}

export function Cell({
  table,
  row,
  field,
}: {
  table: DiscoverTable;
  row: DiscoverTable['data'][number];
  field: string;
}) {
  const { text, title } = formatCell(row[field], table.meta.fields[field], table.meta.units[field]);
  return (
    <td className={typeof row[field] === 'number' ? 'num' : undefined} title={title}>
      {text}
    </td>
  );
}

export function Headers({
  fields,
  sort,
  onSort,
  onRemove,
}: {
  fields: readonly string[];
  sort: string;
  onSort: (sort: string) => void;
  onRemove?: (field: string) => void;
}) {
  const sortField = sort.replace(/^-/, '');
  return (
    <>
      {fields.map((field) => (
        <SortHeader
          key={field}
          id={field}
          label={field}
          sort={sortField}
          order={sort.startsWith('-') ? 'desc' : 'asc'}
          onSort={(id, order) => onSort(order === 'desc' ? `-${id}` : id)}
        />
      ))}
      {onRemove && <th aria-label="Remove a column" />}
    </>
  );
}

export function AddColumn({ onAdd, placeholder }: { onAdd: (field: string) => void; placeholder: string }) {
  const [name, setName] = useState('');
  return (
    <form
      className="explore-add-column"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() !== '') onAdd(name.trim());
        setName('');
      }}
    >
      <input
        aria-label="Add a column"
        placeholder={placeholder}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      <button type="submit" disabled={name.trim() === ''}>
        Add column
      </button>
    </form>
  );
}

export function Aggregates({
  query,
  groupBy,
  samplesTitle,
  onSort,
  onSamples,
}: {
  /** The aggregates' events request: the Group By columns, then the functions. */
  query: DiscoverQuery;
  groupBy: string[];
  samplesTitle: string;
  onSort: (aggregateSort: string) => void;
  /** A row's "Samples": the samples narrowed to its group (`groupSearch`). */
  onSamples: (row: DiscoverTable['data'][number]) => void;
}) {
  const read = useExploreTable(query);
  const table = read.data;
  const fields = query.field;
  return (
    <section aria-label="Aggregates">
      {read.error && <ErrorNote error={read.error} />}
      {table && (
        <table
          className="explore-table"
          aria-label="Aggregates"
          data-testid="aggregates"
          aria-busy={read.isPlaceholderData}
        >
          <thead>
            <tr>
              <th aria-label="Samples" />
              <Headers fields={fields} sort={query.sort?.[0] ?? ''} onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {table.data.map((row) => (
              <tr key={groupBy.map((key) => String(row[key])).join('\u0000') || 'all'}>
                <td>
                  <button type="button" title={samplesTitle} onClick={() => onSamples(row)}>
                    Samples
                  </button>
                </td>
                {fields.map((field) => (
                  <Cell key={field} table={table} row={row} field={field} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

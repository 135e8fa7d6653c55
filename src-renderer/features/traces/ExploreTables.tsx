/**
 * The Traces page's Span Samples and Aggregates tables, as Sentry's Explore shows them, both read by
 * the events endpoint's own code on the `spans` dataset (`discover.events`): the samples' chosen
 * columns (a column removed by its ×, one added by name), sorted by a header, each row opening its
 * trace at the span; the aggregates grouped by the Group By columns with every visualized function,
 * sorted by a header, each row's "Samples" narrowing the Span Samples to its group.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DiscoverQuery, DiscoverTable } from '../../../src-shared/discover-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { navigate } from '../../app/router.ts';
import { formatCell } from '../discover/cell-format.ts';
import { SortHeader } from '../insights/SortHeader.tsx';
import { aggregatesQuery, type ExploreState, groupSearch, samplesQuery } from './explore-url.ts';
import { traceHref } from './TraceListRow.tsx';

function useSpansTable(query: DiscoverQuery) {
  return useQuery({
    ...apiQueryOptions(useTransport(), 'discover.events', query),
    placeholderData: (previous) => previous,
    retry: false,
  });
}

function Cell({
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

function Headers({
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

function AddColumn({ onAdd }: { onAdd: (field: string) => void }) {
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
        placeholder="Add a column: span.status, tags[cache.hit,boolean] …"
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      <button type="submit" disabled={name.trim() === ''}>
        Add column
      </button>
    </form>
  );
}

export function SpanSamples({
  state,
  go,
}: {
  state: ExploreState;
  go: (change: Partial<ExploreState>) => void;
}) {
  const read = useSpansTable(samplesQuery(state));
  const table = read.data;
  return (
    <section aria-label="Span Samples">
      <div className="explore-columns">
        <span className="muted">Columns:</span>
        {state.fields.map((field) => (
          <span key={field} className="explore-column">
            {field}
            <button
              type="button"
              aria-label={`Remove column ${field}`}
              disabled={state.fields.length === 1}
              onClick={() => go({ fields: state.fields.filter((f) => f !== field), sort: '-timestamp' })}
            >
              ×
            </button>
          </span>
        ))}
        <AddColumn
          onAdd={(field) => !state.fields.includes(field) && go({ fields: [...state.fields, field] })}
        />
      </div>
      {read.error && <ErrorNote error={read.error} />}
      {table && table.data.length === 0 && (
        <p className="muted">No spans match this search in this period.</p>
      )}
      {table && table.data.length > 0 && (
        <table
          className="explore-table"
          aria-label="Span Samples"
          data-testid="span-samples"
          aria-busy={read.isPlaceholderData}
        >
          <thead>
            <tr>
              <Headers fields={state.fields} sort={state.sort} onSort={(sort) => go({ sort })} />
            </tr>
          </thead>
          <tbody>
            {table.data.map((row) => {
              const href = traceHref({
                projectId: Number(row['project.id'] ?? state.project),
                traceId: String(row.trace ?? ''),
                spanId: String(row.id ?? ''),
              });
              return (
                <tr key={`${row.trace}:${row.id}`} className="trace-list-row" onClick={() => navigate(href)}>
                  {state.fields.map((field, i) =>
                    i === 0 ? (
                      <td key={field}>
                        <a href={href} onClick={(event) => event.stopPropagation()}>
                          {formatCell(row[field], table.meta.fields[field], table.meta.units[field]).text}
                        </a>
                      </td>
                    ) : (
                      <Cell key={field} table={table} row={row} field={field} />
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {table?.meta.faultlinePartial && (
        <p className="muted">Only the newest items were read: older spans are left out.</p>
      )}
    </section>
  );
}

export function Aggregates({
  state,
  go,
}: {
  state: ExploreState;
  go: (change: Partial<ExploreState>) => void;
}) {
  const query = aggregatesQuery(state);
  const read = useSpansTable(query);
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
              <Headers
                fields={fields}
                sort={query.sort?.[0] ?? ''}
                onSort={(aggregateSort) => go({ aggregateSort })}
              />
            </tr>
          </thead>
          <tbody>
            {table.data.map((row) => (
              <tr key={state.groupBy.map((key) => String(row[key])).join('\u0000') || 'all'}>
                <td>
                  <button
                    type="button"
                    title="The span samples of this group"
                    onClick={() => go({ tab: 'span', query: groupSearch(state.query, state.groupBy, row) })}
                  >
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

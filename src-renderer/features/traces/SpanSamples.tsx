/**
 * The Traces page's Span Samples, as Sentry's Explore shows them, read by the events endpoint's own
 * code on the `spans` dataset (`discover.events`): the chosen columns (a column removed by its ×, one
 * added by name), sorted by a header, each row opening its trace at the span.
 */

import { ErrorNote } from '../../app/ErrorNote.tsx';
import { navigate } from '../../app/router.ts';
import { formatCell } from '../discover/cell-format.ts';
import { AddColumn, Cell, Headers, useExploreTable } from '../explore/ExploreTable.tsx';
import { type ExploreState, samplesQuery } from './explore-url.ts';
import { traceHref } from './TraceListRow.tsx';

export function SpanSamples({
  state,
  go,
}: {
  state: ExploreState;
  go: (change: Partial<ExploreState>) => void;
}) {
  const read = useExploreTable(samplesQuery(state));
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
          placeholder="Add a column: span.status, tags[cache.hit,boolean] …"
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

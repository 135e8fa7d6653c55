/**
 * Queries, as Sentry's Insights → Queries module and Spotlight's Queries tab: a project's database
 * spans grouped by their normalized query (`insights.queries`), sortable by time spent (the default),
 * count, average and p95, searched by the query's words; a row opens its newest samples, each linking
 * to its trace. The table is read again when the pipeline announces new spans (`items.changed`).
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_QUERY_ITEMS_SCANNED, QUERY_SORTS, type QuerySort } from '../../../src-shared/insights-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { QueryRow } from './QueryRow.tsx';
import { QuerySamples } from './QuerySamples.tsx';
import './queries.css';
import { SortHeaders } from './SortHeader.tsx';

const SORT_LABELS: Record<QuerySort, string> = {
  time: 'Time spent',
  count: 'Count',
  avg: 'Avg',
  p95: 'P95',
};

function EmptyQueries() {
  return (
    <div className="empty" data-testid="queries-empty">
      <p>
        No database queries yet. They come as spans of transactions (op <code>db</code>,{' '}
        <code>db.sql.query</code> …): turn tracing on, and the SDK's database integration traces each query:
      </p>
      <pre>{`Sentry.init({ dsn, tracesSampleRate: 1.0 });
// @sentry/node instruments pg, mysql, mysql2, Prisma, Knex … on its own`}</pre>
      <p>
        In Python: <code>sentry_sdk.init(dsn=…, traces_sample_rate=1.0)</code> with its SQLAlchemy, Django or
        asyncpg integration. By hand:{' '}
        <code>Sentry.startSpan(&#123; op: 'db.sql.query', name: sql &#125;, …)</code>.
      </p>
    </div>
  );
}

export function QueriesPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const sortParam = params.get('sort') ?? 'time';
  const sort: QuerySort = (QUERY_SORTS as readonly string[]).includes(sortParam)
    ? (sortParam as QuerySort)
    : 'time';
  const open = params.get('group');
  const queries = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.queries', { projectId, query, sort }),
    placeholderData: (previous) => previous,
  });

  const go = (change: { project?: number; query?: string; sort?: QuerySort; group?: string | null }) => {
    const next: Record<string, string> = {
      project: String(change.project ?? projectId),
      query: change.query ?? query,
      sort: change.sort ?? sort,
    };
    const group = change.group === undefined ? open : change.group;
    if (group) next.group = group;
    navigate(hrefFor('queries', [], next), { replace: true });
  };
  const rows = queries.data?.queries ?? [];
  const mostMs = Math.max(0, ...rows.map((row) => row.totalMs));
  const openRow = rows.find((row) => row.group === open);

  return (
    <section>
      <ListHeader
        title="Queries"
        projectId={projectId}
        onProject={(project) => go({ project, group: null })}
        search={{
          label: 'Search queries',
          placeholder: 'Search the query: users, SELECT, INSERT INTO orders …',
          value: query,
          onSubmit: (next) => go({ query: next }),
        }}
      />
      <ListTable
        read={queries}
        rows={rows}
        searched={query !== ''}
        empty={<EmptyQueries />}
        noMatch="No queries match this search."
        className="traces-table queries-table"
        label="Queries"
        testId="queries-table"
        head={
          <>
            <th>Query</th>
            <SortHeaders
              ids={['count', 'avg', 'p95', 'time']}
              labels={SORT_LABELS}
              sort={sort}
              onSort={(next) => go({ sort: next })}
            />
            <th className="num" title="The most runs of the query in one transaction: above 1, an N+1 hint">
              Max per transaction
            </th>
          </>
        }
        row={(row) => (
          <QueryRow
            key={row.group}
            row={row}
            mostMs={mostMs}
            selected={row.group === open}
            onOpen={() => go({ group: row.group === open ? null : row.group })}
          />
        )}
        partial={{
          testId: 'queries-partial',
          text: `Older queries not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
        }}
      />
      {openRow && <QuerySamples projectId={projectId} query={openRow} />}
    </section>
  );
}

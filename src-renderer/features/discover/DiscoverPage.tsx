/**
 * Discover, Sentry's query builder over the events: a dataset, columns (fields, and functions that
 * group the rows by the other columns), a search in Sentry's syntax, the page filters (project,
 * environment, period or range), a sort from a column's header, pages by Sentry's cursors. The whole
 * query is the URL (`discover-url.ts`); the core answers it with the web API's events endpoint's own
 * code (`discover.events`), so a refused query shows Sentry's words. Above the table, the chart
 * (`DiscoverChart.tsx`, the events-stats endpoint's `discover.stats`) with Sentry's `display=` and
 * `yAxis=` (`y-axis.ts`), `interval=` and `topEvents=` (`chart-interval.ts`).
 * Saved queries: "Save as" and an open one's changes (`SavedQueryBar.tsx`), their list at
 * `#/discover/saved` (`SavedQueriesPage.tsx`). "Add to Dashboard" turns the query into a dashboard's
 * widget (`../dashboards/AddToDashboard.tsx`).
 */
import { useQuery } from '@tanstack/react-query';
import type { DiscoverDataset, DiscoverQuery, DiscoverTable } from '../../../src-shared/discover-api.ts';
import { isEquation, stripEquation } from '../../../src-shared/discover-equation.ts';
import { apiQueryOptions, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { download } from '../../app/download.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { AddToDashboard } from '../dashboards/AddToDashboard.tsx';
import { SortHeader } from '../insights/SortHeader.tsx';
import { EnvironmentPicker } from '../issues/EnvironmentPicker.tsx';
import { PeriodPicker, periodOf, rangeOf } from '../issues/RangePicker.tsx';
import { ColumnEditor } from './ColumnEditor.tsx';
import { formatCell } from './cell-format.ts';
import { DiscoverChart } from './DiscoverChart.tsx';
import {
  type ChartDisplay,
  type ChartOptions,
  cellHref,
  changed,
  chartOptionsOf,
  DEFAULT_PERIOD,
  defaultFields,
  discoverHref,
  discoverQueryFromUrl,
  displayOf,
  firstRowOf,
  PAGE_SIZE,
  type RowProjects,
  tableCsv,
  yAxisOf,
} from './discover-url.ts';
import './discover.css';
import { SavedQueriesPage } from './SavedQueriesPage.tsx';
import { SavedQueryBar } from './SavedQueryBar.tsx';
import { TagSummary } from './TagSummary.tsx';
import { drawsSeveralAxes, yAxesAfterColumns } from './y-axis.ts';

function DatasetPicker({
  value,
  datasets,
  onChange,
}: {
  value: string;
  datasets: readonly DiscoverDataset[];
  onChange: (dataset: DiscoverDataset) => void;
}) {
  const current = datasets.find((d) => d.name === value || d.aliases.includes(value));
  return (
    <select
      aria-label="Dataset"
      value={current?.name ?? value}
      onChange={(e) => {
        const next = datasets.find((d) => d.name === e.currentTarget.value);
        if (next) onChange(next);
      }}
    >
      {!current && <option value={value}>{value}</option>}
      {datasets.map((d) => (
        <option key={d.name} value={d.name}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

function ProjectFilter({ value, onChange }: { value: number | undefined; onChange: (id?: number) => void }) {
  const projects = useApiQuery('projects.list', {});
  return (
    <select
      aria-label="Project"
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
    >
      <option value="">All projects</option>
      {(projects.data ?? []).map((project) => (
        <option key={project.id} value={project.id}>
          {project.name}
        </option>
      ))}
    </select>
  );
}

function ResultTable({
  table,
  fields,
  query,
  projects,
  busy,
  onSort,
}: {
  table: DiscoverTable;
  fields: readonly string[];
  query: DiscoverQuery;
  projects: RowProjects;
  busy: boolean;
  onSort: (sort: string) => void;
}) {
  // The columns the core answered (Sentry's auto fields `id` and `project.name` included), asked ones first.
  const shown = [...new Set([...fields, ...Object.keys(table.meta.fields)])];
  const [sorted = ''] = query.sort ?? [];
  const sortField = sorted.replace(/^-/, '');
  return (
    <table
      className="discover-table"
      aria-label="Discover results"
      data-testid="discover-table"
      aria-busy={busy}
    >
      <thead>
        <tr>
          {shown.map((field) => (
            <SortHeader
              key={field}
              id={field}
              label={isEquation(field) ? stripEquation(field) : field}
              sort={sortField}
              order={sorted.startsWith('-') ? 'desc' : 'asc'}
              onSort={(id, order) => onSort(order === 'desc' ? `-${id}` : id)}
            />
          ))}
        </tr>
      </thead>
      <tbody>
        {table.data.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are the page's, in its order.
          <tr key={index}>
            {shown.map((field) => {
              const href = cellHref(field, row, projects, table.meta.dataset);
              const { text, title } = formatCell(
                row[field],
                table.meta.fields[field],
                table.meta.units[field],
              );
              return (
                <td key={field} className={typeof row[field] === 'number' ? 'num' : undefined} title={title}>
                  {href ? <a href={href}>{text}</a> : text}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DiscoverPage() {
  const { segments } = useRoute();
  return segments[0] === 'saved' ? <SavedQueriesPage /> : <QueryPage />;
}

function QueryPage() {
  const { params } = useRoute();
  const savedId = params.get('id');
  const datasets = useApiQuery('discover.datasets', {});
  const projectList = useApiQuery('projects.list', {});
  const query = discoverQueryFromUrl(params, datasets.data);
  const transport = useTransport();
  const read = useQuery({
    ...apiQueryOptions(transport, 'discover.events', query),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const display = displayOf(params);
  const yAxis = yAxisOf(params);
  const { refused: chartRefused, ...chart } = chartOptionsOf(params);
  const go = (
    change: Partial<DiscoverQuery>,
    nextDisplay: ChartDisplay = display,
    nextChart: ChartOptions = chart,
  ) => {
    const next = changed(query, change);
    // A Y-axis whose column is gone is dropped, as Sentry's Discover drops it from the URL.
    navigate(
      discoverHref(next, nextDisplay, savedId, yAxesAfterColumns(yAxis, next.field, next.dataset), nextChart),
    );
  };
  // Several Y-axes: a display that draws one gives way (Sentry's: Top 5 Daily to Total Daily, else Total Period).
  const chooseYAxis = (next: string[]) => {
    const nextDisplay =
      next.length > 1 && !drawsSeveralAxes(display)
        ? display === 'dailytop5'
          ? 'daily'
          : 'default'
        : display;
    navigate(discoverHref(changed(query, { cursor: query.cursor }), nextDisplay, savedId, next, chart));
  };
  const dataset = datasets.data?.find(
    (d) => d.name === query.dataset || d.aliases.includes(query.dataset ?? ''),
  );
  const range = rangeOf(params);
  const projectId = query.project?.[0];
  const projects: RowProjects = {
    bySlug: new Map((projectList.data ?? []).map((p) => [p.slug, p.id])),
    fallback: projectId ?? projectList.data?.[0]?.id ?? 1,
  };
  const table = read.data;
  const perPage = query.perPage ?? PAGE_SIZE;
  const first = firstRowOf(query.cursor, perPage);
  const rows = table?.data ?? [];
  const shownFields = table ? [...new Set([...query.field, ...Object.keys(table.meta.fields)])] : query.field;

  return (
    <section className="discover">
      <h1>Discover</h1>
      <div className="issues-toolbar">
        <DatasetPicker
          value={query.dataset ?? 'errors'}
          datasets={datasets.data ?? []}
          onChange={(next) =>
            go({ dataset: next.name, field: defaultFields(next), sort: undefined, query: undefined })
          }
        />
        <ProjectFilter
          value={projectId}
          onChange={(id) => go({ project: id === undefined ? undefined : [id] })}
        />
        <EnvironmentPicker
          projectIds={query.project ?? []}
          value={query.environment ?? []}
          onChange={(environment) => go({ environment: environment.length > 0 ? environment : undefined })}
        />
        <PageSearch
          className="discover-search"
          label="Search events"
          placeholder="Sentry's search: level:error OR user.email:*@example.com, (a OR b) c, has:trace"
          value={query.query ?? ''}
          onSubmit={(next) => go({ query: next === '' ? undefined : next })}
        />
        <PeriodPicker
          period={periodOf(query.statsPeriod ?? null, DEFAULT_PERIOD)}
          onPeriod={(statsPeriod) => go({ statsPeriod, start: undefined, end: undefined })}
          range={range}
          onRange={(next) => go({ start: next.start, end: next.end, statsPeriod: undefined })}
        />
      </div>
      <SavedQueryBar
        savedId={savedId}
        query={query}
        display={display}
        yAxis={yAxis}
        chart={chart}
        datasets={datasets.data ?? []}
      />
      <div className="discover-bar">
        <AddToDashboard query={query} display={display} yAxis={yAxis} title="Custom Widget" />
      </div>
      {datasets.error && <ErrorNote error={datasets.error} />}
      <ColumnEditor
        fields={query.field}
        dataset={dataset}
        onApply={(field) => go({ field, sort: undefined })}
      />
      <DiscoverChart
        query={query}
        display={display}
        yAxis={yAxis}
        onDisplay={(next) => go({ cursor: query.cursor }, next)}
        onYAxis={chooseYAxis}
        chart={chart}
        chartRefused={chartRefused}
        onChart={(next) => go({ cursor: query.cursor }, display, { ...chart, ...next })}
        tableRefused={read.error !== null}
      />
      {read.error && <ErrorNote error={read.error} />}
      {table && (
        <div className="discover-bar">
          <span data-testid="discover-count">
            {rows.length === 0
              ? 'No rows'
              : `Rows ${first}–${first + rows.length - 1}${table.links.next?.results ? ', more on the next page' : ''}`}
          </span>
          {table.meta.faultlinePartial && (
            <span className="muted" data-testid="discover-partial">
              Only the newest items were read: older ones are left out.
            </span>
          )}
          <button
            type="button"
            disabled={!table.links.previous?.results}
            onClick={() => table.links.previous && go({ cursor: table.links.previous.cursor })}
          >
            ← Previous
          </button>
          <button
            type="button"
            disabled={!table.links.next?.results}
            onClick={() => table.links.next && go({ cursor: table.links.next.cursor })}
          >
            Next →
          </button>
          <button
            type="button"
            disabled={rows.length === 0}
            onClick={() =>
              download('discover.csv', new Blob([tableCsv(shownFields, rows)], { type: 'text/csv' }))
            }
          >
            Download CSV
          </button>
          {table.snql && <a href={hrefFor('console', [], { query: table.snql })}>Open in SnQL console</a>}
        </div>
      )}
      {table && rows.length > 0 && (
        <ResultTable
          table={table}
          fields={query.field}
          query={query}
          projects={projects}
          busy={read.isPlaceholderData}
          onSort={(sort) => go({ sort: [sort] })}
        />
      )}
      <TagSummary query={query} />
    </section>
  );
}

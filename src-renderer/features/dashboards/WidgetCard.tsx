/**
 * One widget drawn from real data, as Sentry's dashboards draw it: each of its queries asked of
 * its dataset (`widgetRequests`: `discover.events` for a table or a big number, `discover.stats` for a
 * chart; for issues `dashboards.issues` and `dashboards.issueSeries`) under the dashboard's page
 * filters. Charts are Discover's (the console's LineChart, with each series' total listed under it);
 * tables are Discover's cells, or the issues with a link to each.
 */
import { useQueries } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import type { ApiTransport } from '../../../src-shared/api.ts';
import {
  type IssueSeries,
  type IssueWidgetTable as IssueTable,
  type PageFilters,
  queryFields,
  type WidgetRequest,
  widgetRequests,
} from '../../../src-shared/dashboards-api.ts';
import { type DiscoverTable, type EventsStats, namedSeries } from '../../../src-shared/discover-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { closeMenu, Menu } from '../../app/Menu.tsx';
import { LineChart } from '../console/LineChart.tsx';
import { formatCell } from '../discover/cell-format.ts';
import { isAdditive } from '../discover/discover-url.ts';
import { IssueWidgetTable } from './IssueWidgetTable.tsx';
import { type WidgetDraft, widgetLinkOf } from './widget-draft.ts';

type Answer = DiscoverTable | EventsStats | IssueTable | IssueSeries;

interface Series {
  name: string;
  axis: string;
  times: number[];
  values: number[];
}

function seriesOf(requests: WidgetRequest[], answers: (Answer | undefined)[]): Series[] {
  return requests.flatMap((request, i) => {
    const answer = answers[i];
    if (request.kind === 'issue-series' && answer)
      return (answer as IssueSeries).timeSeries.map((s) => ({
        name: request.name,
        axis: request.yAxis,
        times: s.values.map((v) => v.timestamp / 1000),
        values: s.values.map((v) => v.value),
      }));
    if (request.kind !== 'stats' || !answer) return [];
    const grouped = request.params.topEvents !== undefined;
    return namedSeries(answer as EventsStats, request.yAxis).map((s) => ({
      name: grouped ? s.name : request.name,
      axis: request.yAxis,
      times: s.series.data.map(([t]) => t),
      values: s.series.data.map(([, items]) => Number(items[0]?.count ?? 0)),
    }));
  });
}

function Chart({ series, bars }: { series: Series[]; bars: boolean }) {
  const times = series[0]?.times ?? [];
  const meta: SnqlMeta[] = [
    { name: 'time', type: 'DateTime' },
    ...series.map((s) => ({ name: s.name, type: 'Float64' })),
  ];
  const rows: SnqlRow[] = times.map((t, i) => ({
    time: new Date(t * 1000).toISOString(),
    ...Object.fromEntries(series.map((s) => [s.name, s.values[i] ?? 0])),
  }));
  const figureOf = (s: Series) =>
    isAdditive(s.axis) ? s.values.reduce((a, b) => a + b, 0) : Math.max(0, ...s.values);
  return (
    <>
      <LineChart meta={meta} rows={rows} bars={bars} />
      <table className="widget-totals" data-testid="widget-totals">
        <tbody>
          {series.map((s) => (
            <tr key={s.name} data-series={s.name} data-total={figureOf(s)}>
              <td>{s.name}</td>
              <td className="num" title={isAdditive(s.axis) ? 'Total' : 'Highest bucket'}>
                {figureOf(s)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Table({ table, fields }: { table: DiscoverTable; fields: string[] }) {
  return (
    <table className="widget-table" data-testid="widget-table">
      <thead>
        <tr>
          {fields.map((f) => (
            <th key={f}>{f}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.data.length === 0 && (
          <tr>
            <td colSpan={fields.length} className="muted">
              No results found for this query
            </td>
          </tr>
        )}
        {table.data.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are the answer's, in its order.
          <tr key={index}>
            {fields.map((f) => {
              const { text, title } = formatCell(row[f], table.meta.fields[f], table.meta.units[f]);
              return (
                <td key={f} title={title} className={typeof row[f] === 'number' ? 'num' : undefined}>
                  {text}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BigNumber({ table, field }: { table: DiscoverTable; field: string }) {
  const value = table.data[0]?.[field] ?? 0;
  const { text, title } = formatCell(value, table.meta.fields[field], table.meta.units[field]);
  return (
    <p className="widget-big-number" data-testid="widget-big-number" data-value={String(value)} title={title}>
      {text}
    </p>
  );
}

const DATASET_NAMES: Record<WidgetDraft['widgetType'], string> = {
  'error-events': 'errors',
  'transaction-like': 'transactions',
  issue: 'issues',
  spans: 'spans',
  logs: 'logs',
};

/** The contract's method that answers a request. */
function optionsOf(transport: ApiTransport, request: WidgetRequest) {
  switch (request.kind) {
    case 'table':
      return apiQueryOptions(transport, 'discover.events', request.params);
    case 'stats':
      return apiQueryOptions(transport, 'discover.stats', request.params);
    case 'issues':
      return apiQueryOptions(transport, 'dashboards.issues', request.params);
    case 'issue-series':
      return apiQueryOptions(transport, 'dashboards.issueSeries', request.params);
  }
}

export function WidgetCard({
  widget,
  filters,
  onEdit,
  onDuplicate,
  onDelete,
}: {
  widget: WidgetDraft;
  filters: PageFilters;
  onEdit?: () => void;
  onDuplicate?: () => void;
  onDelete?: () => void;
}) {
  const link = widgetLinkOf(widget, filters);
  const item = (label: string, act: (() => void) | undefined) =>
    act && (
      <button
        type="button"
        role="menuitem"
        onClick={(event: MouseEvent<HTMLElement>) => {
          closeMenu(event);
          act();
        }}
      >
        {label}
      </button>
    );
  const transport = useTransport();
  const requests = widgetRequests(widget, filters);
  const reads = useQueries({
    queries: requests.map((request) => ({
      ...optionsOf(transport, request),
      retry: false,
    })),
  });
  const answers = reads.map((r) => r.data as Answer | undefined);
  const error = reads.find((r) => r.error)?.error;
  const busy = reads.some((r) => r.isFetching);
  const done = reads.every((r) => r.data !== undefined);
  const [first] = requests;
  const table = answers[0] as DiscoverTable | undefined;
  return (
    <article
      className="widget"
      aria-label={widget.title}
      data-testid="widget"
      data-display={widget.displayType}
      aria-busy={busy}
    >
      <header className="widget-header">
        <h2
          title={`${widget.title} (${DATASET_NAMES[widget.widgetType]})${widget.description ? `: ${widget.description}` : ''}`}
        >
          {widget.title}
        </h2>
        <Menu
          className="widget-menu"
          summary="⋯"
          label={`Widget actions for ${widget.title}`}
          title="Widget actions"
        >
          <div className="menu-items" role="menu" aria-label={`Widget ${widget.title}`}>
            {link && (
              <a role="menuitem" href={link.href}>
                {link.label}
              </a>
            )}
            {item('Edit Widget', onEdit)}
            {item('Duplicate Widget', onDuplicate)}
            {item('Delete Widget', onDelete)}
          </div>
        </Menu>
      </header>
      <div className="widget-body">
        {error && <ErrorNote error={error} />}
        {done && first?.kind === 'table' && widget.displayType === 'big_number' && table && (
          <BigNumber table={table} field={first.params.field[0] ?? 'count()'} />
        )}
        {done && first?.kind === 'table' && widget.displayType === 'table' && table && (
          <Table
            table={table}
            fields={queryFields(widget.queries[0] ?? { fields: [], columns: [], aggregates: [] })}
          />
        )}
        {done && first?.kind === 'issues' && (
          <IssueWidgetTable
            table={answers[0] as IssueTable}
            fields={queryFields(widget.queries[0] ?? { fields: [], columns: [], aggregates: [] })}
            search={first.params.query}
            filters={filters}
          />
        )}
        {done && (first?.kind === 'stats' || first?.kind === 'issue-series') && (
          <Chart series={seriesOf(requests, answers)} bars={widget.displayType === 'bar'} />
        )}
      </div>
    </article>
  );
}

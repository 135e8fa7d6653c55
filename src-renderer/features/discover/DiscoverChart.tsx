/**
 * Discover's chart above the table, as Sentry's Discover shows it: the series of the query's first
 * function (or `count()`) over the page's filters ("Total period"), or that series for each of the
 * top 5 groups of the other columns and Other ("Top 5"), from the events-stats endpoint's own code
 * (`discover.stats`). Drawn by the console's line chart; each series' total (or, for a function whose
 * buckets do not add up, its highest bucket) is listed under it as text.
 */
import { useQuery } from '@tanstack/react-query';
import { type DiscoverQuery, namedSeries } from '../../../src-shared/discover-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { LineChart } from '../console/LineChart.tsx';
import { type ChartDisplay, canShowTop5, chartQueryOf, isAdditive } from './discover-url.ts';

export function DiscoverChart({
  query,
  display,
  onDisplay,
  tableRefused,
}: {
  query: DiscoverQuery;
  display: ChartDisplay;
  onDisplay: (display: ChartDisplay) => void;
  /** The table's query was refused: its note says why, the chart's (the same words) is not repeated. */
  tableRefused: boolean;
}) {
  const top5 = canShowTop5(query.field);
  const shown = top5 ? display : 'default';
  const { yAxis, stats } = chartQueryOf(query, shown);
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'discover.stats', stats),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const series = read.data ? namedSeries(read.data, yAxis) : [];
  const meta: SnqlMeta[] = [
    { name: 'time', type: 'DateTime' },
    ...series.map((s) => ({ name: s.name, type: 'Float64' })),
  ];
  const times = series[0]?.series.data.map(([t]) => t) ?? [];
  const rows: SnqlRow[] = times.map((t, i) => ({
    time: new Date(t * 1000).toISOString(),
    ...Object.fromEntries(series.map((s) => [s.name, Number(s.series.data[i]?.[1][0]?.count ?? 0)])),
  }));
  const additive = isAdditive(yAxis);
  const figureOf = (name: string) => {
    const values = rows.map((row) => Number(row[name] ?? 0));
    return additive ? values.reduce((a, b) => a + b, 0) : Math.max(0, ...values);
  };
  return (
    <section
      className="discover-chart"
      aria-label="Discover chart"
      data-testid="discover-chart"
      aria-busy={read.isFetching}
    >
      <div className="discover-chart-bar">
        <label>
          Display{' '}
          <select
            aria-label="Display"
            value={shown}
            onChange={(e) => onDisplay(e.currentTarget.value === 'top5' ? 'top5' : 'default')}
          >
            <option value="default">Total period</option>
            <option value="top5" disabled={!top5}>
              Top 5
            </option>
          </select>
        </label>
        <span className="muted">{yAxis}</span>
      </div>
      {read.error && !tableRefused && <ErrorNote error={read.error} />}
      {read.data && <LineChart meta={meta} rows={rows} />}
      {read.data && (
        <table className="discover-chart-totals" data-testid="discover-chart-totals">
          <thead>
            <tr>
              <th>Series</th>
              <th>{additive ? 'Total' : 'Highest'}</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.name} data-series={s.name} data-total={figureOf(s.name)}>
                <td>{s.name}</td>
                <td className="num">{figureOf(s.name)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

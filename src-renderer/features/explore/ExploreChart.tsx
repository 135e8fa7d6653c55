/**
 * One chart of an Explore page's Visualize, as Sentry's Explore draws it: its functions over the
 * items matching the search (spans, log records), by time, from the events-stats endpoint's own code
 * on the page's dataset (`discover.stats`, the request built by the page's URL module); grouped, the
 * top 5 groups of its first function. Its chart type (bar, line, area) is picked on it. Each series'
 * highest bucket, its values and their sum (a count's total) are listed under it as text.
 */
import { useQuery } from '@tanstack/react-query';
import { namedSeries, type StatsQuery } from '../../../src-shared/discover-api.ts';
import { CHART_TYPES } from '../../../src-shared/explore-saved-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { LineChart } from '../console/LineChart.tsx';
import { type ChartTypeName, chartTypeName, type Visualize } from './explore-query.ts';

export function ExploreChart({
  stats,
  visualize,
  index,
  onChartType,
}: {
  /** The chart's events-stats request. */
  stats: StatsQuery;
  visualize: Visualize;
  index: number;
  onChartType: (chartType: number) => void;
}) {
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'discover.stats', stats),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const named = read.data ? namedSeries(read.data, stats.yAxis?.[0] ?? 'count()') : [];
  const series = named.map((s) => ({
    name: s.name,
    values: s.series.data.map(([, items]) => Number(items[0]?.count ?? 0)),
  }));
  const times = named[0]?.series.data.map(([t]) => t) ?? [];
  const meta: SnqlMeta[] = [
    { name: 'time', type: 'DateTime' },
    ...series.map((s) => ({ name: s.name, type: 'Float64' })),
  ];
  const rows: SnqlRow[] = times.map((t, i) => ({
    time: new Date(t * 1000).toISOString(),
    ...Object.fromEntries(series.map((s) => [s.name, s.values[i] ?? 0])),
  }));
  const type = chartTypeName(visualize.chartType);
  const title = visualize.yAxes.join(', ');
  return (
    <section
      className="explore-chart"
      aria-label={`Chart ${index + 1}: ${title}`}
      data-testid="explore-chart"
      data-chart-type={type}
      aria-busy={read.isFetching}
    >
      <div className="explore-chart-bar">
        <strong>{title}</strong>
        <label>
          Chart type{' '}
          <select
            aria-label={`Chart type of ${title}`}
            value={type}
            onChange={(event) => onChartType(CHART_TYPES[event.currentTarget.value as ChartTypeName])}
          >
            {Object.keys(CHART_TYPES).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {read.error && <ErrorNote error={read.error} />}
      {read.data && <LineChart meta={meta} rows={rows} bars={type === 'bar'} area={type === 'area'} />}
      {read.data && (
        <table className="explore-chart-values" data-testid="explore-chart-values">
          <thead>
            <tr>
              <th>Series</th>
              <th>Highest bucket</th>
              <th>Sum of buckets</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.name} data-series={s.name} data-values={s.values.join(' ')}>
                <td>{s.name}</td>
                <td className="num">{Math.max(0, ...s.values)}</td>
                <td className="num">{s.values.reduce((sum, value) => sum + value, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * One chart of the Traces page's Visualize, as Sentry's Explore draws it: its functions over the
 * spans matching the search, by time, from the events-stats endpoint's own code on the `spans`
 * dataset (`discover.stats`); in the Aggregates tab with a Group By, the top 5 groups of its first
 * function. Its chart type (bar, line, area) is picked on it. Each series' highest bucket and its
 * values are listed under it as text.
 */
import { useQuery } from '@tanstack/react-query';
import { namedSeries } from '../../../src-shared/discover-api.ts';
import { CHART_TYPES } from '../../../src-shared/explore-saved-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { LineChart } from '../console/LineChart.tsx';
import {
  type ChartTypeName,
  chartQuery,
  chartTypeName,
  type ExploreState,
  type Visualize,
} from './explore-url.ts';

export function ExploreChart({
  state,
  visualize,
  index,
  onChartType,
}: {
  state: ExploreState;
  visualize: Visualize;
  index: number;
  onChartType: (chartType: number) => void;
}) {
  const stats = chartQuery(state, visualize);
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
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.name} data-series={s.name} data-values={s.values.join(' ')}>
                <td>{s.name}</td>
                <td className="num">{Math.max(0, ...s.values)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

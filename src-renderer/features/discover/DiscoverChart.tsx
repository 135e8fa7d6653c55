/**
 * Discover's chart above the table, as Sentry's Discover shows it: the series of the query's first
 * function (or `count()`) over the page's filters ("Total Period"), against the period before it
 * ("Previous Period"), for each of the top 5 groups of the other columns and Other ("Top 5 Period"),
 * by day ("Total Daily", "Top 5 Daily") or as bars ("Bar Chart"), from the events-stats endpoint's own
 * code (`discover.stats`). A display the query cannot show is disabled with Sentry's reason. Drawn by
 * the console's chart; each series' total (or, for a function whose buckets do not add up, its
 * highest bucket) is listed under it as text.
 */
import { useQuery } from '@tanstack/react-query';
import { type DiscoverQuery, namedSeries } from '../../../src-shared/discover-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { LineChart } from '../console/LineChart.tsx';
import {
  CHART_DISPLAYS,
  type ChartDisplay,
  chartQueryOf,
  DISPLAY_LABELS,
  displayDisabled,
  isAdditive,
} from './discover-url.ts';

/** The previous period's series, beside the query's (each bucket's `comparisonCount`). */
const PREVIOUS = 'previous period';

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
  const { yAxis, stats, display: shown, bars } = chartQueryOf(query, display);
  const refusedDisplay = shown === display ? undefined : displayDisabled(query, display);
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'discover.stats', stats),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const named = read.data ? namedSeries(read.data, yAxis) : [];
  const comparing = stats.comparisonDelta !== undefined;
  const series = comparing ? [...named, ...named.map((s) => ({ ...s, name: PREVIOUS }))] : named;
  const meta: SnqlMeta[] = [
    { name: 'time', type: 'DateTime' },
    ...series.map((s) => ({ name: s.name, type: 'Float64' })),
  ];
  const times = series[0]?.series.data.map(([t]) => t) ?? [];
  const bucketValue = (name: string, item: { count: unknown; comparisonCount?: unknown } | undefined) =>
    Number((name === PREVIOUS ? item?.comparisonCount : item?.count) ?? 0);
  const rows: SnqlRow[] = times.map((t, i) => ({
    time: new Date(t * 1000).toISOString(),
    ...Object.fromEntries(series.map((s) => [s.name, bucketValue(s.name, s.series.data[i]?.[1][0])])),
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
      data-display={shown}
      aria-busy={read.isFetching}
    >
      <div className="discover-chart-bar">
        <label>
          Display{' '}
          <select
            aria-label="Display"
            value={shown}
            onChange={(e) => {
              const next = CHART_DISPLAYS.find((d) => d === e.currentTarget.value);
              if (next) onDisplay(next);
            }}
          >
            {CHART_DISPLAYS.map((value) => {
              const reason = displayDisabled(query, value);
              return (
                <option key={value} value={value} disabled={reason !== undefined} title={reason}>
                  {DISPLAY_LABELS[value]}
                </option>
              );
            })}
          </select>
        </label>
        <span className="muted">{yAxis}</span>
        {refusedDisplay && (
          <span className="muted" data-testid="discover-display-refused">
            {DISPLAY_LABELS[display]}: {refusedDisplay}
          </span>
        )}
      </div>
      {read.error && !tableRefused && <ErrorNote error={read.error} />}
      {read.data && <LineChart meta={meta} rows={rows} bars={bars} />}
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

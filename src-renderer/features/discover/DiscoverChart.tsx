/**
 * Discover's chart above the table, as Sentry's Discover shows it: the series of the chosen Y-axes
 * (`y-axis.ts`: up to 3 of the query's functions and equations, else its first function, else
 * `count()`; or none, the picker cleared: "No Y-Axis selected.") over the page's filters ("Total
 * Period"), against the period before it ("Previous Period"), for each of the top N groups of the
 * other columns and Other ("Top N Period", one axis; the Limit picker, 5 by default), by day ("Total
 * Daily", "Top N Daily") or as bars ("Bar Chart"), by the Interval picker's interval
 * (`chart-interval.ts`; not for the daily displays), from the events-stats endpoint's own code
 * (`discover.stats`). A display the query cannot show is disabled with the reason. Drawn by the
 * console's chart with its legend; each series' total (or, for a function whose buckets do not add
 * up, its highest bucket) is listed under it as text.
 */
import { useQuery } from '@tanstack/react-query';
import { type DiscoverQuery, namedSeries } from '../../../src-shared/discover-api.ts';
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { LineChart } from '../console/LineChart.tsx';
import { answeredInterval, intervalChoices, TOP_EVENTS_CHOICES } from './chart-interval.ts';
import {
  CHART_DISPLAYS,
  type ChartDisplay,
  type ChartOptions,
  chartQueryOf,
  daysOf,
  displayDisabled,
  displayLabel,
  INTERVAL_DISPLAYS,
  isAdditive,
  isTopDisplay,
} from './discover-url.ts';
import { axisLabel, CLEARED_Y_AXIS, MAX_Y_AXES, previousSeriesName, yAxisOptions } from './y-axis.ts';

/**
 * The Y-axis picker beside the display: several axes (checkboxes, up to {@link MAX_Y_AXES}), or one
 * for the top displays; unchecking the last one, or "Clear", leaves none (Sentry's cleared picker).
 */
function YAxisPicker({
  options,
  chosen,
  single,
  onChange,
}: {
  options: readonly string[];
  chosen: readonly string[];
  single: boolean;
  onChange: (yAxis: string[]) => void;
}) {
  const full = chosen.length >= MAX_Y_AXES;
  return (
    <details className="discover-yaxis">
      <summary data-testid="discover-yaxis-summary">
        Y-Axis: {chosen.length > 0 ? chosen.map(axisLabel).join(', ') : 'None'}
      </summary>
      <fieldset aria-label="Y-Axis">
        <legend className="muted">{single ? 'One Y-axis' : `Up to ${MAX_Y_AXES} Y-axes`}</legend>
        {options.map((axis) => {
          const checked = chosen.includes(axis);
          return (
            <label key={axis}>
              <input
                type={single ? 'radio' : 'checkbox'}
                name="discover-yaxis"
                checked={checked}
                disabled={!single && full && !checked}
                onChange={() =>
                  onChange(
                    single
                      ? [axis]
                      : checked
                        ? chosen.filter((a) => a !== axis)
                        : options.filter((a) => a === axis || chosen.includes(a)),
                  )
                }
              />{' '}
              {axisLabel(axis)}
            </label>
          );
        })}
        <button type="button" disabled={chosen.length === 0} onClick={() => onChange([])}>
          Clear
        </button>
      </fieldset>
    </details>
  );
}

interface ChartSeries {
  /** The legend's name: the axis (an equation without its prefix), a top 5 group, or `previous …`. */
  name: string;
  axis: string;
  values: number[];
}

export function DiscoverChart({
  query,
  display,
  yAxis: askedYAxis,
  onDisplay,
  onYAxis,
  chart,
  chartRefused,
  onChart,
  tableRefused,
}: {
  query: DiscoverQuery;
  display: ChartDisplay;
  /** The Y-axes the URL asks. */
  yAxis: readonly string[];
  onDisplay: (display: ChartDisplay) => void;
  onYAxis: (yAxis: string[]) => void;
  /** The interval and Top N the URL asks. */
  chart: ChartOptions;
  /** Why an `interval=` or `topEvents=` of the URL was not taken. */
  chartRefused?: string | undefined;
  onChart: (change: ChartOptions) => void;
  /** The table's query was refused: its note says why, the chart's (the same words) is not repeated. */
  tableRefused: boolean;
}) {
  const {
    yAxis,
    stats,
    display: shown,
    bars,
    interval,
    topEvents,
  } = chartQueryOf(query, display, askedYAxis, chart);
  const refusedDisplay = shown === display ? undefined : displayDisabled(query, display, yAxis);
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'discover.stats', stats ?? {}),
    enabled: stats !== undefined,
    placeholderData: (previous) => previous,
    retry: false,
  });
  const data = stats === undefined ? undefined : read.data;
  const top = stats?.topEvents !== undefined;
  const named = data ? namedSeries(data, yAxis[0] ?? 'count()') : [];
  // The previous period's series only from an answer that has them: while the last query's answer
  // stands in for this one's, it has no `comparisonCount`, which would read as zeros.
  const comparing = stats?.comparisonDelta !== undefined && !read.isPlaceholderData;
  const rangeHours = daysOf(query) * 24;
  const choices = intervalChoices(rangeHours);
  const valuesOf = (s: (typeof named)[number], key: 'count' | 'comparisonCount') =>
    s.series.data.map(([, items]) => Number(items[0]?.[key] ?? 0));
  const current: ChartSeries[] = named.map((s) => ({
    name: top ? s.name : axisLabel(s.name),
    axis: top ? (yAxis[0] ?? 'count()') : s.name,
    values: valuesOf(s, 'count'),
  }));
  const series: ChartSeries[] = comparing
    ? [
        ...current,
        ...named.map((s, i) => ({
          ...(current[i] as ChartSeries),
          name: previousSeriesName(current[i]?.name ?? s.name),
          values: valuesOf(s, 'comparisonCount'),
        })),
      ]
    : current;
  const meta: SnqlMeta[] = [
    { name: 'time', type: 'DateTime' },
    ...series.map((s) => ({ name: s.name, type: 'Float64' })),
  ];
  const times = named[0]?.series.data.map(([t]) => t) ?? [];
  const answeredBy = data && !read.isPlaceholderData ? answeredInterval(interval, times) : undefined;
  const rows: SnqlRow[] = times.map((t, i) => ({
    time: new Date(t * 1000).toISOString(),
    ...Object.fromEntries(series.map((s) => [s.name, s.values[i] ?? 0])),
  }));
  const figureOf = (s: ChartSeries) =>
    isAdditive(s.axis) ? s.values.reduce((a, b) => a + b, 0) : Math.max(0, ...s.values);
  return (
    <section
      className="discover-chart"
      aria-label="Discover chart"
      data-testid="discover-chart"
      data-display={shown}
      data-y-axis={yAxis.join('\n')}
      data-interval={stats?.interval}
      data-top-events={top ? topEvents : undefined}
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
              const reason = displayDisabled(query, value, yAxis);
              return (
                <option key={value} value={value} disabled={reason !== undefined} title={reason}>
                  {displayLabel(value, topEvents)}
                </option>
              );
            })}
          </select>
        </label>
        <YAxisPicker
          options={yAxisOptions(query.field, query.dataset)}
          chosen={yAxis}
          single={isTopDisplay(shown)}
          onChange={(next) => onYAxis(next.length > 0 ? next : [...CLEARED_Y_AXIS])}
        />
        {INTERVAL_DISPLAYS.includes(shown) && (
          <label>
            Interval{' '}
            <select
              aria-label="Interval"
              value={interval}
              onChange={(e) => onChart({ interval: e.currentTarget.value })}
            >
              {(choices.includes(interval) ? choices : [interval, ...choices]).map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          </label>
        )}
        {isTopDisplay(shown) && (
          <label>
            Limit{' '}
            <select
              aria-label="Limit"
              value={topEvents}
              onChange={(e) => onChart({ topEvents: Number(e.currentTarget.value) })}
            >
              {TOP_EVENTS_CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {refusedDisplay && (
          <span className="muted" data-testid="discover-display-refused">
            {displayLabel(display, topEvents)}: {refusedDisplay}
          </span>
        )}
        {answeredBy && (
          <span className="muted" data-testid="discover-interval-answered">
            By {interval} the period is more buckets than events-stats answers
            {top ? ` for the top ${topEvents}` : ''}: it answered by {answeredBy}.
          </span>
        )}
        {chartRefused && (
          <span className="muted" data-testid="discover-chart-refused">
            {chartRefused}
          </span>
        )}
        {chart.interval !== undefined && INTERVAL_DISPLAYS.includes(shown) && chart.interval !== interval && (
          <span className="muted" data-testid="discover-interval-bound">
            {chart.interval} does not fit this period: {interval} is used.
          </span>
        )}
      </div>
      {stats === undefined && (
        <p className="muted" data-testid="discover-no-yaxis">
          No Y-Axis selected.
        </p>
      )}
      {read.error && stats !== undefined && !tableRefused && <ErrorNote error={read.error} />}
      {data && <LineChart meta={meta} rows={rows} bars={bars} />}
      {data && (
        <table
          className="discover-chart-totals"
          data-testid="discover-chart-totals"
          data-buckets={times.join(' ')}
        >
          <thead>
            <tr>
              <th>Series</th>
              <th>Total, or highest bucket</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.name} data-series={s.name} data-total={figureOf(s)} data-values={s.values.join(' ')}>
                <td>{s.name}</td>
                <td className="num" title={isAdditive(s.axis) ? 'Total' : 'Highest bucket'}>
                  {figureOf(s)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

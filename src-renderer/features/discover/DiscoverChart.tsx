/**
 * Discover's chart above the table, as Sentry's Discover shows it: the series of the chosen Y-axes
 * (`y-axis.ts`: up to 3 of the query's functions and equations, else its first function, else
 * `count()`) over the page's filters ("Total Period"), against the period before it ("Previous
 * Period"), for each of the top 5 groups of the other columns and Other ("Top 5 Period", one axis),
 * by day ("Total Daily", "Top 5 Daily") or as bars ("Bar Chart"), from the events-stats endpoint's own
 * code (`discover.stats`). A display the query cannot show is disabled with the reason. Drawn by the
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
import {
  CHART_DISPLAYS,
  type ChartDisplay,
  chartQueryOf,
  DISPLAY_LABELS,
  displayDisabled,
  isAdditive,
} from './discover-url.ts';
import { axisLabel, MAX_Y_AXES, previousSeriesName, yAxisOptions } from './y-axis.ts';

/**
 * The Y-axis picker beside the display: several axes (checkboxes, up to {@link MAX_Y_AXES}, at least
 * one), or one for the top 5 displays.
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
      <summary data-testid="discover-yaxis-summary">Y-Axis: {chosen.map(axisLabel).join(', ')}</summary>
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
                disabled={!single && ((full && !checked) || (checked && chosen.length === 1))}
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
  tableRefused,
}: {
  query: DiscoverQuery;
  display: ChartDisplay;
  /** The Y-axes the URL asks. */
  yAxis: readonly string[];
  onDisplay: (display: ChartDisplay) => void;
  onYAxis: (yAxis: string[]) => void;
  /** The table's query was refused: its note says why, the chart's (the same words) is not repeated. */
  tableRefused: boolean;
}) {
  const { yAxis, stats, display: shown, bars } = chartQueryOf(query, display, askedYAxis);
  const refusedDisplay = shown === display ? undefined : displayDisabled(query, display, yAxis);
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'discover.stats', stats),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const top = stats.topEvents !== undefined;
  const named = read.data ? namedSeries(read.data, yAxis[0] ?? 'count()') : [];
  const comparing = stats.comparisonDelta !== undefined;
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
                  {DISPLAY_LABELS[value]}
                </option>
              );
            })}
          </select>
        </label>
        <YAxisPicker
          options={yAxisOptions(query.field, query.dataset)}
          chosen={yAxis}
          single={top}
          onChange={onYAxis}
        />
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

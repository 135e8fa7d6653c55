/**
 * A metric's aggregate over time: one line per series (a group-by's values), one point per bucket
 * that has data points, time on the x axis from the first bucket to the last. Hand-written SVG, as
 * the console's chart: it only has to show a shape and the values on hover.
 */
import type { MetricChart as Chart } from '../../../src-shared/metrics-api.ts';

const WIDTH = 760;
const HEIGHT = 220;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };
export const SERIES_COLORS = ['#6c5fc7', '#e1567c', '#3b9c6f', '#f2b712', '#2f80ed'];

/** A value as the page writes it: whole numbers as they are, others to 4 significant digits. */
export function formatValue(value: number | null, unit: string | null = null): string {
  if (value === null) return '—';
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return unit ? `${text} ${unit}` : text;
}

const label = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');

export function MetricChart({ chart }: { chart: Chart }) {
  const count = chart.series[0]?.values.length ?? 0;
  if (count === 0) return null;
  const values = chart.series.flatMap((series) => series.values.filter((v): v is number => v !== null));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const x = (index: number) => PAD.left + (index / Math.max(1, count - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - ((v - min) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const at = (index: number) => chart.start + index * chart.bucketMs;
  return (
    <figure className="metric-chart" data-testid="metric-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${chart.aggregate}(${chart.name}) over time`}
      >
        <line x1={PAD.left} y1={y(0)} x2={WIDTH - PAD.right} y2={y(0)} stroke="currentColor" opacity={0.3} />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" fontSize="10">
          {formatValue(max)}
        </text>
        <text x={PAD.left - 6} y={HEIGHT - PAD.bottom} textAnchor="end" fontSize="10">
          {formatValue(min)}
        </text>
        <text x={PAD.left} y={HEIGHT - 8} fontSize="10">
          {label(at(0))}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fontSize="10">
          {label(at(count - 1))}
        </text>
        {chart.series.map((series, i) => {
          const points = series.values.flatMap((v, index) => (v === null ? [] : [{ index, v }]));
          const color = SERIES_COLORS[i % SERIES_COLORS.length];
          return (
            <g key={series.group ?? '\u0000'} data-series={series.group ?? ''}>
              <polyline
                fill="none"
                stroke={color}
                strokeWidth={2}
                points={points.map((p) => `${x(p.index).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
              />
              {points.map((p) => (
                <circle key={p.index} cx={x(p.index)} cy={y(p.v)} r={3} fill={color}>
                  <title>
                    {`${label(at(p.index))}${series.group === null ? '' : ` · ${series.group}`}: ${formatValue(p.v, chart.unit)}`}
                  </title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

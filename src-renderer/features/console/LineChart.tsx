/**
 * A small SVG line chart for results with a time column: one line per numeric column, time on
 * the x axis (`area`: filled down to zero); or, `bars`, one bar per numeric column at each time, side
 * by side. Hand-written on
 * purpose (no chart library): it only has to show a shape.
 */
import type { SnqlMeta, SnqlRow } from '../../../src-shared/snql-api.ts';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
const COLORS = ['#6c5fc7', '#e1567c', '#3b9c6f', '#f2b712', '#2f80ed', '#8a8a8a'];

export function timeColumn(meta: SnqlMeta[]): SnqlMeta | undefined {
  return meta.find((m) => /^(Nullable\()?(DateTime|Date)/.test(m.type));
}

export function numericColumns(meta: SnqlMeta[]): SnqlMeta[] {
  return meta.filter((m) => /^(Nullable\()?(U?Int|Float)/.test(m.type));
}

export function LineChart({
  meta,
  rows,
  bars = false,
  area = false,
}: {
  meta: SnqlMeta[];
  rows: SnqlRow[];
  bars?: boolean;
  area?: boolean;
}) {
  const time = timeColumn(meta);
  const series = numericColumns(meta).slice(0, COLORS.length);
  if (!time || series.length === 0 || rows.length === 0) return null;
  const points = rows
    .map((row) => ({ t: Date.parse(String(row[time.name])), row }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  if (points.length === 0) return null;
  const t0 = points[0]?.t ?? 0;
  const t1 = points[points.length - 1]?.t ?? t0;
  const values = points.flatMap((p) => series.map((s) => Number(p.row[s.name]) || 0));
  const max = Math.max(1, ...values);
  // Bars need room for the last time's bars: the times span all but one slot.
  const slot = (WIDTH - PAD.left - PAD.right) / points.length;
  const span = WIDTH - PAD.left - PAD.right - (bars ? slot : 0);
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * span;
  const barWidth = (slot * 0.8) / series.length;
  const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const label = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');
  return (
    <figure className="snql-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        data-kind={bars ? 'bars' : area ? 'area' : 'lines'}
        aria-label={`${series.map((s) => s.name).join(', ')} over ${time.name}${bars ? ', as bars' : ''}`}
      >
        <line
          x1={PAD.left}
          y1={HEIGHT - PAD.bottom}
          x2={WIDTH - PAD.right}
          y2={HEIGHT - PAD.bottom}
          stroke="currentColor"
          opacity={0.3}
        />
        <line
          x1={PAD.left}
          y1={PAD.top}
          x2={PAD.left}
          y2={HEIGHT - PAD.bottom}
          stroke="currentColor"
          opacity={0.3}
        />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" fontSize="10">
          {max}
        </text>
        <text x={PAD.left - 6} y={HEIGHT - PAD.bottom} textAnchor="end" fontSize="10">
          0
        </text>
        <text x={PAD.left} y={HEIGHT - 8} fontSize="10">
          {label(t0)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fontSize="10">
          {label(t1)}
        </text>
        {bars &&
          series.map((s, i) =>
            points.map((p) => {
              const top = y(Number(p.row[s.name]) || 0);
              return (
                <rect
                  key={`${s.name}-${p.t}`}
                  x={(x(p.t) + slot * 0.1 + i * barWidth).toFixed(1)}
                  y={top.toFixed(1)}
                  width={barWidth.toFixed(1)}
                  height={(HEIGHT - PAD.bottom - top).toFixed(1)}
                  fill={COLORS[i]}
                />
              );
            }),
          )}
        {!bars &&
          area &&
          series.map((s, i) => (
            <polygon
              key={`${s.name}-area`}
              fill={COLORS[i]}
              opacity={0.25}
              points={[
                `${x(t0).toFixed(1)},${y(0).toFixed(1)}`,
                ...points.map((p) => `${x(p.t).toFixed(1)},${y(Number(p.row[s.name]) || 0).toFixed(1)}`),
                `${x(t1).toFixed(1)},${y(0).toFixed(1)}`,
              ].join(' ')}
            />
          ))}
        {!bars &&
          series.map((s, i) => (
            <polyline
              key={s.name}
              fill="none"
              stroke={COLORS[i]}
              strokeWidth={2}
              points={points
                .map((p) => `${x(p.t).toFixed(1)},${y(Number(p.row[s.name]) || 0).toFixed(1)}`)
                .join(' ')}
            />
          ))}
        {!bars &&
          points.length === 1 &&
          series.map((s, i) => (
            <circle
              key={s.name}
              cx={x(t0)}
              cy={y(Number(points[0]?.row[s.name]) || 0)}
              r={3}
              fill={COLORS[i]}
            />
          ))}
      </svg>
      <figcaption>
        {series.map((s, i) => (
          <span key={s.name} style={{ color: COLORS[i] }}>
            ● {s.name}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

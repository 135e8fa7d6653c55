/** Events of the issue over the page's period or absolute range, with the switch between them. */
import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { PeriodPicker, rangeLabel } from '../issues/RangePicker.tsx';
import { useIssueStats } from './queries.ts';

const WIDTH = 640;
const HEIGHT = 90;

export function EventsChart({
  groupId,
  period,
  range,
  environments,
  onPeriod,
  onRange,
}: {
  environments: string[];
  groupId: number;
  period: StatsPeriod;
  range?: TimeRange | undefined;
  onPeriod: (period: StatsPeriod) => void;
  onRange: (range: TimeRange) => void;
}) {
  const stats = useIssueStats(groupId, period, range, environments);
  const points = stats.data?.points ?? [];
  const max = Math.max(1, ...points.map((p) => p.count));
  const step = points.length > 0 ? WIDTH / points.length : WIDTH;
  const total = stats.data?.total ?? 0;
  return (
    <div className="card events-chart">
      <div className="chart-head">
        <strong>
          {total} event{total === 1 ? '' : 's'} {range ? `from ${rangeLabel(range)}` : `in ${period}`}
          {environments.length > 0 && ` in ${environments.join(', ')}`}
        </strong>
        <PeriodPicker
          label="Chart period"
          period={period}
          onPeriod={onPeriod}
          range={range}
          onRange={onRange}
        />
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label="events chart"
        preserveAspectRatio="none"
      >
        {points.map((point, index) => {
          const h = point.count === 0 ? 0 : Math.max(2, (point.count / max) * (HEIGHT - 4));
          return (
            <rect
              key={point.t}
              x={index * step + 0.5}
              y={HEIGHT - h}
              width={Math.max(1, step - 1)}
              height={h}
            >
              <title>{`${new Date(point.t).toLocaleString()}: ${point.count}`}</title>
            </rect>
          );
        })}
      </svg>
    </div>
  );
}

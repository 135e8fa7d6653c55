/**
 * Events of the issue over the page's period or absolute range, with the switch between them; under
 * the page's event search, as Sentry's issue graph, the matching events drawn over all of them.
 */

import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PeriodPicker, rangeLabel } from '../issues/RangePicker.tsx';
import { useIssueStats } from './queries.ts';

const WIDTH = 640;
const HEIGHT = 90;

export function EventsChart({
  groupId,
  period,
  range,
  environments,
  query,
  onPeriod,
  onRange,
}: {
  environments: string[];
  /** The page's event search; '' for none. */
  query: string;
  groupId: number;
  period: StatsPeriod;
  range?: TimeRange | undefined;
  onPeriod: (period: StatsPeriod) => void;
  onRange: (range: TimeRange) => void;
}) {
  const stats = useIssueStats(groupId, period, range, environments, query);
  const points = stats.data?.points ?? [];
  const matching = stats.data?.matching;
  const max = Math.max(1, ...points.map((p) => p.count), ...(matching?.counts ?? []));
  const step = points.length > 0 ? WIDTH / points.length : WIDTH;
  const total = stats.data?.total ?? 0;
  const when = `${range ? `from ${rangeLabel(range)}` : `in ${period}`}${
    environments.length > 0 ? ` in ${environments.join(', ')}` : ''
  }`;
  const bar = (count: number, index: number, className?: string) => {
    const h = count === 0 ? 0 : Math.max(2, (count / max) * (HEIGHT - 4));
    return (
      <rect
        className={className}
        x={index * step + 0.5}
        y={HEIGHT - h}
        width={Math.max(1, step - 1)}
        height={h}
      />
    );
  };
  return (
    <div className={`card events-chart${matching ? ' events-chart-matching' : ''}`}>
      <div className="chart-head">
        <strong>
          {matching
            ? `${matching.total} matching event${matching.total === 1 ? '' : 's'} of ${total} ${when}`
            : `${total} event${total === 1 ? '' : 's'} ${when}`}
        </strong>
        <PeriodPicker
          label="Chart period"
          period={period}
          onPeriod={onPeriod}
          range={range}
          onRange={onRange}
        />
      </div>
      {stats.error && <ErrorNote error={stats.error} />}
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label="events chart"
        preserveAspectRatio="none"
      >
        {points.map((point, index) => {
          const matched = matching?.counts[index];
          const at = new Date(point.t).toLocaleString();
          return (
            <g key={point.t} data-testid="chart-bucket">
              {bar(point.count, index, matching ? 'chart-total' : undefined)}
              {matched !== undefined && bar(matched, index, 'chart-matching')}
              <title>
                {matched === undefined
                  ? `${at}: ${point.count}`
                  : `${at}: ${matched} matching of ${point.count}`}
              </title>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

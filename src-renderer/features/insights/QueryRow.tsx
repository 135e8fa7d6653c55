/** One normalized query of the Queries page: a row that opens its samples. */
import type { QueryGroup } from '../../../src-shared/insights-api.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { OpenCell } from './table-parts.tsx';

/** `mostMs`: the page's largest time spent, which a full bar stands for. */
export function QueryRow({
  row,
  mostMs,
  selected,
  onOpen,
}: {
  row: QueryGroup;
  mostMs: number;
  selected: boolean;
  onOpen: () => void;
}) {
  return (
    <tr className="trace-list-row" aria-selected={selected} onClick={onOpen}>
      <OpenCell text={row.description} onOpen={onOpen} />
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className="num">{formatDuration(row.avgMs)}</td>
      <td className="num">{formatDuration(row.p95Ms)}</td>
      <td className="num trace-list-duration">
        <span className="trace-list-bar" aria-hidden="true">
          <span style={{ width: `${Math.max(1, (row.totalMs / Math.max(1, mostMs)) * 100)}%` }} />
        </span>
        {formatDuration(row.totalMs)}
      </td>
      <td className={row.maxPerTransaction > 1 ? 'num trace-status' : 'num muted'}>
        {row.maxPerTransaction}
      </td>
    </tr>
  );
}

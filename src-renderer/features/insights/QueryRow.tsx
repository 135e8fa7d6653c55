/** One normalized query of the Queries page: a row that opens its samples. */
import type { QueryGroup } from '../../../src-shared/insights-api.ts';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { OpenRow } from './table-parts.tsx';

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
    <OpenRow text={row.description} selected={selected} onOpen={onOpen}>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className="num">{formatDuration(row.avgMs)}</td>
      <td className="num">{formatDuration(row.p95Ms)}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
      <td className={row.maxPerTransaction > 1 ? 'num trace-status' : 'num muted'}>
        {row.maxPerTransaction}
      </td>
    </OpenRow>
  );
}

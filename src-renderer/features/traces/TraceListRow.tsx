/** One transaction of the Traces page: a row that opens its trace; and the duration bar of list tables. */
import type { TraceListRow as Row } from '../../../src-shared/trace-api.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { formatDuration } from './TraceTimeline.tsx';

function time(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${at.toLocaleDateString()} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

export function traceHref(row: Pick<Row, 'projectId' | 'traceId' | 'spanId'>): string {
  return hrefFor('traces', [row.traceId], { project: String(row.projectId), span: row.spanId });
}

/**
 * A duration after its bar, full for `mostMs` (the table's largest) and never quite empty: the Traces,
 * Queries and Requests tables.
 */
export function DurationBarCell({
  className,
  ms,
  mostMs,
}: {
  className: string;
  ms: number;
  mostMs: number;
}) {
  return (
    <td className={className}>
      <span className="trace-list-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(1, (ms / Math.max(1, mostMs)) * 100)}%` }} />
      </span>
      {formatDuration(ms)}
    </td>
  );
}

/** `longestMs`: the page's longest duration, which a full bar stands for. */
export function TraceListRow({ row, longestMs }: { row: Row; longestMs: number }) {
  const href = traceHref(row);
  return (
    <tr className="trace-list-row" onClick={() => navigate(href)}>
      <td className="trace-list-time" title={`${row.start} – ${row.end}`}>
        {time(row.start)}
      </td>
      <td>
        <a href={href} onClick={(event) => event.stopPropagation()}>
          {row.name}
        </a>
      </td>
      <td className="muted">{row.op ?? ''}</td>
      <DurationBarCell className="trace-list-duration" ms={row.durationMs} mostMs={longestMs} />
      <td className={row.status && row.status !== 'ok' ? 'trace-status' : 'muted'}>{row.status ?? ''}</td>
      <td className={row.errorCount ? 'trace-status' : 'muted'}>{row.errorCount ?? ''}</td>
    </tr>
  );
}

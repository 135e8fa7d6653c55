/** One monitor's check-ins, newest first: status, start, duration, release and the issues of its trace. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CheckInStatus } from '../../../src-shared/crons-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';

/** New check-ins come as live events; this refresh is for what time alone changes (Missed, Timed Out, "x ago"). */
export const POLL_MS = 30_000;
const PAGE = 50;

export const STATUS_LABELS: Record<CheckInStatus, string> = {
  ok: 'OK',
  error: 'Failed',
  in_progress: 'In Progress',
  missed: 'Missed',
  timeout: 'Timed Out',
  unknown: 'Unknown',
};

export function StatusBadge({ status }: { status: CheckInStatus }) {
  return <span className={`cron-status cron-${status}`}>{STATUS_LABELS[status]}</span>;
}

function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  return `${Math.floor(ms / 60_000)}min ${Math.round((ms % 60_000) / 1_000)}s`;
}

export function CheckInsTable(props: { projectId: number; monitorSlug: string; environment?: string }) {
  const { projectId, monitorSlug, environment } = props;
  const [limit, setLimit] = useState(PAGE);
  const checkIns = useQuery({
    ...apiQueryOptions(useTransport(), 'crons.checkIns', { projectId, monitorSlug, environment, limit }),
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });
  const rows = checkIns.data?.checkIns ?? [];
  return (
    <section className="cron-check-ins">
      <h2>
        Check-ins of <code>{monitorSlug}</code>
        {environment && <span className="muted"> in {environment}</span>}
      </h2>
      {checkIns.error && <ErrorNote error={checkIns.error} />}
      {checkIns.data && rows.length === 0 && <p className="empty">No check-ins of this monitor.</p>}
      {rows.length > 0 && (
        // The check-ins of the monitor before stay on screen while this one's load: busy until they come.
        <table
          className="crons-table"
          aria-label="Check-ins"
          data-testid="check-ins-table"
          aria-busy={checkIns.isPlaceholderData}
        >
          <thead>
            <tr>
              <th>Status</th>
              <th>Started</th>
              <th>Duration</th>
              <th>Environment</th>
              <th>Release</th>
              <th>Trace</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((checkIn) => (
              <tr key={checkIn.id} className="check-in-row">
                <td>
                  <StatusBadge status={checkIn.status} />
                </td>
                <td>{new Date(checkIn.timestamp).toLocaleString()}</td>
                <td>{formatDuration(checkIn.duration)}</td>
                <td>{checkIn.environment}</td>
                <td>{checkIn.release ?? <span className="muted">—</span>}</td>
                <td>
                  {checkIn.traceId ? (
                    <a
                      href={hrefFor('issues', [], {
                        project: String(projectId),
                        query: `trace:${checkIn.traceId}`,
                      })}
                      title={checkIn.traceId}
                    >
                      issues of this trace
                    </a>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {checkIns.data?.nextCursor && limit < 500 && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show older check-ins
        </button>
      )}
    </section>
  );
}

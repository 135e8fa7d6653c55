/**
 * Sentry's Crons page: the monitors a project's check-ins name, one per slug and environment, with
 * their status (Sentry's monitor environment status: OK, Failed, or waiting for its first check-in),
 * schedule, last check-in and a strip of the recent check-ins (missed ones included); a monitor opens
 * its check-ins below. New check-ins come as live events (`items.changed`); the page also refreshes
 * every 30 s for what time alone changes (Missed, Timed Out, "x ago").
 */
import { useQuery } from '@tanstack/react-query';
import {
  type CronMonitor,
  MAX_CHECK_IN_ITEMS_SCANNED,
  type MonitorEnvironmentStatus,
} from '../../../src-shared/crons-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { CheckInsTable, POLL_MS, STATUS_LABELS } from './CheckInsTable.tsx';
import './crons.css';

function EmptyCrons() {
  return (
    <div className="empty" data-testid="crons-empty">
      <p>No check-ins yet. A job checks in when it runs under a monitor:</p>
      <pre>{`Sentry.withMonitor('my-job', () => runMyJob(), {
  schedule: { type: 'crontab', value: '0 * * * *' },
});`}</pre>
      <p>
        Or{' '}
        <code>
          Sentry.captureCheckIn({'{'} monitorSlug: 'my-job', status: 'in_progress' {'}'})
        </code>
        ; in Python <code>@sentry_sdk.crons.monitor(monitor_slug='my-job')</code>; without an SDK, the cron
        URL of the Projects &amp; Setup page's DSN (<code>/api/1/cron/my-job/&lt;key&gt;/?status=ok</code>).
      </p>
    </div>
  );
}

const MONITOR_STATUS_LABELS: Record<MonitorEnvironmentStatus, string> = {
  ok: 'OK',
  error: 'Failed',
  active: 'Waiting for check-in',
};

function MonitorStatusBadge({ monitor }: { monitor: CronMonitor }) {
  return (
    <span
      className={`cron-status cron-${monitor.monitorStatus}`}
      title={`Latest check-in: ${STATUS_LABELS[monitor.status]}`}
    >
      {MONITOR_STATUS_LABELS[monitor.monitorStatus]}
    </span>
  );
}

function RecentStrip({ monitor }: { monitor: CronMonitor }) {
  return (
    <span className="cron-strip" role="img" aria-label={`Recent check-ins of ${monitor.slug}`}>
      {monitor.recent.map((checkIn, index) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: a strip of statuses in a fixed order
          key={index}
          className={`cron-tick cron-${checkIn.status}`}
          data-status={checkIn.status}
          title={`${checkIn.status} · ${new Date(checkIn.timestamp).toLocaleString()}`}
        />
      ))}
    </span>
  );
}

export function CronsPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const selected = params.get('monitor');
  const environment = params.get('environment') ?? undefined;
  const list = useQuery({
    ...apiQueryOptions(useTransport(), 'crons.list', { projectId }),
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });
  const go = (change: { project?: number; monitor?: CronMonitor | null }) => {
    const query: Record<string, string> = { project: String(change.project ?? projectId) };
    if (change.monitor) {
      query.monitor = change.monitor.slug;
      query.environment = change.monitor.environment;
    }
    navigate(hrefFor('crons', [], query), { replace: true });
  };
  const monitors = list.data?.monitors ?? [];

  return (
    <section>
      <ListHeader
        title="Crons"
        projectId={projectId}
        onProject={(project) => go({ project, monitor: null })}
      />
      <ListTable
        read={list}
        rows={monitors}
        empty={<EmptyCrons />}
        className="crons-table"
        label="Monitors"
        testId="monitors-table"
        head={
          <>
            <th>Status</th>
            <th>Monitor</th>
            <th>Environment</th>
            <th>Schedule</th>
            <th>Last check-in</th>
            <th>Recent check-ins</th>
          </>
        }
        row={(monitor) => {
          const current = monitor.slug === selected && monitor.environment === environment;
          return (
            <tr
              key={`${monitor.slug}\u0000${monitor.environment}`}
              className="cron-row"
              aria-selected={current}
              onClick={() => go({ monitor: current ? null : monitor })}
            >
              <td>
                <MonitorStatusBadge monitor={monitor} />
              </td>
              <td className="cron-slug">{monitor.slug}</td>
              <td>{monitor.environment}</td>
              <td>
                {monitor.scheduleText ?? <span className="muted">not sent</span>}
                {monitor.timezone && <span className="muted"> ({monitor.timezone})</span>}
              </td>
              <td title={new Date(monitor.lastCheckIn).toLocaleString()}>
                {timeAgo(new Date(monitor.lastCheckIn).toISOString())}
              </td>
              <td>
                <RecentStrip monitor={monitor} />
              </td>
            </tr>
          );
        }}
        partial={{
          testId: 'crons-partial',
          text: `Older check-ins not read (the page reads the newest ${MAX_CHECK_IN_ITEMS_SCANNED}).`,
        }}
      />
      {selected && <CheckInsTable projectId={projectId} monitorSlug={selected} environment={environment} />}
    </section>
  );
}

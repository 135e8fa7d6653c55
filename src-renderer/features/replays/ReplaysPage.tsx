/**
 * Sentry's Replays page: a project's session replays newest first, each with its id (a link to it),
 * the first URL visited, when it started, how long it ran, its user, browser and OS, and how many
 * errors it has. `#/replays/<id>` opens one (`ReplayDetailPage`). New replays come as live events
 * (`items.changed` naming `replay_event`).
 */
import { useQuery } from '@tanstack/react-query';
import {
  MAX_REPLAY_EVENTS_SCANNED,
  nameAndVersion,
  type ReplaySummary,
} from '../../../src-shared/replays-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { timeAgo } from '../issues/format.ts';
import { formatPlayerTime } from './format.ts';
import { ReplayDetailPage } from './ReplayDetailPage.tsx';
import './replays.css';

function EmptyReplays() {
  return (
    <div className="empty" data-testid="replays-empty">
      <p>No replays yet. The browser SDK records them with its replay integration:</p>
      <pre>{`Sentry.init({
  dsn,
  integrations: [Sentry.replayIntegration()],
  replaysSessionSampleRate: 1.0, // every session (locally)
  replaysOnErrorSampleRate: 1.0, // and the sessions with an error
});`}</pre>
    </div>
  );
}

function ReplayRow({ replay }: { replay: ReplaySummary }) {
  const href = hrefFor('replays', [replay.id], { project: String(replay.projectId) });
  return (
    <tr data-testid="replay-row">
      <td>
        <a href={href} className="replay-link">
          <code>{replay.id.slice(0, 8)}</code>
        </a>
        <div className="replay-url" data-testid="replay-url" title={replay.urls.join('\n')}>
          {replay.urls[0] ?? <span className="muted">no URL</span>}
          {replay.urls.length > 1 && <span className="muted"> +{replay.urls.length - 1}</span>}
        </div>
      </td>
      <td title={replay.startedAt}>{timeAgo(replay.startedAt)}</td>
      <td>{formatPlayerTime(replay.duration * 1000)}</td>
      <td>{replay.user.displayName ?? <span className="muted">anonymous</span>}</td>
      <td>{nameAndVersion(replay.browser) ?? ''}</td>
      <td>{nameAndVersion(replay.os) ?? ''}</td>
      <td data-testid="replay-errors" className={replay.errorIds.length > 0 ? 'replay-has-errors' : ''}>
        {replay.errorIds.length}
      </td>
    </tr>
  );
}

/** Replays as the Replays page lists them (also the issue page's Replays tab), each row opening its replay. */
export function ReplayTable({
  replays,
  busy = false,
}: {
  replays: readonly ReplaySummary[];
  busy?: boolean;
}) {
  return (
    <table className="replays-table" data-testid="replays-list" aria-busy={busy}>
      <thead>
        <tr>
          <th>Replay</th>
          <th>Started</th>
          <th>Duration</th>
          <th>User</th>
          <th>Browser</th>
          <th>OS</th>
          <th>Errors</th>
        </tr>
      </thead>
      <tbody>
        {replays.map((replay) => (
          <ReplayRow key={replay.id} replay={replay} />
        ))}
      </tbody>
    </table>
  );
}

function ReplayList({ projectId }: { projectId: number }) {
  const replays = useQuery({
    ...apiQueryOptions(useTransport(), 'replays.list', { projectId }),
    placeholderData: (previous) => previous,
  });
  const list = replays.data?.replays ?? [];
  return (
    <section>
      <h1>Replays</h1>
      <div className="issues-toolbar">
        <ProjectPicker
          value={projectId}
          onChange={(project) =>
            navigate(hrefFor('replays', [], { project: String(project) }), { replace: true })
          }
        />
      </div>
      {replays.error && <ErrorNote error={replays.error} />}
      {replays.data && list.length === 0 && <EmptyReplays />}
      {list.length > 0 && <ReplayTable replays={list} busy={replays.isPlaceholderData} />}
      {replays.data?.partial && (
        <p className="muted" data-testid="replays-partial">
          Older replays not read (the page reads the newest {MAX_REPLAY_EVENTS_SCANNED.toLocaleString()}{' '}
          replay segments).
        </p>
      )}
    </section>
  );
}

export function ReplaysPage() {
  const { params, segments } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const [replayId] = segments;
  if (replayId !== undefined)
    return <ReplayDetailPage key={replayId} projectId={projectId} replayId={replayId} />;
  return <ReplayList projectId={projectId} />;
}

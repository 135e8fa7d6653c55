/**
 * One replay, as Sentry's replay details show it: the player (`ReplayPlayer`, loaded when needed)
 * beside the breadcrumbs the SDK recorded (clicks, navigation, console …) and the replay's errors,
 * each error a link to its event; clicking a breadcrumb or an error's time moves the player there.
 * A replay whose recording is missing or cannot be read says so instead of an empty player.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import {
  nameAndVersion,
  type ReplayBreadcrumb,
  type ReplayDetail,
  type ReplayError,
} from '../../../src-shared/replays-api.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { formatPlayerTime } from './format.ts';
import './replays.css';

const ReplayPlayer = lazy(() => import('./ReplayPlayer.tsx'));

interface Seek {
  at: number;
  count: number;
}

function at(replay: ReplayDetail['replay'], timestamp: number): string {
  return formatPlayerTime(timestamp - Date.parse(replay.startedAt));
}

function Crumb({
  crumb,
  detail,
  onSeek,
}: {
  crumb: ReplayBreadcrumb;
  detail: ReplayDetail;
  onSeek: (at: number) => void;
}) {
  return (
    <li data-testid="replay-breadcrumb" className="replay-crumb">
      <button type="button" onClick={() => onSeek(crumb.timestamp)} title="Go to this moment">
        <span className="replay-crumb-time">{at(detail.replay, crumb.timestamp)}</span>
        <span className="replay-crumb-category">{crumb.category}</span>
        {crumb.message && <span className="replay-crumb-message">{crumb.message}</span>}
      </button>
    </li>
  );
}

function ErrorItem({
  error,
  detail,
  onSeek,
}: {
  error: ReplayError;
  detail: ReplayDetail;
  onSeek: (at: number) => void;
}) {
  return (
    <li data-testid="replay-error" className="replay-error">
      {error.timestamp !== null && (
        <button type="button" onClick={() => onSeek(error.timestamp as number)} title="Go to this moment">
          {at(detail.replay, error.timestamp)}
        </button>
      )}{' '}
      {error.groupId !== null ? (
        <a href={hrefFor('issues', [error.groupId, 'events', error.eventId])}>
          {error.shortId} · {error.title}
        </a>
      ) : (
        <span className="muted">
          event <code>{error.eventId.slice(0, 8)}</code> (not received)
        </span>
      )}
    </li>
  );
}

function RecordingNote({ detail }: { detail: ReplayDetail }) {
  const { recording } = detail;
  if (recording.events.length === 0) {
    const why =
      recording.problems.length > 0
        ? `none of its recording segments could be read: ${recording.problems.join('; ')}`
        : 'no recording segment of it was received (the SDK sends the recording with each replay event; a replay received by an older Faultline has none)';
    return (
      <p className="error-note" role="alert" data-testid="replay-recording-missing">
        This replay cannot be played: {why}.
      </p>
    );
  }
  if (recording.problems.length === 0) return null;
  return (
    <p className="error-note" role="alert" data-testid="replay-recording-problems">
      Some of the recording could not be read, so the replay may jump: {recording.problems.join('; ')}.
    </p>
  );
}

function Facts({ detail }: { detail: ReplayDetail }) {
  const { replay } = detail;
  const browser = nameAndVersion(replay.browser);
  const os = nameAndVersion(replay.os);
  return (
    <dl className="replay-facts">
      <dt>Started</dt>
      <dd>{new Date(replay.startedAt).toLocaleString()}</dd>
      <dt>Duration</dt>
      <dd>{formatPlayerTime(replay.duration * 1000)}</dd>
      <dt>User</dt>
      <dd>{replay.user.displayName ?? 'anonymous'}</dd>
      {browser && (
        <>
          <dt>Browser</dt>
          <dd>{browser}</dd>
        </>
      )}
      {os && (
        <>
          <dt>OS</dt>
          <dd>{os}</dd>
        </>
      )}
      {replay.environment && (
        <>
          <dt>Environment</dt>
          <dd>{replay.environment}</dd>
        </>
      )}
      <dt>URLs</dt>
      <dd>
        <ol className="replay-urls" data-testid="replay-urls">
          {replay.urls.map((url, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: URLs repeat; their order is their identity.
            <li key={index}>{url}</li>
          ))}
        </ol>
      </dd>
    </dl>
  );
}

export function ReplayDetailPage({ projectId, replayId }: { projectId: number; replayId: string }) {
  const detail = useApiQuery('replays.get', { projectId, replayId });
  const [seek, setSeek] = useState<Seek | null>(null);
  // The player keeps the recording it opened with: segments that arrive meanwhile (a session still
  // recording) are offered, not swapped in under the viewer.
  const [played, setPlayed] = useState<unknown[] | null>(null);
  const onSeek = useCallback(
    (time: number) => setSeek((previous) => ({ at: time, count: (previous?.count ?? 0) + 1 })),
    [],
  );
  const back = <a href={hrefFor('replays', [], { project: String(projectId) })}>← Replays</a>;
  if (detail.error)
    return (
      <section>
        {back}
        <h1>Replay</h1>
        <ErrorNote error={detail.error} />
      </section>
    );
  if (!detail.data) return <p className="muted">Loading the replay…</p>;
  const data = detail.data;
  const events = played ?? data.recording.events;
  const arrived = data.recording.events.length - events.length;
  return (
    <section className="replay-detail" data-testid="replay-detail">
      {back}
      <h1>
        Replay <code>{data.replay.id}</code>
      </h1>
      <Facts detail={data} />
      <RecordingNote detail={data} />
      <div className="replay-layout">
        <div className="replay-main">
          {events.length > 0 && (
            <Suspense fallback={<p className="muted">Loading the player…</p>}>
              <ReplayPlayer events={events} seek={seek} onOpen={() => setPlayed(events)} />
            </Suspense>
          )}
          {played !== null && arrived > 0 && (
            <button type="button" onClick={() => setPlayed(data.recording.events)} data-testid="replay-newer">
              {arrived} more recorded events arrived: reload the player
            </button>
          )}
        </div>
        <aside className="replay-side">
          <section aria-label="Errors" className="card">
            <h2>Errors ({data.errors.length})</h2>
            {data.errors.length === 0 ? (
              <p className="muted">No errors in this replay.</p>
            ) : (
              <ul className="replay-errors" data-testid="replay-error-list">
                {data.errors.map((error) => (
                  <ErrorItem key={error.eventId} error={error} detail={data} onSeek={onSeek} />
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Breadcrumbs" className="card">
            <h2>Breadcrumbs ({data.breadcrumbs.length})</h2>
            <ul className="replay-crumbs" data-testid="replay-breadcrumbs">
              {data.breadcrumbs.map((crumb, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: breadcrumbs have no id; the list only grows.
                <Crumb key={index} crumb={crumb} detail={data} onSeek={onSeek} />
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </section>
  );
}

/**
 * The replay an error event happened in, as Sentry's event page links it: the browser SDK's replay
 * integration puts the replay's id in the event's `replay` context (`contexts.replay.replay_id`) and
 * its `replayId` tag. The link opens the replay (which says so when its recording never arrived).
 */
import { hrefFor } from '../../app/router.ts';

const REPLAY_ID = /^[0-9a-f]{32}$/;

/** The replay id of an event: its replay context's, else its `replayId` tag's. */
export function replayIdOf(event: Record<string, unknown>, tags: Array<[string, string]>): string | null {
  const contexts = event.contexts as Record<string, { replay_id?: unknown } | undefined> | undefined;
  const fromContext = contexts?.replay?.replay_id;
  const raw = typeof fromContext === 'string' ? fromContext : tags.find(([key]) => key === 'replayId')?.[1];
  const id = raw?.replaceAll('-', '').toLowerCase();
  return id !== undefined && REPLAY_ID.test(id) ? id : null;
}

export function ReplaySection({ projectId, replayId }: { projectId: number; replayId: string }) {
  return (
    <section className="card" aria-label="Replay" data-testid="event-replay">
      <h2>Replay</h2>
      <p>
        This error happened during a session replay:{' '}
        <a href={hrefFor('replays', [replayId], { project: String(projectId) })}>
          Open replay <code>{replayId.slice(0, 8)}</code>
        </a>
      </p>
    </section>
  );
}

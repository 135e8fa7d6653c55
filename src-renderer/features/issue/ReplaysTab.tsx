/**
 * The issue's Replays tab, as Sentry's issue details have it: the session replays its events belong
 * to (of the page's environments and time), listed as the Replays page lists them, each opening
 * the replay. The page's event search does not narrow them: Sentry's tab asks for the replays of the
 * issue's events by issue id and environment only ("not subject to search filters"), and this one says so.
 */
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ReplayTable } from '../replays/ReplaysPage.tsx';
import '../replays/replays.css';
import { filterLabel, type IssuePageFilter, narrows, scopeParams, searchNotApplied } from './page-filter.ts';
import { useIssueReplays } from './queries.ts';

export function ReplaysTab({ groupId, filter }: { groupId: number; filter: IssuePageFilter }) {
  const replays = useIssueReplays(groupId, scopeParams(filter));
  const data = replays.data;
  const note = searchNotApplied(filter, 'replays');
  const noteLine = note && (
    <p className="muted" data-testid="search-not-applied">
      {note}
    </p>
  );
  if (replays.error) return <ErrorNote error={replays.error} />;
  if (!data) return <p className="muted">loading replays…</p>;
  if (data.total === 0)
    return (
      <>
        {noteLine}
        <p className="muted" data-testid="no-replays">
          No replays of this issue's events{narrows(filter) ? ` here (${filterLabel(filter)})` : ''}. The
          browser SDK records them with <code>Sentry.replayIntegration()</code>, and an error sent during a
          recorded session names its replay.
        </p>
      </>
    );
  return (
    <section aria-label="Replays">
      {noteLine}
      <ReplayTable replays={data.replays} />
      {data.total > data.replays.length && (
        <p className="muted" data-testid="replays-more">
          The newest {data.replays.length} of {data.total} replays.
        </p>
      )}
    </section>
  );
}

/** The issue's User Feedback tab: what users said about its events, newest first, a page at a time. */
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { FeedbackEntry } from '../event/UserFeedback.tsx';
import { Pager } from './Pager.tsx';
import {
  filterLabel,
  filterParams,
  type IssuePageFilter,
  narrows,
  scopeParams,
  searchNotApplied,
} from './page-filter.ts';
import { FEEDBACK_PAGE, useIssueFeedback } from './queries.ts';

/**
 * `filter`: the page's; the feedback on its environments' events of its time, as Sentry's tab. Its event
 * search does not apply: Sentry's User Feedback tab is not subject to the search (its endpoint takes the
 * environment alone), and says so, as this tab does.
 */
export function FeedbackTab({
  groupId,
  offset,
  filter,
}: {
  groupId: number;
  offset: number;
  filter: IssuePageFilter;
}) {
  const feedback = useIssueFeedback(groupId, offset, scopeParams(filter));
  const note = searchNotApplied(filter, 'user feedback');
  const page = (next: number) =>
    navigate(hrefFor('issues', [groupId, 'feedback'], { offset: String(next), ...filterParams(filter) }), {
      replace: true,
    });
  const data = feedback.data;
  if (feedback.error) return <ErrorNote error={feedback.error} />;
  if (!data) return <p className="muted">loading feedback…</p>;
  const noteLine = note && (
    <p className="muted" data-testid="search-not-applied">
      {note}
    </p>
  );
  if (data.total === 0 && narrows(filter))
    return (
      <>
        {noteLine}
        <p className="muted" data-testid="no-feedback">
          No user feedback on this issue's events here ({filterLabel(filter)}).
        </p>
      </>
    );
  if (data.total === 0)
    return (
      <p className="muted" data-testid="no-feedback">
        No user feedback on this issue's events yet. SDKs send it with <code>Sentry.captureFeedback</code> (
        <code>associatedEventId</code> names the event) or the feedback widget.
      </p>
    );
  return (
    <section aria-label="User Feedback">
      {noteLine}
      <ul className="feedback-list">
        {data.feedback.map((entry) => (
          <FeedbackEntry key={entry.id} feedback={entry} linkEvent linkParams={filterParams(filter)} />
        ))}
      </ul>
      <Pager
        offset={data.offset}
        shown={data.feedback.length}
        total={data.total}
        pageSize={FEEDBACK_PAGE}
        onPage={page}
      />
    </section>
  );
}

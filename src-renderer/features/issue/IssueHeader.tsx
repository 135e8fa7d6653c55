/**
 * Title, bookmark star, culprit, short id, level, status with its actions, priority (with Sentry's
 * dropdown to change it), first/last seen, and the events and users of the page's filter.
 */
import type { IssueCounts, IssueDetail } from '../../../src-shared/issues-api.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { BookmarkStar } from '../issues/BookmarkStar.tsx';
import { isForReview, useIssueActions } from '../issues/BulkActions.tsx';
import { compactCount, timeAgo } from '../issues/format.ts';
import { StatusBadge, UnhandledBadge } from '../issues/IssueRow.tsx';
import { issueMessage } from '../issues/issue-message.ts';
import { LevelBadge } from '../issues/LevelBadge.tsx';
import { backToIssuesHref } from '../issues/list-location.ts';
import { PriorityDropdown } from '../issues/Priority.tsx';
import { ResolveControl } from '../issues/ResolveControl.tsx';
import { filterLabel, type IssuePageFilter, narrows } from './page-filter.ts';

/** What a resolved issue waits for, as Sentry's resolution box says it. */
function resolutionNote(issue: IssueDetail): string | null {
  if (issue.status !== 'resolved') return null;
  const { inNextRelease, inRelease } = issue.statusDetails;
  if (inNextRelease) return `Resolved in the next release (after ${inNextRelease})`;
  if (inRelease) return `Resolved in ${inRelease}`;
  return null;
}

function ignoreNote(issue: IssueDetail): string | null {
  if (issue.status !== 'ignored') return null;
  const { ignoreCount, ignoreUntilEscalating } = issue.statusDetails;
  if (ignoreCount) return `until ${ignoreCount} more events`;
  if (ignoreUntilEscalating) return 'until it escalates';
  return null;
}

/** Sentry's "First seen 3 days ago in release 1.2.0" (and Last seen), the release when an event named one. */
function SeenIn({ what, at, release }: { what: string; at: string; release: string | null }) {
  return (
    <span title={at} data-testid={what === 'First seen' ? 'first-seen' : 'last-seen'}>
      {what} {timeAgo(at)}
      {release && (
        <>
          {' '}
          in release <strong>{release}</strong>
        </>
      )}
    </span>
  );
}

/**
 * Events and Users as Sentry's issue details show them beside its graph: the count of the page's
 * filter — environments, time and event search —, "Event"/"User" for one; the issue's totals in the
 * tooltip when the filter narrows them.
 */
function FilteredCount({
  what,
  count,
  total,
  filter,
}: {
  what: 'Event' | 'User';
  count: number | undefined;
  total: number;
  filter: IssuePageFilter;
}) {
  const label = count === 1 ? what : `${what}s`;
  const title = narrows(filter)
    ? `${label} of this filter (${filterLabel(filter)}); ${total} since the issue began`
    : `${label} since the issue began`;
  return (
    <span title={title} data-testid={what === 'Event' ? 'issue-event-count' : 'issue-user-count'}>
      {label} <strong>{count === undefined ? '–' : compactCount(count)}</strong>
    </span>
  );
}

export function IssueHeader({
  issue,
  counts,
  filter,
}: {
  issue: IssueDetail;
  /** The events and users of the page's filter (`issues.counts`); undefined while they load. */
  counts: IssueCounts | undefined;
  filter: IssuePageFilter;
}) {
  const actions = useIssueActions(issue.projectId, () => undefined);
  const message = issueMessage(issue);
  const ids = [issue.id];
  const resolution = resolutionNote(issue);
  const ignored = ignoreNote(issue);
  const remove = (discard: boolean) => {
    if (!window.confirm(discard ? 'Delete this issue and discard its future events?' : 'Delete this issue?'))
      return;
    actions.remove(ids, discard);
    navigate(backToIssuesHref(issue.projectId));
  };
  return (
    <header className="issue-header">
      <div className="issue-heading">
        <LevelBadge level={issue.level} />
        <h1 data-testid="issue-title">{issue.title}</h1>
        <BookmarkStar
          bookmarked={issue.isBookmarked}
          disabled={actions.pending}
          onChange={(bookmarked) => actions.setBookmarked(ids, bookmarked)}
        />
      </div>
      {message && (
        <p className="issue-message" data-testid="issue-message">
          {message}
        </p>
      )}
      <div className="muted issue-sub">
        <span className="short-id">{issue.shortId}</span>
        <UnhandledBadge issue={issue} />
        <span>{issue.culprit}</span>
      </div>
      <div className="issue-facts">
        <span>
          Status: <StatusBadge issue={issue} />{' '}
          {resolution && <span data-testid="resolution">{resolution}</span>}
          {ignored && <span className="muted">{ignored}</span>}
        </span>
        <span data-testid="issue-priority">
          Priority:{' '}
          <PriorityDropdown
            priority={issue.priority}
            disabled={actions.pending}
            onChange={(priority) => actions.setPriority(ids, priority)}
          />
        </span>
        <FilteredCount what="Event" count={counts?.count} total={issue.count} filter={filter} />
        <FilteredCount what="User" count={counts?.userCount} total={issue.userCount} filter={filter} />
        <SeenIn what="First seen" at={issue.firstSeen} release={issue.firstRelease} />
        <SeenIn what="Last seen" at={issue.lastSeen} release={issue.lastRelease} />
      </div>
      <div className="issue-actions" role="toolbar" aria-label="Issue actions">
        {issue.status === 'unresolved' ? (
          <>
            <ResolveControl
              projectId={issue.projectId}
              disabled={actions.pending}
              onResolve={(update) => actions.setStatus(ids, update)}
            />
            <button
              type="button"
              onClick={() => actions.setStatus(ids, { status: 'ignored', until: 'forever' })}
            >
              Ignore
            </button>
            <button
              type="button"
              onClick={() => actions.setStatus(ids, { status: 'ignored', until: 'escalating' })}
            >
              Ignore until escalating
            </button>
            {isForReview(issue) && (
              <button type="button" disabled={actions.pending} onClick={() => actions.markReviewed(ids)}>
                Mark Reviewed
              </button>
            )}
          </>
        ) : (
          <button type="button" onClick={() => actions.setStatus(ids, { status: 'unresolved' })}>
            {issue.status === 'resolved' ? 'Unresolve' : 'Stop ignoring'}
          </button>
        )}
        <button type="button" onClick={() => remove(false)}>
          Delete
        </button>
        <button type="button" onClick={() => remove(true)}>
          Delete &amp; discard
        </button>
        <a
          className="export-link"
          href={hrefFor('export', [], { issue: issue.shortId, project: String(issue.projectId) })}
          title="Export this issue's events (JSONL, CSV or Parquet)"
        >
          Export events
        </a>
        {actions.error && <ErrorNote error={actions.error} />}
      </div>
    </header>
  );
}

/** The events of one issue, newest first, narrowed by the page's filter and its event search. */

import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { environmentSearch } from '../issues/EnvironmentPicker.tsx';
import { timeAgo } from '../issues/format.ts';
import { type DiscoverIssue, issueDiscoverHref } from './discover-link.ts';
import { Pager } from './Pager.tsx';
import { filterParams, type IssuePageFilter, timeLabel, timeParams } from './page-filter.ts';
import { useIssueEvents } from './queries.ts';

export function EventsTab({
  groupId,
  issue,
  offset,
  filter,
}: {
  groupId: number;
  /** The issue, for "Open in Discover" (Sentry's: its events as a Discover query, under the page's filter). */
  issue: DiscoverIssue;
  offset: number;
  /**
   * The page's filter: only its environments' events of its time that match its search are listed
   * (as Sentry's events tab).
   */
  filter: IssuePageFilter;
}) {
  const query = filter.query ?? '';
  const events = useIssueEvents(
    groupId,
    `${query} ${environmentSearch(filter.environments)}`.trim(),
    offset,
    timeParams(filter),
  );
  const page = (offset: number) =>
    navigate(hrefFor('issues', [groupId, 'events'], { offset: String(offset), ...filterParams(filter) }), {
      replace: true,
    });
  const data = events.data;
  const time = timeLabel(filter);
  return (
    <section>
      <p className="events-tab-actions">
        <a href={issueDiscoverHref(issue, filter)}>Open in Discover</a>
      </p>
      {events.error && <ErrorNote error={events.error} />}
      <table className="events-table">
        <thead>
          <tr>
            <th>Event</th>
            <th>Message</th>
            <th>Release</th>
            <th>Environment</th>
            <th>User</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {data?.events.map((event) => (
            <tr key={event.eventId} data-testid="event-row">
              <td>
                <a
                  href={hrefFor('issues', [groupId, 'events', event.eventId], filterParams(filter))}
                  className="short-id"
                >
                  {event.eventId.slice(0, 8)}
                </a>
              </td>
              <td>{event.message || event.title}</td>
              <td>{event.release ?? ''}</td>
              <td>{event.environment ?? ''}</td>
              <td>{event.user ?? ''}</td>
              <td title={event.timestamp}>{timeAgo(event.timestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && (
        <Pager
          offset={data.offset}
          shown={data.events.length}
          total={data.total}
          pageSize={50}
          onPage={page}
          empty={`No events${query ? ' match the search' : ''}${time ? ` ${time}` : ''}`}
        />
      )}
    </section>
  );
}

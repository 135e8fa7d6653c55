/** The events of one issue, newest first, with a search over their tags and messages. */

import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { environmentSearch } from '../issues/EnvironmentPicker.tsx';
import { timeAgo } from '../issues/format.ts';
import { SearchBox } from '../issues/SearchBox.tsx';
import { Pager } from './Pager.tsx';
import { filterParams, type IssuePageFilter, timeLabel, timeParams } from './page-filter.ts';
import { useIssueEvents } from './queries.ts';

export function EventsTab({
  groupId,
  query,
  offset,
  filter,
}: {
  groupId: number;
  query: string;
  offset: number;
  /** The page's filter: only its environments' events of its time are listed (as Sentry's events tab). */
  filter: IssuePageFilter;
}) {
  const events = useIssueEvents(
    groupId,
    `${query} ${environmentSearch(filter.environments)}`.trim(),
    offset,
    timeParams(filter),
  );
  const page = (next: { query?: string; offset?: number }) =>
    navigate(
      hrefFor('issues', [groupId, 'events'], {
        query: next.query ?? query,
        offset: String(next.offset ?? 0),
        ...filterParams(filter),
      }),
      { replace: true },
    );
  const data = events.data;
  return (
    <section>
      <SearchBox
        value={query}
        label="Search events"
        placeholder="user.email:ada@example.com environment:production timeout"
        onSubmit={(text) => page({ query: text })}
      />
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
          onPage={(offset) => page({ offset })}
          empty={`No events${timeLabel(filter) ? ` ${timeLabel(filter)}` : ''}`}
        />
      )}
    </section>
  );
}

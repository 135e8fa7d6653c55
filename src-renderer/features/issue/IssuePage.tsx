/**
 * An issue: header with actions, events chart, tag distributions, and tabs for the recommended (or
 * the latest, oldest, a chosen) event, the list of events, the user feedback on them, their
 * attachments, their replays, their tags, and the merged hashes. Routes: `#/issues/ID` (the
 * recommended event), `#/issues/ID/events`, `#/issues/ID/events/recommended|latest|oldest|EVENT`,
 * `#/issues/ID/feedback`, `#/issues/ID/attachments`,
 * `#/issues/ID/replays`, `#/issues/ID/tags`, `#/issues/ID/tags/KEY`, `#/issues/ID/hashes`.
 */
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { NotFound } from '../../app/NotFound.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { EventView } from '../event/EventView.tsx';
import { EnvironmentPicker } from '../issues/EnvironmentPicker.tsx';
import { backToIssuesHref } from '../issues/list-location.ts';
import { SearchBox } from '../issues/SearchBox.tsx';
import { ActivityTab } from './ActivityTab.tsx';
import { AttachmentsTab, parseAttachmentFilter } from './AttachmentsTab.tsx';
import { EventsChart } from './EventsChart.tsx';
import { EventsTab } from './EventsTab.tsx';
import { FeedbackTab } from './FeedbackTab.tsx';
import { HashesTab } from './HashesTab.tsx';
import { IssueHeader } from './IssueHeader.tsx';
import {
  eventParams,
  filterParams,
  hrefWithFilter,
  type IssuePageFilter,
  issuePageFilterOf,
  scopeParams,
} from './page-filter.ts';
import { useIssue, useIssueCounts, useIssueFeedback, useIssueReplays } from './queries.ts';
import { ReplaysTab } from './ReplaysTab.tsx';
import { parseTagValueSort, TagDetails } from './TagDetails.tsx';
import { TagSummary } from './TagSummary.tsx';
import { TagsTab } from './TagsTab.tsx';
import './issue.css';

/** `#/issues/ID` of an issue that does not exist (deleted, merged away, or no issue id at all). */
export function IssueNotFound({ id }: { id: string }) {
  return (
    <NotFound title="Issue not found" testId="issue-not-found" back={[backToIssuesHref(), '← Issues']}>
      There is no issue {id}: it may have been deleted, or merged into another issue.
    </NotFound>
  );
}

type Tab = 'details' | 'events' | 'feedback' | 'attachments' | 'replays' | 'tags' | 'hashes' | 'activity';
const NAMED_TABS: readonly string[] = ['hashes', 'feedback', 'attachments', 'replays', 'tags', 'activity'];
/** The first tab's name for the event it shows (Sentry's default is the recommended one). */
const EVENT_TAB_LABELS: Record<string, string> = {
  recommended: 'Recommended event',
  latest: 'Latest event',
  oldest: 'Oldest event',
};

export function IssuePage({ groupId }: { groupId: number }) {
  const { segments, params } = useRoute();
  // The page filter (from the list, or chosen here): the issue's numbers, chart, events and tags follow
  // it; its event search (Sentry's `query`) the event shown, the Events tab and the chart's matching events.
  const filter = issuePageFilterOf(params);
  const { environments } = filter;
  const issue = useIssue(groupId, environments);
  // The Replays tab's count, as the tab label shows it (DuckDB and an index seek per replay).
  const replays = useIssueReplays(groupId, scopeParams(filter), 0);
  // The User Feedback tab's count, of the filter's events (its first page, which the tab shares): the
  // one read of the issue's feedback per load, as `issues.get` counts none.
  const feedback = useIssueFeedback(groupId, 0, scopeParams(filter));
  // The events and users of the whole filter, search included: the header's numbers and the Events tab's.
  const counts = useIssueCounts(groupId, eventParams(filter));
  const withFilter = filterParams(filter);
  const changeFilter = (change: Partial<IssuePageFilter>) => {
    const next: IssuePageFilter = { ...filter, ...change };
    // Choosing a period leaves the range, as in Sentry's page filter.
    if (change.period) delete next.range;
    navigate(hrefWithFilter(segments, params, next), { replace: true });
  };
  const sub = segments[1];
  const eventId = sub === 'events' ? segments[2] : undefined;
  const tab: Tab =
    sub !== undefined && NAMED_TABS.includes(sub)
      ? (sub as Tab)
      : sub === 'events' && !eventId
        ? 'events'
        : 'details';
  // The page of the events or feedback tab.
  const offset = Number(params.get('offset') ?? 0) || 0;
  if (issue.error?.type === 'not_found') return <IssueNotFound id={String(groupId)} />;
  if (issue.error)
    return (
      <section className="issue-page">
        <a href={backToIssuesHref()} className="back">
          ← Issues
        </a>
        <ErrorNote error={issue.error} />
      </section>
    );
  if (!issue.data) return <p className="muted">loading issue…</p>;
  const tabs: Array<[Tab, string, string]> = [
    [
      'details',
      EVENT_TAB_LABELS[eventId ?? 'recommended'] ?? 'Event',
      hrefFor('issues', [groupId], withFilter),
    ],
    [
      'events',
      counts.data ? `Events (${counts.data.count})` : 'Events',
      hrefFor('issues', [groupId, 'events'], withFilter),
    ],
    [
      'feedback',
      feedback.data ? `User Feedback (${feedback.data.total})` : 'User Feedback',
      hrefFor('issues', [groupId, 'feedback'], withFilter),
    ],
    ['attachments', 'Attachments', hrefFor('issues', [groupId, 'attachments'], withFilter)],
    [
      'replays',
      replays.data ? `Replays (${replays.data.total})` : 'Replays',
      hrefFor('issues', [groupId, 'replays'], withFilter),
    ],
    ['tags', 'Tags', hrefFor('issues', [groupId, 'tags'], withFilter)],
    [
      'hashes',
      `Merged hashes (${issue.data.hashes.length})`,
      hrefFor('issues', [groupId, 'hashes'], withFilter),
    ],
    ['activity', 'Activity', hrefFor('issues', [groupId, 'activity'], withFilter)],
  ];
  return (
    <section className="issue-page">
      <a href={backToIssuesHref(issue.data.projectId)} className="back">
        ← Issues
      </a>
      <IssueHeader issue={issue.data} counts={counts.data} filter={filter} />
      <div className="issue-filters">
        <EnvironmentPicker
          projectIds={[issue.data.projectId]}
          value={environments}
          onChange={(next) => changeFilter({ environments: next })}
        />
        <SearchBox
          value={filter.query ?? ''}
          label="Search events"
          placeholder="level:error user.email:ada@example.com release:1.0 timeout"
          onSubmit={(query) => changeFilter({ query })}
        />
      </div>
      <div className="issue-layout">
        <div className="issue-body">
          <EventsChart
            groupId={groupId}
            period={filter.period ?? '24h'}
            range={filter.range}
            environments={environments}
            query={filter.query ?? ''}
            onPeriod={(period) => changeFilter({ period })}
            onRange={(range) => changeFilter({ range })}
          />
          <nav className="issue-tabs" aria-label="Issue sections">
            {tabs.map(([id, label, href]) => (
              <a key={id} href={href} aria-current={tab === id ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          {tab === 'details' && (
            <EventView groupId={groupId} eventId={eventId ?? 'recommended'} filter={filter} />
          )}
          {tab === 'events' && (
            <EventsTab groupId={groupId} issue={issue.data} offset={offset} filter={filter} />
          )}
          {tab === 'feedback' && <FeedbackTab groupId={groupId} offset={offset} filter={filter} />}
          {tab === 'attachments' && (
            <AttachmentsTab
              groupId={groupId}
              filter={parseAttachmentFilter(params.get('attachmentFilter'))}
              offset={offset}
              pageFilter={filter}
            />
          )}
          {tab === 'replays' && <ReplaysTab groupId={groupId} filter={filter} />}
          {tab === 'tags' && !segments[2] && <TagsTab groupId={groupId} filter={filter} />}
          {tab === 'tags' && segments[2] && (
            <TagDetails
              groupId={groupId}
              tagKey={segments[2]}
              sort={parseTagValueSort(params.get('sort'))}
              offset={offset}
              filter={filter}
            />
          )}
          {tab === 'hashes' && <HashesTab issue={issue.data} />}
          {tab === 'activity' && <ActivityTab groupId={groupId} offset={offset} />}
        </div>
        <TagSummary groupId={groupId} filter={filter} />
      </div>
    </section>
  );
}

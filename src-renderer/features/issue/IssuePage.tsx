/**
 * An issue: header with actions, events chart, tag distributions, and tabs for the latest (or a
 * chosen) event, the list of events, the user feedback on them, their attachments, their tags, and
 * the merged hashes. Routes: `#/issues/ID`, `#/issues/ID/events`, `#/issues/ID/events/EVENT`,
 * `#/issues/ID/feedback`, `#/issues/ID/attachments`, `#/issues/ID/tags`, `#/issues/ID/tags/KEY`,
 * `#/issues/ID/hashes`.
 */
import { useState } from 'react';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { NotFound } from '../../app/NotFound.tsx';
import { hrefFor, useRoute } from '../../app/router.ts';
import { EventView } from '../event/EventView.tsx';
import { environmentsOf } from '../issues/EnvironmentPicker.tsx';
import { backToIssuesHref } from '../issues/list-location.ts';
import { rangeOf } from '../issues/RangePicker.tsx';
import { ActivityTab } from './ActivityTab.tsx';
import { AttachmentsTab, parseAttachmentFilter } from './AttachmentsTab.tsx';
import { EventsChart } from './EventsChart.tsx';
import { EventsTab } from './EventsTab.tsx';
import { FeedbackTab } from './FeedbackTab.tsx';
import { HashesTab } from './HashesTab.tsx';
import { IssueHeader } from './IssueHeader.tsx';
import { useIssue } from './queries.ts';
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

type Tab = 'details' | 'events' | 'feedback' | 'attachments' | 'tags' | 'hashes' | 'activity';

export function IssuePage({ groupId }: { groupId: number }) {
  const { segments, params } = useRoute();
  // The list's environment page filter: the issue's numbers, chart and events are theirs.
  const environments = environmentsOf(params);
  const issue = useIssue(groupId, environments);
  const withEnvironments = { environment: environments };
  const [period, setPeriod] = useState<StatsPeriod>('24h');
  // Opened from a list of an absolute range, the chart shows that range until a period is chosen.
  const [range, setRange] = useState(() => rangeOf(params));
  const sub = segments[1];
  const eventId = sub === 'events' ? segments[2] : undefined;
  const tab: Tab =
    sub === 'hashes' || sub === 'feedback' || sub === 'attachments' || sub === 'tags' || sub === 'activity'
      ? sub
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
    ['details', eventId ? 'Event' : 'Latest event', hrefFor('issues', [groupId], withEnvironments)],
    ['events', `Events (${issue.data.count})`, hrefFor('issues', [groupId, 'events'], withEnvironments)],
    [
      'feedback',
      `User Feedback (${issue.data.userReportCount})`,
      hrefFor('issues', [groupId, 'feedback'], withEnvironments),
    ],
    ['attachments', 'Attachments', hrefFor('issues', [groupId, 'attachments'], withEnvironments)],
    ['tags', 'Tags', hrefFor('issues', [groupId, 'tags'], withEnvironments)],
    [
      'hashes',
      `Merged hashes (${issue.data.hashes.length})`,
      hrefFor('issues', [groupId, 'hashes'], withEnvironments),
    ],
    ['activity', 'Activity', hrefFor('issues', [groupId, 'activity'], withEnvironments)],
  ];
  return (
    <section className="issue-page">
      <a href={backToIssuesHref(issue.data.projectId)} className="back">
        ← Issues
      </a>
      <IssueHeader issue={issue.data} />
      <div className="issue-layout">
        <div className="issue-body">
          <EventsChart
            groupId={groupId}
            period={period}
            range={range}
            environments={environments}
            onPeriod={(next) => {
              setRange(undefined);
              setPeriod(next);
            }}
          />
          <nav className="issue-tabs" aria-label="Issue sections">
            {tabs.map(([id, label, href]) => (
              <a key={id} href={href} aria-current={tab === id ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          {tab === 'details' && <EventView groupId={groupId} eventId={eventId ?? 'latest'} />}
          {tab === 'events' && (
            <EventsTab
              groupId={groupId}
              query={params.get('query') ?? ''}
              offset={offset}
              environments={environments}
            />
          )}
          {tab === 'feedback' && <FeedbackTab groupId={groupId} offset={offset} />}
          {tab === 'attachments' && (
            <AttachmentsTab
              groupId={groupId}
              filter={parseAttachmentFilter(params.get('attachmentFilter'))}
              offset={offset}
            />
          )}
          {tab === 'tags' && !segments[2] && <TagsTab groupId={groupId} environments={environments} />}
          {tab === 'tags' && segments[2] && (
            <TagDetails
              groupId={groupId}
              tagKey={segments[2]}
              sort={parseTagValueSort(params.get('sort'))}
              offset={offset}
            />
          )}
          {tab === 'hashes' && <HashesTab issue={issue.data} />}
          {tab === 'activity' && <ActivityTab groupId={groupId} offset={offset} />}
        </div>
        <TagSummary groupId={groupId} environments={environments} />
      </div>
    </section>
  );
}

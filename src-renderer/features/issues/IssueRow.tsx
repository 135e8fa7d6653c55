/** One row of the issue stream: what Sentry shows per issue. */
import type { PriorityValue } from '../../../src-shared/issue-search/types.ts';
import type { IssueSummary, StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { compactCount, timeAgo } from './format.ts';
import { issueHref } from './issue-link.ts';
import { issueMessage } from './issue-message.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { PriorityDropdown } from './Priority.tsx';
import type { IssueListFilter } from './queries.ts';
import { rangeLabel } from './RangePicker.tsx';
import { Sparkline } from './Sparkline.tsx';

/**
 * The row's number and its tooltip, as Sentry's stream shows them: under a search with event filters
 * the events (or users) that match it, else the period's, with the other totals in the tooltip.
 */
function countOf(issue: IssueSummary, field: 'count' | 'userCount') {
  const what = field === 'count' ? 'Events' : 'Users';
  const inPeriod = issue[field];
  const lifetime = issue.lifetime?.[field];
  const matching = issue.filtered?.[field];
  const lines = [
    ...(matching === undefined ? [] : [`${what} matching search filters: ${matching}`]),
    `${what} in this period: ${inPeriod}`,
    ...(lifetime === undefined ? [] : [`${what} since issue began: ${lifetime}`]),
  ];
  return { shown: matching ?? inPeriod, title: lines.join('\n') };
}

function CountCell({ issue, field }: { issue: IssueSummary; field: 'count' | 'userCount' }) {
  const { shown, title } = countOf(issue, field);
  return (
    <span
      className="issue-count"
      data-testid={field === 'count' ? 'issue-events' : 'issue-users'}
      title={title}
    >
      {compactCount(shown)}
    </span>
  );
}

export function StatusBadge({ issue }: { issue: Pick<IssueSummary, 'status' | 'substatus'> }) {
  const label =
    issue.status === 'unresolved' && issue.substatus && issue.substatus !== 'ongoing'
      ? issue.substatus
      : issue.status;
  return <span className={`status status-${label}`}>{label.replaceAll('_', ' ')}</span>;
}

/** Sentry's "Unhandled" tag: the issue's latest event is an error its SDK did not see handled. */
export function UnhandledBadge({ issue }: { issue: Pick<IssueSummary, 'isUnhandled'> }) {
  if (!issue.isUnhandled) return null;
  return (
    <span
      className="unhandled-badge"
      data-testid="unhandled-badge"
      title="An unhandled error was detected in this issue"
    >
      Unhandled
    </span>
  );
}

/** The stream's column headers, on the rows' grid; the graph and the counts are the period's. */
export function IssueColumns({ filter }: { filter: Pick<IssueListFilter, 'period' | 'start' | 'end'> }) {
  const span =
    filter.start && filter.end
      ? `from ${rangeLabel({ start: filter.start, end: filter.end })}`
      : `in the last ${filter.period}`;
  return (
    <div className="issue-columns muted" data-testid="issue-columns">
      <span />
      <span>Issue</span>
      <span className="graph-column" title={`Events per interval ${span}`}>
        Graph
      </span>
      <span className="issue-when">Last seen</span>
      <span className="issue-count" title={`Events ${span}`}>
        Events
      </span>
      <span className="issue-count" title={`Users affected ${span}`}>
        Users
      </span>
      <span>Priority</span>
    </div>
  );
}

export function IssueRow({
  issue,
  selected,
  focused,
  onToggle,
  onPriority,
  range,
  period,
  environments,
  query,
}: {
  issue: IssueSummary;
  /** The list's search, whose event filters the issue page then searches its events by (as Sentry's). */
  query?: string | undefined;
  /** The list's environments, whose numbers the issue page then shows (Sentry keeps the page filter). */
  environments?: readonly string[] | undefined;
  /** The list's absolute range, which the issue page's chart then shows (Sentry keeps the page filter). */
  range?: TimeRange | undefined;
  /** The list's chosen period (none when the list shows its default), which the issue page then keeps. */
  period?: StatsPeriod | undefined;
  selected: boolean;
  focused: boolean;
  onToggle: () => void;
  onPriority: (priority: PriorityValue) => void;
}) {
  const message = issueMessage(issue);
  return (
    <div className={`issue-row${focused ? ' focused' : ''}`} data-testid="issue-row" data-issue-id={issue.id}>
      <input type="checkbox" aria-label={`select ${issue.shortId}`} checked={selected} onChange={onToggle} />
      <div className="issue-main">
        <div className="issue-title">
          <LevelBadge level={issue.level} />
          <a href={issueHref(issue.id, { query, environments, range, period })}>{issue.title}</a>
        </div>
        {message && (
          <div className="issue-message" data-testid="issue-message">
            {message}
          </div>
        )}
        <div className="issue-meta muted">
          <span className="short-id">{issue.shortId}</span>
          <StatusBadge issue={issue} />
          <UnhandledBadge issue={issue} />
          <span className="culprit">{issue.culprit}</span>
          <span title={issue.firstSeen}>first seen {timeAgo(issue.firstSeen)}</span>
        </div>
      </div>
      <Sparkline
        values={issue.stats}
        matching={issue.filtered?.stats}
        counts={{ total: issue.count, matching: issue.filtered?.count }}
      />
      <span className="issue-when" title={issue.lastSeen}>
        {timeAgo(issue.lastSeen)}
      </span>
      <CountCell issue={issue} field="count" />
      <CountCell issue={issue} field="userCount" />
      <PriorityDropdown priority={issue.priority} onChange={onPriority} />
    </div>
  );
}

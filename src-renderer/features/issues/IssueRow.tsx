/** One row of the issue stream: what Sentry shows per issue. */
import type { IssueSummary, StatsPeriod } from '../../../src-shared/issues-api.ts';
import { hrefFor } from '../../app/router.ts';
import { compactCount, timeAgo } from './format.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { Sparkline } from './Sparkline.tsx';

/** `12 events in this period, 40 in all`: the list counts the chosen period, as Sentry's does. */
function countTitle(inPeriod: number, lifetime: number | undefined, what: string): string {
  return lifetime === undefined
    ? `${inPeriod} ${what}`
    : `${inPeriod} ${what} in this period, ${lifetime} in all`;
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
export function IssueColumns({ period }: { period: StatsPeriod }) {
  return (
    <div className="issue-columns muted" data-testid="issue-columns">
      <span />
      <span>Issue</span>
      <span title={`Events per interval over the last ${period}`}>Graph</span>
      <span className="issue-when">Last seen</span>
      <span className="issue-count" title={`Events in the last ${period}`}>
        Events
      </span>
      <span className="issue-count" title={`Users affected in the last ${period}`}>
        Users
      </span>
    </div>
  );
}

export function IssueRow({
  issue,
  selected,
  focused,
  onToggle,
}: {
  issue: IssueSummary;
  selected: boolean;
  focused: boolean;
  onToggle: () => void;
}) {
  return (
    <div className={`issue-row${focused ? ' focused' : ''}`} data-testid="issue-row" data-issue-id={issue.id}>
      <input type="checkbox" aria-label={`select ${issue.shortId}`} checked={selected} onChange={onToggle} />
      <div className="issue-main">
        <div className="issue-title">
          <LevelBadge level={issue.level} />
          <a href={hrefFor('issues', [issue.id])}>{issue.title}</a>
        </div>
        <div className="issue-meta muted">
          <span className="short-id">{issue.shortId}</span>
          <StatusBadge issue={issue} />
          <UnhandledBadge issue={issue} />
          <span className="culprit">{issue.culprit}</span>
          <span title={issue.firstSeen}>first seen {timeAgo(issue.firstSeen)}</span>
        </div>
      </div>
      <Sparkline values={issue.stats} />
      <span className="issue-when" title={issue.lastSeen}>
        {timeAgo(issue.lastSeen)}
      </span>
      <span
        className="issue-count"
        data-testid="issue-events"
        title={countTitle(issue.count, issue.lifetime?.count, 'events')}
      >
        {compactCount(issue.count)}
      </span>
      <span
        className="issue-count"
        data-testid="issue-users"
        title={countTitle(issue.userCount, issue.lifetime?.userCount, 'users')}
      >
        {compactCount(issue.userCount)}
      </span>
    </div>
  );
}

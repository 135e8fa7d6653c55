/**
 * One event in full, with the Recommended / Latest / Oldest choice and Older / Newer navigation
 * inside its issue (and its page filter).
 */
import { Fragment } from 'react';
import { toggleTagFilter } from '../../../src-shared/issue-search/index.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import {
  eventParams,
  filterLabel,
  filterParams,
  type IssuePageFilter,
  narrows,
} from '../issue/page-filter.ts';
import { Attachments } from './Attachments.tsx';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { obj, str } from './data.ts';
import { Exceptions } from './Exceptions.tsx';
import { GroupingInfo } from './GroupingInfo.tsx';
import { Contexts, Sdk, Section, Tags, UserSection } from './KeyValues.tsx';
import { MetaMark, metaAt } from './meta.tsx';
import { ProcessingErrors } from './ProcessingErrors.tsx';
import { RAW_JSON_ID, RawJson } from './RawJson.tsx';
import { ReplaySection, replayIdOf } from './ReplaySection.tsx';
import { RequestSection } from './RequestSection.tsx';
import { formatBytes } from './readable.ts';
import { SecurityReport } from './SecurityReport.tsx';
import { evidenceOf, SpanEvidence } from './SpanEvidence.tsx';
import { Threads } from './Threads.tsx';
import { TraceSection, traceIdOf } from './TraceSection.tsx';
import { UserFeedbackSection } from './UserFeedback.tsx';
import './event.css';

/** SnQL that finds this event, for the console. */
function consoleQuery(projectId: number, eventId: string, timestamp: string): string {
  const at = Date.parse(timestamp);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return `MATCH (events)
SELECT event_id, title, timestamp, tags.key, tags.value
WHERE project_id = ${projectId}
  AND timestamp >= toDateTime('${day(at - 3_600_000)}')
  AND timestamp < toDateTime('${day(at + 3_600_000)}')
  AND event_id = '${eventId}'`;
}

/** Sentry's "JSON" link of the event header: opens the event's raw JSON below and scrolls to it. */
function JsonLink({ bytes }: { bytes: number }) {
  return (
    <button
      type="button"
      className="link-button"
      title="the event's JSON"
      onClick={() => {
        const raw = document.getElementById(RAW_JSON_ID);
        if (raw instanceof HTMLDetailsElement) raw.open = true;
        raw?.scrollIntoView({ block: 'start' });
      }}
    >
      JSON ({formatBytes(bytes)})
    </button>
  );
}

/** Release and environment of the event, each a link to the issues that have it (as Sentry's tags). */
function EventFacts({ event, projectId }: { event: Record<string, unknown>; projectId: number }) {
  const facts = (['release', 'environment'] as const).flatMap((key) => {
    const value = str(event[key]);
    return value === undefined ? [] : [[key, value] as const];
  });
  if (facts.length === 0) return null;
  return (
    <span className="event-facts">
      {facts.map(([key, value], index) => (
        <Fragment key={key}>
          {index > 0 && <span className="muted"> · </span>}
          <span className="event-fact" data-testid={`event-${key}`}>
            <span className="muted">{key === 'release' ? 'Release' : 'Environment'}</span>{' '}
            <a
              href={hrefFor('issues', [], {
                project: String(projectId),
                query: toggleTagFilter('is:unresolved', key, value),
              })}
            >
              {value}
            </a>
          </span>
        </Fragment>
      ))}
    </span>
  );
}

function NavLink({
  groupId,
  eventId,
  label,
  filter,
}: {
  groupId: number;
  eventId: string | null;
  label: string;
  filter: IssuePageFilter;
}) {
  if (!eventId) return <span className="nav-disabled">{label}</span>;
  return <a href={hrefFor('issues', [groupId, 'events', eventId], filterParams(filter))}>{label}</a>;
}

/** The events the issue page can show by name (Sentry's `/issues/ID/events/recommended|latest|oldest/`). */
const CHOICES = [
  ['recommended', 'Recommended'],
  ['latest', 'Latest'],
  ['oldest', 'Oldest'],
] as const;
const isChoice = (eventId: string) => CHOICES.some(([choice]) => choice === eventId);

/** Sentry's choice of the event shown; the current one marked, each link keeping the page filter. */
function EventChoice({
  groupId,
  eventId,
  filter,
}: {
  groupId: number;
  eventId: string;
  filter: IssuePageFilter;
}) {
  return (
    <nav className="event-choice" aria-label="Event shown">
      {CHOICES.map(([choice, label]) => (
        <a
          key={choice}
          href={hrefFor('issues', [groupId, 'events', choice], filterParams(filter))}
          aria-current={eventId === choice ? 'true' : undefined}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

/**
 * Sentry's issue page when its filter or search leaves no event to show: say so, never another
 * environment's or one the search does not match.
 */
function NoEventInFilter({ filter }: { filter: IssuePageFilter }) {
  return (
    <p className="muted" data-testid="no-event-in-filter">
      No event of this issue matches the page's filter ({filterLabel(filter)}).{' '}
      {filter.query
        ? 'Change or clear the search, or choose other environments or another period, to see its events.'
        : 'Choose other environments or another period to see its events.'}
    </p>
  );
}

const NO_FILTER: IssuePageFilter = { environments: [] };

/**
 * `filter`: the issue page's, with its event search. The recommended, latest or oldest event is the
 * one of the filter's events that match the search, and Older/Newer step through those by time (an
 * event opened by id outside them still shows), as in Sentry.
 */
export function EventView({
  groupId,
  eventId,
  filter = NO_FILTER,
}: {
  groupId: number;
  eventId: string;
  filter?: IssuePageFilter;
}) {
  const detail = useApiQuery('events.get', { groupId, eventId, ...eventParams(filter) });
  // "Open in editor" buttons appear only when an editor command is set.
  const settings = useApiQuery('settings.get', {});
  if (detail.error?.type === 'not_found' && isChoice(eventId) && narrows(filter))
    return (
      <>
        <EventChoice groupId={groupId} eventId={eventId} filter={filter} />
        <NoEventInFilter filter={filter} />
      </>
    );
  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <p className="muted">loading event…</p>;
  const data = detail.data;
  const { event } = data;
  const formatted = str(obj(event.logentry)?.formatted);
  const message = formatted ?? str(event.message);
  const messageMeta =
    formatted !== undefined ? metaAt(event, 'logentry', 'formatted') : metaAt(event, 'message');
  const traceId = traceIdOf(event);
  const replayId = replayIdOf(event, data.tags);
  // A performance issue's occurrence shows its span evidence where an error shows its stack trace.
  const evidence = evidenceOf(event);
  const editorTarget = settings.data?.settings.editorCommand
    ? { projectId: data.projectId, eventId: data.eventId }
    : null;
  return (
    <article className="event-view" data-testid="event-view">
      <nav className="event-nav" aria-label="Event navigation">
        <span>
          Event <code data-testid="event-id">{data.eventId}</code>{' '}
          <span className="muted">{new Date(data.timestamp).toLocaleString()}</span>{' '}
          <EventFacts event={event} projectId={data.projectId} />{' '}
          <JsonLink bytes={new TextEncoder().encode(JSON.stringify(event)).length} />
        </span>
        <span className="nav-links">
          <EventChoice groupId={groupId} eventId={eventId} filter={filter} />
          <NavLink groupId={groupId} eventId={data.previousEventId} label="‹ Older" filter={filter} />
          <NavLink groupId={groupId} eventId={data.nextEventId} label="Newer ›" filter={filter} />
          <a
            href={hrefFor('console', [], {
              query: consoleQuery(data.projectId, data.eventId, data.timestamp),
            })}
          >
            Query in console
          </a>
        </span>
      </nav>
      <ProcessingErrors event={event} />
      <UserFeedbackSection feedback={data.userFeedback} />
      {message && (
        <section className="card" aria-label="Message">
          <h2>Message</h2>
          <pre>{message}</pre>
          <MetaMark meta={messageMeta} value={message} />
        </section>
      )}
      {evidence && <SpanEvidence evidence={evidence} projectId={data.projectId} />}
      {traceId && <TraceSection projectId={data.projectId} eventId={data.eventId} traceId={traceId} />}
      {replayId && <ReplaySection projectId={data.projectId} replayId={replayId} />}
      <Exceptions
        event={event}
        projectId={data.projectId}
        fromDisk={data.sourceFromDisk}
        editorTarget={editorTarget}
      />
      <Threads event={event} projectId={data.projectId} />
      <SecurityReport event={event} />
      <Breadcrumbs event={event} />
      <Tags tags={data.tags} projectId={data.projectId} event={event} />
      <RequestSection event={event} />
      <UserSection event={event} />
      <Contexts event={event} />
      <Sdk event={event} />
      <Section title="Packages" data={event.modules} sorted />
      <Section title="Additional data" data={event.extra} meta={metaAt(event, 'extra')} sorted />
      <Attachments attachments={data.attachments} />
      {!evidence && <GroupingInfo projectId={data.projectId} eventId={data.eventId} />}
      <RawJson event={event} eventId={data.eventId} />
    </article>
  );
}

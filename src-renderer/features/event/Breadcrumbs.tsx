/**
 * Breadcrumbs as Sentry's timeline: newest first (or oldest), each titled by its category under the type
 * Sentry shows it as, filterable by type and level, searchable; HTTP requests in one line; the event
 * itself last in time. The order and the time format (absolute, or relative to the first crumb shown)
 * are remembered in this browser, as Sentry remembers them.
 */
import { useState } from 'react';
import { useStoredChoice } from '../../app/stored-state.ts';
import { crumbDate, crumbTitle, crumbType, crumbTypeName, eventCrumb, exactDuration } from './crumbs.ts';
import { display, type Json, obj, str, values } from './data.ts';
import { MetaMark, type MetaNode, metaAt, metaChild } from './meta.tsx';
import { httpSummary } from './readable.ts';

export const BREADCRUMB_SORT_KEY = 'faultline.breadcrumb-sort';
export const BREADCRUMB_TIME_KEY = 'faultline.breadcrumb-time-display';
const SORTS = ['newest', 'oldest'] as const;
const TIME_DISPLAYS = ['absolute', 'relative'] as const;

/** The time of day in the viewer's time zone, with milliseconds: as the event's own time is shown. */
function clockTime(date: Date): string {
  const time = date.toLocaleTimeString(undefined, { hour12: false });
  return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** An error or warning crumb's `data.type: data.value` line, as Sentry's exception crumbs show it. */
function exceptionLine(crumb: Json, type: string): { line: string; rest: Json } | undefined {
  if (type !== 'error' && type !== 'warning') return undefined;
  const { type: name, value, ...rest } = obj(crumb.data) ?? {};
  const line = [str(name), str(value)].filter((part) => part !== undefined && part !== '').join(': ');
  return line === '' ? undefined : { line, rest };
}

/** The message, and the data: an HTTP request or an exception in one line as Sentry shows it, the rest as JSON. */
function CrumbMessage({ crumb, type, meta }: { crumb: Json; type: string; meta: MetaNode }) {
  const http = httpSummary(crumb);
  const summary = http ?? exceptionLine(crumb, type);
  const data = summary ? summary.rest : crumb.data;
  const hasData = data !== undefined && !(summary && Object.keys(summary.rest).length === 0);
  return (
    <span className="crumb-message">
      {str(crumb.message) ?? ''}
      <MetaMark meta={metaChild(meta, 'message')} value={crumb.message} />
      {summary && crumb.message !== undefined && ' '}
      {summary && (
        <span className="crumb-http" data-testid={http ? 'breadcrumb-http' : 'breadcrumb-exception'}>
          {summary.line}
        </span>
      )}
      {hasData && <code className="muted"> {display(data)}</code>}
      <MetaMark meta={metaChild(meta, 'data')} value={crumb.data} />
    </span>
  );
}

interface ShownCrumb {
  crumb: Json;
  /** Its index in the event's breadcrumbs; -1 for the event itself. */
  index: number;
  type: string;
  level: string;
  date: Date | null;
}

function CrumbTime({ date, start }: { date: Date | null; start: Date | null }) {
  return (
    <time
      className="muted"
      dateTime={date?.toISOString()}
      title={date?.toLocaleString()}
      data-testid="breadcrumb-time"
    >
      {date === null ? '' : start ? exactDuration(date.getTime() - start.getTime()) : clockTime(date)}
    </time>
  );
}

export function Breadcrumbs({ event }: { event: Record<string, unknown> }) {
  const crumbs = values(event.breadcrumbs);
  const [sort, setSort] = useStoredChoice(BREADCRUMB_SORT_KEY, SORTS, 'newest');
  const [timeDisplay, setTimeDisplay] = useStoredChoice(BREADCRUMB_TIME_KEY, TIME_DISPLAYS, 'absolute');
  const [type, setType] = useState('');
  const [level, setLevel] = useState('');
  const [search, setSearch] = useState('');
  if (crumbs.length === 0) return null;
  const own = eventCrumb(event);
  const all: ShownCrumb[] = [
    ...crumbs.map((crumb, index) => ({ crumb, index })),
    ...(own ? [{ crumb: own, index: -1 }] : []),
  ].map(({ crumb, index }) => ({
    crumb,
    index,
    type: crumbType(crumb),
    level: str(crumb.level) ?? 'info',
    date: crumbDate(crumb.timestamp),
  }));
  const sorted = sort === 'newest' ? [...all].reverse() : all;
  // Sentry counts relative times from the first crumb in the chosen order.
  const start = timeDisplay === 'relative' ? (sorted[0]?.date ?? null) : null;
  const typeNames = [...new Set(all.map((c) => crumbTypeName(c.type)))].sort();
  const levels = [...new Set(all.map((c) => c.level))].sort();
  const needle = search.toLowerCase();
  const shown = sorted.filter(
    (c) =>
      (!type || crumbTypeName(c.type) === type) &&
      (!level || c.level === level) &&
      (!needle ||
        `${str(c.crumb.category) ?? ''} ${str(c.crumb.message) ?? ''} ${display(c.crumb.data)}`
          .toLowerCase()
          .includes(needle)),
  );
  const nextTime = timeDisplay === 'absolute' ? 'relative' : 'absolute';
  return (
    <section className="card" aria-label="Breadcrumbs">
      <h2>Breadcrumbs</h2>
      <div className="filters">
        <select
          aria-label="Breadcrumb order"
          value={sort}
          onChange={(e) => setSort(e.currentTarget.value === 'oldest' ? 'oldest' : 'newest')}
        >
          <option value="newest">newest first</option>
          <option value="oldest">oldest first</option>
        </select>
        <select aria-label="Breadcrumb type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          <option value="">all types</option>
          {typeNames.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select aria-label="Breadcrumb level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
          <option value="">all levels</option>
          {levels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Search breadcrumbs"
          placeholder="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <button
          type="button"
          aria-label="Change Time Format for Breadcrumbs"
          title={`Use ${nextTime === 'relative' ? 'Relative' : 'Absolute'} Timestamps`}
          onClick={() => setTimeDisplay(nextTime)}
        >
          {timeDisplay === 'absolute' ? 'Absolute time' : 'Relative time'}
        </button>
      </div>
      <ol className="timeline">
        {shown.map(({ crumb, index, type: shownType, level: crumbLevel, date }) => (
          <li
            key={index}
            className={`crumb crumb-${crumbLevel} crumb-type-${shownType}`}
            // The event's own crumb is not one the SDK sent.
            data-testid={index < 0 ? 'breadcrumb-event' : 'breadcrumb'}
          >
            <span className="crumb-type" title={str(crumb.type) ?? 'default'}>
              {crumbTypeName(shownType)}
            </span>
            <span className="crumb-category" data-testid="breadcrumb-title">
              {crumbTitle(crumb, shownType)}
              {index < 0 && <span className="muted"> - This event</span>}
            </span>
            <CrumbMessage
              crumb={crumb}
              type={shownType}
              meta={index < 0 ? undefined : metaAt(event, 'breadcrumbs', 'values', index)}
            />
            <span className="crumb-level" data-testid={index < 0 ? undefined : 'breadcrumb-level'}>
              {crumbLevel}
            </span>
            <CrumbTime date={date} start={start} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Breadcrumbs as a timeline, newest first (or oldest), filterable by type and level, searchable; HTTP
 * requests in one line; the event itself last in time, as Sentry adds it.
 */
import { useState } from 'react';
import { display, type Json, obj, str, values } from './data.ts';
import { MetaMark, type MetaNode, metaAt, metaChild } from './meta.tsx';
import { httpSummary } from './readable.ts';

/** The time of day in the viewer's time zone, with milliseconds: as the event's own time is shown. */
function clockTime(date: Date): string {
  const time = date.toLocaleTimeString(undefined, { hour12: false });
  return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** The message, and the data: an HTTP request in one line as Sentry shows it, the rest as JSON. */
function CrumbMessage({ crumb, meta }: { crumb: Json; meta: MetaNode }) {
  const http = httpSummary(crumb);
  const data = http ? http.rest : crumb.data;
  const hasData = data !== undefined && !(http && Object.keys(http.rest).length === 0);
  return (
    <span className="crumb-message">
      {http && (
        <span className="crumb-http" data-testid="breadcrumb-http">
          {http.line}
        </span>
      )}
      {http && crumb.message !== undefined && ' '}
      {str(crumb.message) ?? ''}
      <MetaMark meta={metaChild(meta, 'message')} value={crumb.message} />
      {hasData && <code className="muted"> {display(data)}</code>}
      <MetaMark meta={metaChild(meta, 'data')} value={crumb.data} />
    </span>
  );
}

/**
 * The event as a breadcrumb, after the SDK's own (Sentry's "virtual crumb"): its first exception as an
 * error, else its message at its level.
 */
function eventCrumb(event: Json): Json | undefined {
  const exception = values(event.exception)[0];
  const timestamp = event.timestamp;
  if (exception)
    return {
      type: 'error',
      level: 'error',
      category: 'exception',
      message: [str(exception.type), str(exception.value)].filter(Boolean).join(': '),
      timestamp,
    };
  const message = str(obj(event.logentry)?.formatted) ?? str(event.message);
  if (message === undefined) return undefined;
  return { type: 'info', level: str(event.level) ?? 'info', category: 'message', message, timestamp };
}

export function Breadcrumbs({ event }: { event: Record<string, unknown> }) {
  const crumbs = values(event.breadcrumbs);
  const [newestFirst, setNewestFirst] = useState(true);
  const [type, setType] = useState('');
  const [level, setLevel] = useState('');
  const [search, setSearch] = useState('');
  if (crumbs.length === 0) return null;
  const own = eventCrumb(event);
  const all = [
    ...crumbs.map((crumb, index) => ({ crumb, index })),
    ...(own ? [{ crumb: own, index: -1 }] : []),
  ];
  const types = [...new Set(all.map(({ crumb }) => str(crumb.type) ?? 'default'))];
  const levels = [...new Set(all.map(({ crumb }) => str(crumb.level) ?? 'info'))];
  const needle = search.toLowerCase();
  const matching = all.filter(
    ({ crumb: c }) =>
      (!type || (str(c.type) ?? 'default') === type) &&
      (!level || (str(c.level) ?? 'info') === level) &&
      (!needle ||
        `${str(c.category) ?? ''} ${str(c.message) ?? ''} ${display(c.data)}`.toLowerCase().includes(needle)),
  );
  const shown = newestFirst ? matching.reverse() : matching;
  return (
    <section className="card" aria-label="Breadcrumbs">
      <h2>Breadcrumbs</h2>
      <div className="filters">
        <select
          aria-label="Breadcrumb order"
          value={newestFirst ? 'newest' : 'oldest'}
          onChange={(e) => setNewestFirst(e.currentTarget.value === 'newest')}
        >
          <option value="newest">newest first</option>
          <option value="oldest">oldest first</option>
        </select>
        <select aria-label="Breadcrumb type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          <option value="">all types</option>
          {types.map((t) => (
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
      </div>
      <ol className="timeline">
        {shown.map(({ crumb, index }) => {
          const timestamp = typeof crumb.timestamp === 'number' ? new Date(crumb.timestamp * 1000) : null;
          return (
            <li
              key={index}
              className={`crumb crumb-${str(crumb.level) ?? 'info'}`}
              // The event's own crumb is not one the SDK sent.
              data-testid={index < 0 ? 'breadcrumb-event' : 'breadcrumb'}
            >
              <span className="crumb-type">{str(crumb.type) ?? 'default'}</span>
              <span className="crumb-category">{str(crumb.category) ?? ''}</span>
              <CrumbMessage
                crumb={crumb}
                meta={index < 0 ? undefined : metaAt(event, 'breadcrumbs', 'values', index)}
              />
              <span className="crumb-level" data-testid={index < 0 ? undefined : 'breadcrumb-level'}>
                {str(crumb.level) ?? 'info'}
              </span>
              <time
                className="muted"
                dateTime={timestamp?.toISOString()}
                title={timestamp?.toLocaleString()}
                data-testid="breadcrumb-time"
              >
                {timestamp ? clockTime(timestamp) : ''}
              </time>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

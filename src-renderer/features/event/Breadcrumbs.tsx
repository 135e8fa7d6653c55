/** Breadcrumbs as a timeline, filterable by type and level, searchable; HTTP requests in one line. */
import { useState } from 'react';
import { display, type Json, str, values } from './data.ts';
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

export function Breadcrumbs({ event }: { event: Record<string, unknown> }) {
  const crumbs = values(event.breadcrumbs);
  const [type, setType] = useState('');
  const [level, setLevel] = useState('');
  const [search, setSearch] = useState('');
  if (crumbs.length === 0) return null;
  const types = [...new Set(crumbs.map((c) => str(c.type) ?? 'default'))];
  const levels = [...new Set(crumbs.map((c) => str(c.level) ?? 'info'))];
  const needle = search.toLowerCase();
  const shown = crumbs.filter(
    (c) =>
      (!type || (str(c.type) ?? 'default') === type) &&
      (!level || (str(c.level) ?? 'info') === level) &&
      (!needle ||
        `${str(c.category) ?? ''} ${str(c.message) ?? ''} ${display(c.data)}`.toLowerCase().includes(needle)),
  );
  return (
    <section className="card" aria-label="Breadcrumbs">
      <h2>Breadcrumbs</h2>
      <div className="filters">
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
        {shown.map((crumb, index) => {
          const timestamp = typeof crumb.timestamp === 'number' ? new Date(crumb.timestamp * 1000) : null;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: breadcrumbs are positional
            <li key={index} className={`crumb crumb-${str(crumb.level) ?? 'info'}`} data-testid="breadcrumb">
              <span className="crumb-type">{str(crumb.type) ?? 'default'}</span>
              <span className="crumb-category">{str(crumb.category) ?? ''}</span>
              <CrumbMessage
                crumb={crumb}
                meta={metaAt(event, 'breadcrumbs', 'values', crumbs.indexOf(crumb))}
              />
              <span className="crumb-level" data-testid="breadcrumb-level">
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

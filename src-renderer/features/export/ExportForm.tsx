/** What to export and as what: a project and time range, one issue, an issue search or a SnQL query. */
import { type FormEvent, useState } from 'react';
import type { ExportFormat, ExportSelection } from '../../../src-shared/export-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ProjectSelect } from './ProjectSelect.tsx';

type Mode = 'range' | 'issue' | 'search' | 'snql';

const MODES: { mode: Mode; label: string }[] = [
  { mode: 'range', label: 'Project and time range' },
  { mode: 'issue', label: 'One issue' },
  { mode: 'search', label: 'Issue search' },
  { mode: 'snql', label: 'SnQL query' },
];

/** `#/export?issue=…`, `?search=…&project=…` or `?snql=…` open the form filled in. */
function initialMode(params: URLSearchParams): Mode {
  if (params.has('snql')) return 'snql';
  if (params.has('issue')) return 'issue';
  if (params.has('search')) return 'search';
  return 'range';
}

/** A `datetime-local` value (local time) → epoch ms; empty → undefined. */
function localMs(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

export function ExportForm({ params }: { params: URLSearchParams }) {
  const [mode, setMode] = useState<Mode>(() => initialMode(params));
  const [projectId, setProjectId] = useState(params.get('project') ?? '');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [issue, setIssue] = useState(params.get('issue') ?? '');
  const [search, setSearch] = useState(params.get('search') ?? 'is:unresolved');
  const [snql, setSnql] = useState(params.get('snql') ?? '');
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [includeEvent, setIncludeEvent] = useState(false);
  const start = useApiMutation('export.start');

  const selection = (): ExportSelection => {
    if (mode === 'snql') return { snql };
    const range: ExportSelection = {};
    const sinceMs = localMs(since);
    const untilMs = localMs(until);
    if (sinceMs !== undefined) range.since = sinceMs;
    if (untilMs !== undefined) range.until = untilMs;
    if (projectId !== '') range.projectId = Number(projectId);
    if (mode === 'issue') return { ...range, issue };
    if (mode === 'search') return { ...range, search };
    return range;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({
      selection: selection(),
      format,
      ...(format === 'parquet' && includeEvent ? { includeEvent: true } : {}),
    });
  };

  return (
    <form className="export-form" onSubmit={submit} aria-label="New export">
      <fieldset>
        <legend>Events</legend>
        <div className="export-modes" role="radiogroup" aria-label="Selection">
          {MODES.map((m) => (
            <label key={m.mode}>
              <input type="radio" name="mode" checked={mode === m.mode} onChange={() => setMode(m.mode)} />
              {m.label}
            </label>
          ))}
        </div>
        {mode === 'snql' ? (
          <label className="export-field">
            SnQL query (its result rows are exported; JSONL needs event_id and project_id)
            <textarea
              value={snql}
              onChange={(e) => setSnql(e.target.value)}
              rows={5}
              spellCheck={false}
              placeholder="MATCH (events) SELECT event_id, project_id WHERE project_id = 1 AND timestamp >= toDateTime('2026-01-01T00:00:00') AND timestamp < toDateTime('2026-02-01T00:00:00') LIMIT 1000"
            />
          </label>
        ) : (
          <div className="export-row">
            <ProjectSelect
              label="Project"
              value={projectId}
              onChange={setProjectId}
              emptyLabel={mode === 'range' ? 'All projects' : 'Default'}
            />
            <label className="export-field">
              Since
              <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
            </label>
            <label className="export-field">
              Until
              <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
            </label>
          </div>
        )}
        {mode === 'issue' && (
          <label className="export-field">
            Issue (short id such as DEFAULT-1)
            <input value={issue} onChange={(e) => setIssue(e.target.value)} required />
          </label>
        )}
        {mode === 'search' && (
          <label className="export-field">
            Issue search
            <input value={search} onChange={(e) => setSearch(e.target.value)} spellCheck={false} />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Format</legend>
        <div className="export-row">
          <label className="export-field">
            File format
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
              <option value="jsonl">JSONL: the full event JSON, one per line</option>
              <option value="csv">CSV: the errors columns, flattened</option>
              <option value="parquet">Parquet: the errors columns, typed</option>
            </select>
          </label>
          {format === 'parquet' && (
            <label>
              <input
                type="checkbox"
                checked={includeEvent}
                onChange={(e) => setIncludeEvent(e.target.checked)}
              />{' '}
              add the event JSON as a column
            </label>
          )}
        </div>
      </fieldset>
      <button type="submit" disabled={start.isPending}>
        Start export
      </button>
      {start.error && <ErrorNote error={start.error} />}
    </form>
  );
}

/**
 * Structured logs, as Sentry's Explore → Logs shows them: a project's log records of the period (the
 * last 14 days unless another is chosen) or of an absolute range ("Absolute…", kept in the URL as
 * `start`/`end`, as on the issue list), searched in Sentry's syntax (body text, `level:`, `trace:`,
 * attributes, `has:`; see core/logs/filter.ts). Above them the Visualize charts (`count(message)`
 * by severity unless another function is chosen) and the toolbar's Visualize and Group By, shared
 * with the Traces page (features/explore/); two tabs: Logs (the records newest or oldest first,
 * `logs.list`, in the columns chosen, an attribute's value clicked joining the search) and
 * Aggregates (grouped by the Group By, each row narrowing the records). The whole query is the URL
 * (`logs-url.ts`); the charts and aggregates are the events and events-stats endpoints' own code on
 * the `logs` dataset; saved queries of dataset `logs` at `#/logs/saved`. The page reads again when
 * the pipeline announces new records (`items.changed`, api/live-updates.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { toggleTagFilter } from '../../../src-shared/issue-search/edit.ts';
import { LOG_SORTS, type LogSort, MAX_LOG_ITEMS_SCANNED } from '../../../src-shared/logs-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { navigate, useRoute } from '../../app/router.ts';
import { ExploreBody } from '../explore/ExploreBody.tsx';
import { ExploreSavedBar, ExploreSavedPage } from '../explore/ExploreSaved.tsx';
import { AddColumn, Aggregates } from '../explore/ExploreTable.tsx';
import { groupSearch } from '../explore/explore-query.ts';
import '../explore/explore.css';
import { PeriodPicker, rangeLabel } from '../issues/RangePicker.tsx';
import { columnLabel, LogRow } from './LogRow.tsx';
import {
  aggregatesQuery,
  chartQuery,
  DEFAULT_PERIOD,
  isUnchanged,
  type LogsMode,
  type LogsState,
  logAttributes,
  logsHref,
  logsStateOf,
  savedBody,
} from './logs-url.ts';
import './logs.css';

const PAGE = 100;
const SORT_LABELS: Record<LogSort, string> = { newest: 'Newest first', oldest: 'Oldest first' };
const TABS: { mode: LogsMode; label: string }[] = [
  { mode: 'samples', label: 'Logs' },
  { mode: 'aggregate', label: 'Aggregates' },
];

type Go = (change: Partial<LogsState>) => void;

function EmptyLogs() {
  return (
    <div className="empty" data-testid="logs-empty">
      <p>No logs yet. Logs are sent once an SDK has them turned on:</p>
      <pre>{`Sentry.init({ dsn, enableLogs: true });
Sentry.logger.info('user signed in', { userId: 42 });`}</pre>
      <p>
        In Python: <code>sentry_sdk.init(dsn=…, enable_logs=True)</code>, then{' '}
        <code>sentry_sdk.logger.info(…)</code>.
      </p>
    </div>
  );
}

/** The records' columns, as Sentry's column editor has them: each removed by its ×, one added by name. */
function ColumnEditor({ fields, go }: { fields: string[]; go: Go }) {
  return (
    <div className="explore-columns">
      <span className="muted">Columns:</span>
      {fields.map((field) => (
        <span key={field} className="explore-column">
          {field}
          <button
            type="button"
            aria-label={`Remove column ${field}`}
            disabled={fields.length === 1}
            onClick={() => go({ fields: fields.filter((f) => f !== field) })}
          >
            ×
          </button>
        </span>
      ))}
      <AddColumn
        placeholder="Add a column: environment, release, tags[userId,number] …"
        onAdd={(field) => !fields.includes(field) && go({ fields: [...fields, field] })}
      />
    </div>
  );
}

function LogsExplore({ state }: { state: LogsState }) {
  const { project: projectId, query, period, range, sort } = state;
  const [limit, setLimit] = useState(PAGE);
  const [open, setOpen] = useState<string | null>(null);
  const logs = useQuery({
    ...apiQueryOptions(useTransport(), 'logs.list', {
      projectId,
      query,
      limit,
      sort,
      ...(range ? { ...range } : { period }),
    }),
    placeholderData: (previous) => previous,
  });
  const go: Go = (change) => {
    setLimit(PAGE);
    // Choosing a period leaves the range; choosing a range keeps it until then.
    const next = { ...state, ...change, ...(change.period ? { range: undefined } : {}) };
    navigate(logsHref(next), { replace: true });
  };
  const list = logs.data?.logs ?? [];
  const samples = state.mode === 'samples';

  return (
    <section className="explore">
      <h1>Logs</h1>
      <div className="issues-toolbar">
        <ProjectPicker value={projectId} onChange={(project) => go({ project })} />
        <PageSearch
          className="logs-search"
          label="Search logs"
          placeholder="Search the message, level:error, environment:production, userId:>10, has:trace"
          value={query}
          onSubmit={(next) => go({ query: next })}
        />
        <select
          aria-label="Sort by"
          value={sort}
          onChange={(e) => go({ sort: e.currentTarget.value as LogSort })}
        >
          {LOG_SORTS.map((option) => (
            <option key={option} value={option}>
              {SORT_LABELS[option]}
            </option>
          ))}
        </select>
        <PeriodPicker
          period={period}
          onPeriod={(option) => go({ period: option })}
          range={range}
          onRange={(next) => go({ range: next })}
        />
      </div>
      <ExploreSavedBar
        page={{
          route: 'logs',
          savedId: state.savedId,
          body: (name) => savedBody(name, state),
          hrefWith: (savedId) => logsHref({ ...state, savedId }),
          isUnchanged: (saved) => isUnchanged(saved, state),
        }}
      />
      <ExploreBody
        visualize={state.visualize}
        groupBy={state.groupBy}
        attributes={logAttributes(list)}
        statsFor={(visualize) => chartQuery(state, visualize)}
        go={go}
      />
      <div role="tablist" aria-label="Logs tabs" className="explore-tabs">
        {TABS.map(({ mode, label }) => (
          <button
            key={mode}
            type="button"
            role="tab"
            aria-selected={state.mode === mode}
            onClick={() => go({ mode })}
          >
            {label}
          </button>
        ))}
      </div>
      {!samples && (
        <Aggregates
          query={aggregatesQuery(state)}
          groupBy={state.groupBy}
          samplesTitle="The log records of this group"
          onSort={(aggregateSort) => go({ aggregateSort })}
          onSamples={(row) => go({ mode: 'samples', query: groupSearch(query, state.groupBy, row) })}
        />
      )}
      {samples && <ColumnEditor fields={state.fields} go={go} />}
      {samples && logs.error && <ErrorNote error={logs.error} />}
      {samples && logs.data && list.length === 0 && query === '' && !range && period === DEFAULT_PERIOD && (
        <EmptyLogs />
      )}
      {samples && logs.data && list.length === 0 && query === '' && !range && period !== DEFAULT_PERIOD && (
        <p className="empty">No logs in the last {period}.</p>
      )}
      {samples && logs.data && list.length === 0 && query === '' && range && (
        <p className="empty">No logs from {rangeLabel(range)}.</p>
      )}
      {samples && logs.data && list.length === 0 && query !== '' && (
        <p className="empty">No logs match this search.</p>
      )}
      {samples && list.length > 0 && (
        // The rows of the query before stay on screen while this one's load: busy until they come.
        <table
          className="logs-table"
          aria-label="Logs"
          data-testid="logs-table"
          aria-busy={logs.isPlaceholderData}
        >
          <thead>
            <tr>
              {state.fields.map((field) => (
                <th key={field}>{columnLabel(field)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.map((log, index) => {
              const key = `${log.timestamp}:${index}:${log.body.slice(0, 40)}`;
              return (
                <LogRow
                  key={key}
                  log={log}
                  fields={state.fields}
                  open={open === key}
                  onToggle={() => setOpen(open === key ? null : key)}
                  onFilter={(name, value) => go({ query: toggleTagFilter(query, name, value) })}
                />
              );
            })}
          </tbody>
        </table>
      )}
      {samples && logs.data?.partial && (
        <p className="muted" data-testid="logs-partial">
          {sort === 'newest' ? 'Older' : 'Newer'} logs not searched (the search reads the{' '}
          {sort === 'newest' ? 'newest' : 'oldest'} {MAX_LOG_ITEMS_SCANNED} batches of the{' '}
          {range ? 'range' : 'period'}).
        </p>
      )}
      {samples && logs.data?.nextCursor && !logs.data.partial && limit < 1_000 && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show {sort === 'newest' ? 'older' : 'newer'} logs
        </button>
      )}
    </section>
  );
}

export function LogsPage() {
  const { params, segments } = useRoute();
  if (segments[0] === 'saved') return <ExploreSavedPage route="logs" />;
  return <LogsExplore state={logsStateOf(params)} />;
}

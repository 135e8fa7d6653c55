/**
 * Structured logs, as Sentry's Logs explorer and Spotlight list them: a project's log records of the
 * period (the last 14 days unless another is chosen) or of an absolute range ("Absolute…", kept in
 * the URL as `start`/`end`, as on the issue list), newest or oldest first, searched in Sentry's
 * syntax (body text, `level:`, `trace:`, attributes, `has:`; see core/logs/filter.ts); an attribute's
 * value clicked joins the search. The page reads them again
 * when the pipeline announces new ones (`items.changed`, api/live-updates.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { toggleTagFilter } from '../../../src-shared/issue-search/edit.ts';
import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { LOG_SORTS, type LogSort, MAX_LOG_ITEMS_SCANNED } from '../../../src-shared/logs-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { PeriodPicker, periodOf, rangeLabel, rangeOf } from '../issues/RangePicker.tsx';
import { LogRow } from './LogRow.tsx';
import './logs.css';

const PAGE = 100;
/** Sentry's page period when none is chosen, as on the issue list. */
const DEFAULT_PERIOD: StatsPeriod = '14d';
const SORT_LABELS: Record<LogSort, string> = { newest: 'Newest first', oldest: 'Oldest first' };

const sortOf = (value: string | null): LogSort => LOG_SORTS.find((sort) => sort === value) ?? 'newest';

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

export function LogsPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const period = periodOf(params.get('period'), DEFAULT_PERIOD);
  // An absolute range replaces the period, as in Sentry's page filter.
  const range = rangeOf(params);
  const sort = sortOf(params.get('sort'));
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

  const go = (change: {
    project?: number;
    query?: string;
    period?: StatsPeriod;
    range?: TimeRange;
    sort?: LogSort;
  }) => {
    setLimit(PAGE);
    const next = {
      period: change.period ?? period,
      // Choosing a period leaves the range; choosing a range keeps it until then.
      range: change.period ? undefined : (change.range ?? range),
      sort: change.sort ?? sort,
    };
    navigate(
      hrefFor('logs', [], {
        project: String(change.project ?? projectId),
        query: change.query ?? query,
        ...(next.period === DEFAULT_PERIOD ? {} : { period: next.period }),
        ...(next.range ? { start: next.range.start, end: next.range.end } : {}),
        ...(next.sort === 'newest' ? {} : { sort: next.sort }),
      }),
      { replace: true },
    );
  };
  const list = logs.data?.logs ?? [];

  return (
    <section>
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
      {logs.error && <ErrorNote error={logs.error} />}
      {logs.data && list.length === 0 && query === '' && !range && period === DEFAULT_PERIOD && <EmptyLogs />}
      {logs.data && list.length === 0 && query === '' && !range && period !== DEFAULT_PERIOD && (
        <p className="empty">No logs in the last {period}.</p>
      )}
      {logs.data && list.length === 0 && query === '' && range && (
        <p className="empty">No logs from {rangeLabel(range)}.</p>
      )}
      {logs.data && list.length === 0 && query !== '' && <p className="empty">No logs match this search.</p>}
      {list.length > 0 && (
        // The rows of the query before stay on screen while this one's load: busy until they come.
        <table
          className="logs-table"
          aria-label="Logs"
          data-testid="logs-table"
          aria-busy={logs.isPlaceholderData}
        >
          <thead>
            <tr>
              <th>Time</th>
              <th>Level</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {list.map((log, index) => {
              const key = `${log.timestamp}:${index}:${log.body.slice(0, 40)}`;
              return (
                <LogRow
                  key={key}
                  log={log}
                  open={open === key}
                  onToggle={() => setOpen(open === key ? null : key)}
                  onFilter={(name, value) => go({ query: toggleTagFilter(query, name, value) })}
                />
              );
            })}
          </tbody>
        </table>
      )}
      {logs.data?.partial && (
        <p className="muted" data-testid="logs-partial">
          {sort === 'newest' ? 'Older' : 'Newer'} logs not searched (the search reads the{' '}
          {sort === 'newest' ? 'newest' : 'oldest'} {MAX_LOG_ITEMS_SCANNED} batches of the{' '}
          {range ? 'range' : 'period'}).
        </p>
      )}
      {logs.data?.nextCursor && !logs.data.partial && limit < 1_000 && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show {sort === 'newest' ? 'older' : 'newer'} logs
        </button>
      )}
    </section>
  );
}

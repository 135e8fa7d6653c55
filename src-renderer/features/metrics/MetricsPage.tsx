/**
 * Trace metrics, as Sentry's Explore → Metrics shows them: the metric names a project sent in the
 * period (or an absolute range, kept in the URL as on the Logs page) with type, unit and data points;
 * for the chosen one, its aggregate over time (the type's aggregates to choose from), grouped by one
 * attribute (top 5 series) and filtered on attributes (`key:value`), and its newest samples. Everything
 * chosen is in the URL. The page reads again when the pipeline stores metrics (`items.changed`).
 */
import { useQuery } from '@tanstack/react-query';
import { toggleTagFilter } from '../../../src-shared/issue-search/edit.ts';
import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import {
  MAX_METRIC_ITEMS_SCANNED,
  METRIC_AGGREGATES,
  METRIC_TYPES,
  type MetricAggregate,
  type MetricType,
} from '../../../src-shared/metrics-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { PeriodPicker, periodOf, rangeLabel, rangeOf } from '../issues/RangePicker.tsx';
import '../logs/logs.css';
import { formatValue, MetricChart, SERIES_COLORS } from './MetricChart.tsx';
import { MetricSamples } from './MetricSamples.tsx';
import './metrics.css';

const DEFAULT_PERIOD: StatsPeriod = '14d';

const typeOf = (value: string | null): MetricType | undefined => METRIC_TYPES.find((type) => type === value);

interface Choice {
  project: number;
  period: StatsPeriod;
  range: TimeRange | undefined;
  name: string | undefined;
  type: MetricType | undefined;
  aggregate: MetricAggregate | undefined;
  groupBy: string;
  query: string;
}

function EmptyMetrics() {
  return (
    <div className="empty" data-testid="metrics-empty">
      <p>No metrics yet. SDK 11 sends them as they are recorded:</p>
      <pre>{`Sentry.metrics.count('checkout.completed', 1, { attributes: { region: 'eu' } });
Sentry.metrics.gauge('queue.depth', 12);
Sentry.metrics.distribution('checkout.duration', 230, { unit: 'millisecond' });`}</pre>
    </div>
  );
}

function hrefOf(choice: Choice): string {
  return hrefFor('metrics', [], {
    project: String(choice.project),
    ...(choice.period === DEFAULT_PERIOD ? {} : { period: choice.period }),
    ...(choice.range ? { start: choice.range.start, end: choice.range.end } : {}),
    ...(choice.name && choice.type ? { metric: choice.name, type: choice.type } : {}),
    ...(choice.aggregate ? { aggregate: choice.aggregate } : {}),
    ...(choice.groupBy ? { groupBy: choice.groupBy } : {}),
    ...(choice.query ? { query: choice.query } : {}),
  });
}

export function MetricsPage() {
  const { params } = useRoute();
  const transport = useTransport();
  const current: Choice = {
    project: Number(params.get('project') ?? 1) || 1,
    period: periodOf(params.get('period'), DEFAULT_PERIOD),
    range: rangeOf(params),
    name: params.get('metric') ?? undefined,
    type: typeOf(params.get('type')),
    aggregate: undefined,
    groupBy: params.get('groupBy') ?? '',
    query: params.get('query') ?? '',
  };
  const offered: readonly MetricAggregate[] = current.type ? METRIC_AGGREGATES[current.type] : [];
  current.aggregate = offered.find((aggregate) => aggregate === params.get('aggregate')) ?? offered[0];
  const time = current.range ? { ...current.range } : { period: current.period };
  const names = useQuery({
    ...apiQueryOptions(transport, 'metrics.names', { projectId: current.project, ...time }),
    placeholderData: (previous) => previous,
  });
  const chosen = current.name !== undefined && current.type !== undefined;
  const chart = useQuery({
    ...apiQueryOptions(transport, 'metrics.chart', {
      projectId: current.project,
      ...time,
      name: current.name ?? '',
      type: current.type ?? 'counter',
      ...(current.aggregate ? { aggregate: current.aggregate } : {}),
      ...(current.groupBy ? { groupBy: current.groupBy } : {}),
      query: current.query,
    }),
    enabled: chosen,
    placeholderData: (previous) => previous,
  });

  const go = (change: Partial<Choice>) => {
    // A period leaves the range; a range is kept until a period is chosen.
    const range = change.period ? undefined : 'range' in change ? change.range : current.range;
    navigate(hrefOf({ ...current, ...change, range }), { replace: true });
  };
  const list = names.data?.metrics ?? [];
  const keys = [
    ...new Set(
      (chart.data?.samples ?? []).flatMap((sample) =>
        Object.keys(sample.attributes).filter((key) => key !== 'sentry.timestamp.sequence'),
      ),
    ),
  ].sort();
  if (current.groupBy && !keys.includes(current.groupBy)) keys.unshift(current.groupBy);

  return (
    <section>
      <h1>Metrics</h1>
      <div className="issues-toolbar">
        <ProjectPicker
          value={current.project}
          onChange={(project) => go({ project, name: undefined, type: undefined, groupBy: '', query: '' })}
        />
        <PeriodPicker
          period={current.period}
          onPeriod={(option) => go({ period: option })}
          range={current.range}
          onRange={(range) => go({ range })}
        />
      </div>
      {names.error && <ErrorNote error={names.error} />}
      {names.data && list.length === 0 && !current.range && current.period === DEFAULT_PERIOD && (
        <EmptyMetrics />
      )}
      {names.data && list.length === 0 && (current.range || current.period !== DEFAULT_PERIOD) && (
        <p className="empty">
          No metrics {current.range ? `from ${rangeLabel(current.range)}` : `in the last ${current.period}`}.
        </p>
      )}
      {list.length > 0 && (
        <table className="logs-table metric-names" aria-label="Metric names" data-testid="metric-names">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Unit</th>
              <th>Data points</th>
            </tr>
          </thead>
          <tbody>
            {list.map((metric) => (
              <tr
                key={`${metric.type}:${metric.name}`}
                aria-selected={metric.name === current.name && metric.type === current.type}
              >
                <td>
                  <button
                    type="button"
                    className="metric-name"
                    onClick={() =>
                      go({
                        name: metric.name,
                        type: metric.type,
                        aggregate: undefined,
                        groupBy: '',
                        query: '',
                      })
                    }
                  >
                    {metric.name}
                  </button>
                </td>
                <td>{metric.type}</td>
                <td>{metric.unit ?? <span className="muted">none</span>}</td>
                <td>{metric.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(names.data?.skipped.length ?? 0) > 0 && (
        <details className="muted" data-testid="metrics-skipped">
          <summary>
            {names.data?.skipped.reduce((sum, skip) => sum + skip.count, 0)} data points not read (Relay would
            refuse them)
          </summary>
          <ul>
            {names.data?.skipped.map((skip) => (
              <li key={skip.reason}>
                {skip.reason}: {skip.count}
              </li>
            ))}
          </ul>
        </details>
      )}
      {(names.data?.partial || chart.data?.partial) && (
        <p className="muted" data-testid="metrics-partial">
          Older metrics not read (the page reads the newest {MAX_METRIC_ITEMS_SCANNED} batches of the{' '}
          {current.range ? 'range' : 'period'}).
        </p>
      )}
      {chosen && (
        <div className="metric-detail" data-testid="metric-detail">
          <h2>{current.name}</h2>
          <div className="issues-toolbar">
            <select
              aria-label="Aggregate"
              value={current.aggregate}
              onChange={(e) => go({ aggregate: e.currentTarget.value as MetricAggregate })}
            >
              {offered.map((aggregate) => (
                <option key={aggregate} value={aggregate}>
                  {aggregate}
                </option>
              ))}
            </select>
            <select
              aria-label="Group by"
              value={current.groupBy}
              onChange={(e) => go({ groupBy: e.currentTarget.value })}
            >
              <option value="">No grouping</option>
              {keys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
            <PageSearch
              className="logs-search"
              label="Filter metrics"
              placeholder="Filter on attributes: region:eu !environment:staging retries:>2 has:userId"
              value={current.query}
              onSubmit={(query) => go({ query })}
            />
          </div>
          {chart.error && <ErrorNote error={chart.error} />}
          {chart.data && chart.data.count === 0 && <p className="empty">No data points match.</p>}
          {chart.data && chart.data.count > 0 && (
            <>
              <MetricChart chart={chart.data} />
              <ul className="metric-legend" aria-label="Series" aria-busy={chart.isPlaceholderData}>
                {chart.data.series.map((series, i) => (
                  <li
                    key={series.group ?? '\u0000'}
                    style={{ color: SERIES_COLORS[i % SERIES_COLORS.length] }}
                  >
                    ●{' '}
                    {current.groupBy
                      ? (series.group ?? '(no value)')
                      : `${chart.data?.aggregate}(${current.name})`}
                    : <strong>{formatValue(series.total, chart.data?.unit)}</strong>
                  </li>
                ))}
                {chart.data.otherGroups > 0 && (
                  <li className="muted">{chart.data.otherGroups} more groups not drawn</li>
                )}
              </ul>
              <h3>Samples</h3>
              <MetricSamples
                samples={chart.data.samples}
                onFilter={(key, value) => go({ query: toggleTagFilter(current.query, key, value) })}
              />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Issue, spans and logs widgets' pure parts: what each asks (`widgetRequests`), the builder's reset
 * on another dataset (`formOnDataset`), the menu's page for each (`widgetLinkOf`), and the issue
 * table's row of a group (`issueRow`).
 */

import { describe, expect, it } from 'vitest';
import { issueRow } from '../../../src-main/core/dashboards/issue-widget.ts';
import { issueQueryMistakes } from '../../../src-main/core/dashboards/widget-check.ts';
import {
  EMPTY_FORM,
  formOnDataset,
  type WidgetDraft,
  widgetLinkOf,
  widgetOf,
} from '../../../src-renderer/features/dashboards/widget-draft.ts';
import { logsStateOf } from '../../../src-renderer/features/logs/logs-url.ts';
import { widgetRequests } from '../../../src-shared/dashboards-api.ts';
import type { IssueSummary } from '../../../src-shared/issues-api.ts';

const draft = (
  extra: Partial<WidgetDraft>,
  query: Partial<WidgetDraft['queries'][number]> = {},
): WidgetDraft => ({
  title: 'W',
  description: null,
  displayType: 'table',
  widgetType: 'issue',
  interval: '1h',
  limit: null,
  layout: null,
  thresholds: null,
  datasetSource: 'user',
  queries: [
    {
      name: '',
      fields: ['issue', 'title'],
      aggregates: [],
      columns: ['issue', 'title'],
      fieldAliases: [],
      conditions: 'is:unresolved level:error',
      orderby: 'freq',
      isHidden: false,
      ...query,
    },
  ],
  ...extra,
});

describe('issue widgets’ requests', () => {
  it('asks the issue search for a table, with its search, sort and 20 rows unless limited', () => {
    expect(widgetRequests(draft({}), { project: [2], statsPeriod: '7d' })).toEqual([
      {
        kind: 'issues',
        name: '',
        params: {
          project: [2],
          statsPeriod: '7d',
          query: 'is:unresolved level:error',
          sort: 'freq',
          limit: 20,
        },
      },
    ]);
  });

  it('sorts by last seen when the widget names no sort of the issue list', () => {
    const [request] = widgetRequests(draft({ limit: 5 }, { orderby: '-count()' }), {});
    expect(request).toMatchObject({ kind: 'issues', params: { sort: 'date', limit: 5, statsPeriod: '24h' } });
  });

  it('asks the issues-timeseries for each Y-axis of a chart, by the widget’s interval', () => {
    const chart = draft(
      { displayType: 'bar' },
      { aggregates: ['count(new_issues)', 'count(resolved_issues)'], columns: [], fields: [] },
    );
    expect(widgetRequests(chart, { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' })).toEqual(
      ['count(new_issues)', 'count(resolved_issues)'].map((axis) => ({
        kind: 'issue-series',
        name: axis,
        yAxis: axis,
        params: { yAxis: [axis], interval: '1h', start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' },
      })),
    );
  });

  it('reads spans and logs widgets from their own datasets', () => {
    const spans = draft(
      { widgetType: 'spans', displayType: 'big_number' },
      { aggregates: ['count(span.duration)'] },
    );
    expect(widgetRequests(spans, {})[0]).toMatchObject({ kind: 'table', params: { dataset: 'spans' } });
    const logs = draft({ widgetType: 'logs', displayType: 'line' }, { aggregates: ['count()'], columns: [] });
    expect(widgetRequests(logs, {})[0]).toMatchObject({ kind: 'stats', params: { dataset: 'logs' } });
  });
});

describe('the builder on another dataset', () => {
  it('starts Sentry’s default query of the dataset, keeping a visualization it draws', () => {
    const spans = formOnDataset({ ...EMPTY_FORM, conditions: 'level:error' }, 'spans', 'line');
    expect(spans).toMatchObject({
      widgetType: 'spans',
      displayType: 'line',
      aggregates: 'count(span.duration)',
    });
    expect(spans.conditions).toBe('');
    const issues = formOnDataset(EMPTY_FORM, 'issue', 'big_number');
    expect(issues).toMatchObject({
      displayType: 'table',
      columns: 'issue, assignee, title',
      orderby: 'date',
    });
    expect(widgetOf(issues).queries[0]).toMatchObject({
      aggregates: [],
      columns: ['issue', 'assignee', 'title'],
    });
  });

  it('turns an issue table into a chart of new issues, and back', () => {
    const table = formOnDataset(EMPTY_FORM, 'issue', 'table');
    const chart = formOnDataset(table, 'issue', 'line');
    expect(chart).toMatchObject({ aggregates: 'count(new_issues)', columns: '', orderby: '' });
    expect(formOnDataset(chart, 'issue', 'area')).toEqual({ ...chart, displayType: 'area' });
    expect(formOnDataset(chart, 'issue', 'table').columns).toBe('issue, assignee, title');
  });
});

describe('the widget menu’s page', () => {
  it('opens an issue widget on the issue list with its search and sort under the page’s filters', () => {
    const link = widgetLinkOf(draft({}), { project: [3], statsPeriod: '7d', environment: ['prod'] });
    expect(link?.label).toBe('Open in Issues');
    const url = new URLSearchParams(link?.href.split('?')[1]);
    expect(link?.href.startsWith('#/issues?')).toBe(true);
    expect(Object.fromEntries(url)).toEqual({
      project: '3',
      query: 'is:unresolved level:error',
      sort: 'freq',
      period: '7d',
      environment: 'prod',
    });
  });

  it('opens a logs widget’s query on the Logs page (its charts and Group By), and a spans widget on the Traces page (Discover for a range)', () => {
    const logs = widgetLinkOf(
      draft(
        { widgetType: 'logs', displayType: 'line' },
        {
          conditions: 'severity:error',
          fields: ['count(message)'],
          columns: [],
          aggregates: ['count(message)'],
          orderby: '',
        },
      ),
      {
        statsPeriod: '24h',
      },
    );
    expect(logs?.label).toBe('Open in Explore');
    expect(logs?.href.startsWith('#/logs?')).toBe(true);
    const l = new URLSearchParams(logs?.href.split('?')[1]);
    expect([l.get('query'), l.get('period'), l.get('mode')]).toEqual(['severity:error', '24h', null]);
    const groupedLogs = widgetLinkOf(
      draft(
        { widgetType: 'logs', displayType: 'bar' },
        { aggregates: ['count(message)'], columns: ['severity'], orderby: '-count(message)' },
      ),
      { project: [2], start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
    );
    const g = new URLSearchParams(groupedLogs?.href.split('?')[1]);
    expect([g.get('project'), g.get('mode'), g.get('start'), g.get('logsAggregateSortBys')]).toEqual([
      '2',
      'aggregate',
      '2026-11-01T00:00:00.000Z',
      '-count(message)',
    ]);
    // The Logs page reads it back as the widget's query.
    expect(logsStateOf(g)).toMatchObject({
      project: 2,
      mode: 'aggregate',
      groupBy: ['severity'],
      visualize: [{ chartType: 0, yAxes: ['count(message)'] }],
      range: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
    });
    expect(g.getAll('aggregateField').map((v) => JSON.parse(v))).toEqual([
      { groupBy: 'severity' },
      { yAxes: ['count(message)'], chartType: 0 },
    ]);
    const grouped = draft(
      { widgetType: 'spans', displayType: 'line' },
      {
        aggregates: ['p95(span.duration)'],
        columns: ['span.op'],
        conditions: 'span.op:db*',
        orderby: '-p95(span.duration)',
      },
    );
    const explore = widgetLinkOf(grouped, { project: [3], statsPeriod: '7d' });
    expect(explore?.label).toBe('Open in Explore');
    expect(explore?.href.startsWith('#/traces?')).toBe(true);
    const p = new URLSearchParams(explore?.href.split('?')[1]);
    expect([
      p.get('project'),
      p.get('mode'),
      p.get('query'),
      p.getAll('groupBy'),
      p.get('aggregateSort'),
    ]).toEqual(['3', 'aggregate', 'span.op:db*', ['span.op'], '-p95(span.duration)']);
    expect(p.getAll('visualize').map((v) => JSON.parse(v))).toEqual([
      { chartType: 1, yAxes: ['p95(span.duration)'] },
    ]);
    expect(p.get('statsPeriod')).toBe('7d');
    const ranged = widgetLinkOf(grouped, { start: '2026-11-01T00:00:00', end: '2026-11-02T00:00:00' });
    expect(ranged?.label).toBe('Open in Discover');
    expect(ranged?.href).toContain('dataset=spans');
  });
});

describe('issue widgets’ checks and rows', () => {
  it('refuses a search the issue list cannot parse in its words', () => {
    const query = {
      fields: ['issue'],
      aggregates: [],
      columns: ['issue'],
      conditions: 'times_seen:>many',
      orderby: '',
    };
    expect(issueQueryMistakes(query, 'table')).toEqual({
      conditions: [expect.stringMatching(/^Invalid conditions: .*many/)],
    });
    expect(issueQueryMistakes({ ...query, conditions: 'is:unresolved' }, 'table')).toEqual({});
  });

  it('makes a group a row as Sentry’s table transform does: its period’s counts, lifetime totals, short id', () => {
    const issue = {
      id: 7,
      projectId: 1,
      projectSlug: 'web',
      shortId: 'WEB-7',
      title: 'TypeError: x',
      level: 'error',
      status: 'unresolved',
      platform: 'node',
      isBookmarked: false,
      isUnhandled: true,
      firstSeen: '2025-01-01T00:00:00.000Z',
      lastSeen: '2025-01-03T00:00:00.000Z',
      count: 4,
      userCount: 2,
      lifetime: { count: 9, userCount: 5 },
    } as IssueSummary;
    expect(issueRow(issue)).toMatchObject({
      id: '7',
      issue: 'WEB-7',
      project: 'web',
      events: 4,
      users: 2,
      lifetimeEvents: 9,
      lifetimeUsers: 5,
      isHandled: false,
      assignee: null,
    });
  });
});
